package org.hearthsync.wbxml;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.hearthsync.wbxml.internal.TreeBuilder;
import org.hearthsync.wbxml.internal.WbxmlParser;

/**
 * Decodes ActiveSync WBXML 1.3 into an {@link Element} tree, or into {@link WbxmlHandler}
 * events for documents too large to hold as a tree.
 *
 * <p>Accepts what real peers send: text as inline strings (STR_I) or string-table references
 * (STR_T), OPAQUE content on any element, SWITCH_PAGE anywhere between tokens, and character
 * entities. Rejects, with {@link WbxmlException}: attributes, literal tags, extension tokens,
 * processing instructions, unknown code pages, unknown tags (unless
 * {@link Builder#keepUnknownTags(boolean)} is set, when they are named {@code unknown:0xNN}),
 * unbalanced END, data after the root element (unless {@link Builder#ignoreTrailingData}), and
 * anything over a {@link WbxmlLimits} bound.
 * Invalid UTF-8 inside strings is replaced with U+FFFD rather than rejected.
 *
 * <p>Immutable and thread-safe; one instance can serve every request.
 */
public final class WbxmlReader {
    private final WbxmlParser.Options options;

    private WbxmlReader(Builder b) {
        this.options = new WbxmlParser.Options(b.limits, b.keepUnknownTags, b.ignoreTrailingData);
    }

    /** A reader with {@link WbxmlLimits#DEFAULTS} that rejects unknown tags. */
    public static WbxmlReader create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public WbxmlLimits limits() {
        return options.limits();
    }

    public Element read(byte[] document) throws WbxmlException {
        return read(document, 0, document.length);
    }

    public Element read(byte[] document, int offset, int length) throws WbxmlException {
        Objects.checkFromIndexSize(offset, length, document.length);
        TreeBuilder tree = new TreeBuilder();
        WbxmlParser.parse(document, offset, length, options, tree);
        return tree.root();
    }

    /** Reads one document from {@code in}; stream failures surface as plain IOExceptions. */
    public Element read(InputStream in) throws IOException {
        TreeBuilder tree = new TreeBuilder();
        WbxmlParser.parse(in, options, tree);
        return tree.root();
    }

    public void parse(byte[] document, WbxmlHandler handler) throws WbxmlException {
        WbxmlParser.parse(document, 0, document.length, options,
                Objects.requireNonNull(handler, "handler"));
    }

    public void parse(InputStream in, WbxmlHandler handler) throws IOException {
        WbxmlParser.parse(in, options, Objects.requireNonNull(handler, "handler"));
    }

    /** Configures a {@link WbxmlReader}. */
    public static final class Builder {
        private WbxmlLimits limits = WbxmlLimits.DEFAULTS;
        private boolean keepUnknownTags;
        private boolean ignoreTrailingData;

        private Builder() {
        }

        public Builder limits(WbxmlLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * When true, a tag token that its (known) code page does not define becomes an element
         * named {@code unknown:0xNN} instead of failing; useful for tracing new clients. Unknown
         * code pages always fail. Default false.
         */
        public Builder keepUnknownTags(boolean value) {
            this.keepUnknownTags = value;
            return this;
        }

        /**
         * When true, bytes after the root element are ignored instead of failing, as libwbxml
         * does; on a stream they are not read. Default false: a body with trailing garbage is
         * more likely a framing bug than something to accept silently.
         */
        public Builder ignoreTrailingData(boolean value) {
            this.ignoreTrailingData = value;
            return this;
        }

        public WbxmlReader build() {
            return new WbxmlReader(this);
        }
    }
}
