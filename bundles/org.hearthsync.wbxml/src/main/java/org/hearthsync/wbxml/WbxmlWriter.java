package org.hearthsync.wbxml;

import static org.hearthsync.wbxml.internal.GlobalTokens.*;

import java.io.ByteArrayOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import org.hearthsync.wbxml.codepage.CodePage;
import org.hearthsync.wbxml.codepage.CodePages;
import org.hearthsync.wbxml.internal.UnknownTags;

/**
 * Writes ActiveSync WBXML 1.3 incrementally, so a Sync response with thousands of items streams
 * out without a tree: {@code start}, {@code text}/{@code opaque}, {@code end}, then
 * {@link #finish()}. Subtrees that do exist as {@link Element}s are written with
 * {@link #element(Element)}; {@link #encode(Element)} does a whole document.
 *
 * <p>Output is canonical: header {@code 03 01 6A 00} (no string table), SWITCH_PAGE only when
 * the page changes, text as STR_I, {@link Element#opaque()} as OPAQUE, and an element without
 * content as a bare tag (no content bit, no END). Not thread-safe; one writer per document.
 */
public final class WbxmlWriter implements Flushable {
    private static final int BUFFER = 8 * 1024;

    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int count;

    private boolean headerWritten;
    private boolean rootClosed;
    private int currentPage;
    /** Tag byte of the last start(), written once we know whether it has content; -1 if none. */
    private int pendingTag = -1;
    private int depth;

    // Last namespace looked up; namespaces are usually the same String constants, so the
    // identity check saves a hash lookup per element.
    private String lastNamespace;
    private CodePage lastPage;

    public WbxmlWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Encodes a whole document. */
    public static byte[] encode(Element root) throws WbxmlException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try {
            new WbxmlWriter(bytes).element(root).finish();
        } catch (WbxmlException e) {
            throw e;
        } catch (IOException e) {
            throw new WbxmlException("unexpected write failure: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** Opens an element; {@code namespace} is a code page name, {@code name} one of its tags. */
    public WbxmlWriter start(String namespace, String name) throws IOException {
        if (rootClosed) {
            throw new WbxmlException("a document has exactly one root element; it is closed");
        }
        CodePage page = page(namespace);
        int token = page.token(name);
        if (token < 0) {
            token = UnknownTags.token(name);
            if (token < 0) {
                throw new WbxmlException("code page " + page.namespace() + " has no tag " + name);
            }
        }
        writeHeaderOnce();
        resolvePending(true);
        if (page.number() != currentPage) {
            put(SWITCH_PAGE);
            put(page.number());
            currentPage = page.number();
        }
        pendingTag = token;
        depth++;
        return this;
    }

    /** Writes text as an inline string (STR_I). */
    public WbxmlWriter text(String text) throws IOException {
        Objects.requireNonNull(text, "text");
        requireOpen("text");
        resolvePending(true);
        put(STR_I);
        putUtf8(text);
        put(0);
        return this;
    }

    public WbxmlWriter opaque(byte[] data) throws IOException {
        return opaque(data, 0, data.length);
    }

    public WbxmlWriter opaque(byte[] data, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        requireOpen("opaque data");
        resolvePending(true);
        put(OPAQUE);
        putMbUInt32(length);
        putBytes(data, offset, length);
        return this;
    }

    /** Closes the innermost open element. */
    public WbxmlWriter end() throws IOException {
        requireOpen("end");
        if (pendingTag >= 0) {
            resolvePending(false);
        } else {
            put(END);
        }
        depth--;
        if (depth == 0) {
            rootClosed = true;
        }
        return this;
    }

    /** Writes {@code <name>text</name>}; a convenience for the common leaf element. */
    public WbxmlWriter leaf(String namespace, String name, String text) throws IOException {
        start(namespace, name);
        if (text != null) {
            text(text);
        }
        return end();
    }

    /**
     * Writes {@code element} and its subtree (iteratively, so depth is bounded only by memory):
     * its text (STR_I) if any, its opaque bytes (OPAQUE) if any, then its children.
     */
    public WbxmlWriter element(Element element) throws IOException {
        Deque<Iterator<Element>> stack = new ArrayDeque<>();
        open(element);
        stack.push(element.children().iterator());
        while (!stack.isEmpty()) {
            Iterator<Element> it = stack.peek();
            if (it.hasNext()) {
                Element child = it.next();
                open(child);
                stack.push(child.children().iterator());
            } else {
                stack.pop();
                end();
            }
        }
        return this;
    }

    private void open(Element e) throws IOException {
        start(e.namespace(), e.name());
        if (e.text() != null) {
            text(e.text());
        }
        if (e.opaque() != null) {
            opaque(e.opaque());
        }
    }

    /** Checks the document is complete and flushes it; does not close the stream. */
    public void finish() throws IOException {
        if (!rootClosed) {
            throw new WbxmlException(depth > 0 ? depth + " element(s) still open"
                    : "no root element written");
        }
        flush();
    }

    @Override
    public void flush() throws IOException {
        out.write(buf, 0, count);
        count = 0;
        out.flush();
    }

    private CodePage page(String namespace) throws WbxmlException {
        if (namespace == lastNamespace) {
            return lastPage;
        }
        CodePage page = CodePages.byNamespace(namespace);
        if (page == null) {
            throw new WbxmlException("unknown code page namespace " + namespace);
        }
        lastNamespace = namespace;
        lastPage = page;
        return page;
    }

    private void writeHeaderOnce() throws IOException {
        if (!headerWritten) {
            put(VERSION_1_3);
            put(PUBLIC_ID_UNKNOWN);
            put(CHARSET_UTF8);
            put(0); // empty string table
            headerWritten = true;
        }
    }

    private void resolvePending(boolean hasContent) throws IOException {
        if (pendingTag >= 0) {
            put(hasContent ? pendingTag | CONTENT_BIT : pendingTag);
            pendingTag = -1;
        }
    }

    private void requireOpen(String what) throws WbxmlException {
        if (depth == 0) {
            throw new WbxmlException(what + " outside an element");
        }
    }

    private void put(int b) throws IOException {
        if (count == buf.length) {
            drain();
        }
        buf[count++] = (byte) b;
    }

    private void putBytes(byte[] data, int offset, int length) throws IOException {
        if (length > buf.length - count) {
            drain();
            if (length > buf.length) {
                out.write(data, offset, length);
                return;
            }
        }
        System.arraycopy(data, offset, buf, count, length);
        count += length;
    }

    private void putMbUInt32(int value) throws IOException {
        int shift = 28;
        while (shift > 0 && (value >>> shift) == 0) {
            shift -= 7;
        }
        for (; shift > 0; shift -= 7) {
            put(0x80 | ((value >>> shift) & 0x7F));
        }
        put(value & 0x7F);
    }

    /** UTF-8 without an intermediate array for the common all-ASCII text. */
    private void putUtf8(String s) throws IOException {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                throw new WbxmlException("text contains U+0000, which WBXML strings cannot carry");
            }
            if (c >= 0x80) {
                if (s.indexOf('\0', i) >= 0) {
                    throw new WbxmlException("text contains U+0000, which WBXML strings cannot carry");
                }
                byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
                putBytes(rest, 0, rest.length);
                return;
            }
            if (count == buf.length) {
                drain();
            }
            buf[count++] = (byte) c;
        }
    }

    private void drain() throws IOException {
        out.write(buf, 0, count);
        count = 0;
    }
}
