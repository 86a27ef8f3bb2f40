package org.hearthsync.wbxml.internal;

import static org.hearthsync.wbxml.internal.GlobalTokens.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.hearthsync.wbxml.WbxmlException;
import org.hearthsync.wbxml.WbxmlHandler;
import org.hearthsync.wbxml.WbxmlLimits;
import org.hearthsync.wbxml.codepage.CodePage;
import org.hearthsync.wbxml.codepage.CodePages;

/**
 * Decodes one WBXML document into {@link WbxmlHandler} events. An explicit state machine over
 * the token stream: no recursion (open elements live in an array bounded by the depth limit),
 * every length checked against {@link WbxmlLimits} before anything is allocated. Single use.
 */
public final class WbxmlParser {

    private enum State { HEADER, BEFORE_ROOT, IN_ELEMENT, AFTER_ROOT, DONE }

    private final WbxmlLimits limits;
    private final boolean keepUnknownTags;
    private final boolean ignoreTrailingData;
    private final ByteSource in;
    private final WbxmlHandler handler;

    private State state = State.HEADER;
    private CodePage page = CodePages.byNumber(0);
    private byte[] stringTable = new byte[0];
    private String[] openNamespaces = new String[8];
    private String[] openNames = new String[8];
    private int depth;
    private int elementCount;

    private WbxmlParser(ByteSource in, Options options, WbxmlHandler handler) {
        this.in = in;
        this.limits = options.limits();
        this.keepUnknownTags = options.keepUnknownTags();
        this.ignoreTrailingData = options.ignoreTrailingData();
        this.handler = handler;
    }

    /** Reader configuration, as {@link org.hearthsync.wbxml.WbxmlReader} documents it. */
    public record Options(WbxmlLimits limits, boolean keepUnknownTags, boolean ignoreTrailingData) {
    }

    public static void parse(byte[] data, int offset, int length, Options options,
            WbxmlHandler handler) throws WbxmlException {
        try {
            new WbxmlParser(ByteSource.of(data, offset, length, options.limits().maxDocumentSize()),
                    options, handler).run();
        } catch (WbxmlException e) {
            throw e;
        } catch (IOException e) {
            // A byte array never fails to read; keep the one-exception contract regardless.
            throw new WbxmlException("unexpected read failure: " + e.getMessage(), e);
        }
    }

    public static void parse(InputStream stream, Options options, WbxmlHandler handler)
            throws IOException {
        new WbxmlParser(ByteSource.of(stream, options.limits().maxDocumentSize()), options, handler)
                .run();
    }

    private void run() throws IOException {
        for (;;) {
            switch (state) {
                case HEADER -> readHeader();
                case BEFORE_ROOT, IN_ELEMENT -> readToken();
                case AFTER_ROOT -> {
                    if (!ignoreTrailingData && !in.atEnd()) {
                        throw error("unexpected data after the root element");
                    }
                    state = State.DONE;
                }
                case DONE -> {
                    return;
                }
            }
        }
    }

    private void readHeader() throws IOException {
        int version = in.u8();
        if (version < 0x01 || version > VERSION_1_3) {
            throw error("unsupported WBXML version 0x" + Integer.toHexString(version));
        }
        long publicId = in.mbUInt32();
        if (publicId == 0) {
            in.mbUInt32(); // index of the public id in the string table; ActiveSync ignores it
        }
        long charset = in.mbUInt32();
        if (charset != CHARSET_UTF8 && charset != 0) {
            // 0 means "unknown" in WBXML; ActiveSync is always UTF-8, so read it as UTF-8.
            throw error("unsupported charset MIBenum " + charset + " (only UTF-8 = 106)");
        }
        long tableLength = in.mbUInt32();
        if (tableLength > limits.maxStringTableSize()) {
            throw error("string table of " + tableLength + " bytes exceeds the limit of "
                    + limits.maxStringTableSize());
        }
        stringTable = in.bytes((int) tableLength);
        state = State.BEFORE_ROOT;
    }

    private void readToken() throws IOException {
        int token = in.u8();
        switch (token) {
            case SWITCH_PAGE -> switchPage();
            case END -> endElement();
            case STR_I -> text(in.cString(limits.maxStringLength()));
            case STR_T -> text(tableString());
            case OPAQUE -> opaque();
            case ENTITY -> entity();
            case LITERAL, LITERAL_A, LITERAL_C, LITERAL_AC ->
                throw error("literal (string table) tag names are not used by ActiveSync");
            case EXT_I_0, EXT_I_1, EXT_I_2, EXT_T_0, EXT_T_1, EXT_T_2, EXT_0, EXT_1, EXT_2 ->
                throw error("extension token 0x" + Integer.toHexString(token)
                        + " is not used by ActiveSync");
            case PI -> throw error("processing instructions are not used by ActiveSync");
            default -> startElement(token);
        }
    }

    private void switchPage() throws IOException {
        int number = in.u8();
        CodePage next = CodePages.byNumber(number);
        if (next == null) {
            throw error("unknown code page " + number);
        }
        page = next;
    }

    private void startElement(int token) throws IOException {
        if (state != State.BEFORE_ROOT && state != State.IN_ELEMENT) {
            throw error("element outside the root element");
        }
        if ((token & ATTRIBUTES_BIT) != 0) {
            throw error("attributes are not used by ActiveSync (tag byte 0x"
                    + Integer.toHexString(token) + ")");
        }
        int tag = token & TAG_MASK;
        String name = page.tagName(tag);
        if (name == null) {
            if (!keepUnknownTags) {
                throw error("unknown tag 0x" + Integer.toHexString(tag) + " in code page "
                        + page.number() + " (" + page.namespace() + ")");
            }
            name = UnknownTags.name(tag);
        }
        if (++elementCount > limits.maxElementCount()) {
            throw error("more than " + limits.maxElementCount() + " elements");
        }
        String namespace = page.namespace();
        handler.startElement(namespace, name);
        if ((token & CONTENT_BIT) == 0) {
            handler.endElement(namespace, name);
            if (depth == 0) {
                state = State.AFTER_ROOT;
            }
            return;
        }
        if (depth >= limits.maxDepth()) {
            throw error("elements nested deeper than the limit of " + limits.maxDepth());
        }
        if (depth == openNames.length) {
            openNames = Arrays.copyOf(openNames, Math.min(depth * 2, limits.maxDepth()));
            openNamespaces = Arrays.copyOf(openNamespaces, openNames.length);
        }
        openNamespaces[depth] = namespace;
        openNames[depth] = name;
        depth++;
        state = State.IN_ELEMENT;
    }

    private void endElement() throws IOException {
        if (depth == 0) {
            throw error("END without an open element");
        }
        depth--;
        handler.endElement(openNamespaces[depth], openNames[depth]);
        openNamespaces[depth] = null;
        openNames[depth] = null;
        if (depth == 0) {
            state = State.AFTER_ROOT;
        }
    }

    private void text(String text) throws IOException {
        requireOpenElement("text");
        handler.text(text);
    }

    private void opaque() throws IOException {
        long length = in.mbUInt32();
        if (length > limits.maxOpaqueLength()) {
            throw error("opaque block of " + length + " bytes exceeds the limit of "
                    + limits.maxOpaqueLength());
        }
        byte[] data = in.bytes((int) length);
        requireOpenElement("opaque data");
        handler.opaque(data);
    }

    private void entity() throws IOException {
        long codePoint = in.mbUInt32();
        if (codePoint > Character.MAX_CODE_POINT
                || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
            throw error("character entity " + codePoint + " is not a Unicode scalar value");
        }
        text(new String(Character.toChars((int) codePoint)));
    }

    private String tableString() throws IOException {
        long offset = in.mbUInt32();
        if (offset >= stringTable.length) {
            throw error("string table reference " + offset + " outside a table of "
                    + stringTable.length + " bytes");
        }
        int start = (int) offset;
        int end = start;
        while (end < stringTable.length && stringTable[end] != 0) {
            end++;
        }
        if (end == stringTable.length) {
            throw error("string table entry at " + offset + " is not NUL-terminated");
        }
        if (end - start > limits.maxStringLength()) {
            throw error("string longer than the limit of " + limits.maxStringLength() + " bytes");
        }
        return new String(stringTable, start, end - start, StandardCharsets.UTF_8);
    }

    private void requireOpenElement(String what) throws WbxmlException {
        if (state != State.IN_ELEMENT) {
            throw error(what + " outside an element");
        }
    }

    private WbxmlException error(String message) {
        return new WbxmlException(message + " (at offset " + in.offset() + ")");
    }
}
