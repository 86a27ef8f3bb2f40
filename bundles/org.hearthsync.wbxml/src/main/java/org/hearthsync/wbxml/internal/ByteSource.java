package org.hearthsync.wbxml.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.hearthsync.wbxml.WbxmlException;

/**
 * The reader's input: a byte array, or an input stream read through a fixed buffer. Counts the
 * bytes consumed against the document size limit, and turns running out of input into a
 * {@link WbxmlException} ("truncated") rather than an end-of-stream value the parser could
 * misread.
 */
final class ByteSource {
    private static final int STREAM_BUFFER = 16 * 1024;

    private final InputStream stream;
    private final long maxDocumentSize;
    private byte[] buf;
    private int pos;
    private int limit;
    /** Bytes consumed before {@code buf[0]}. */
    private long base;

    private ByteSource(InputStream stream, byte[] buf, int pos, int limit, long maxDocumentSize) {
        this.stream = stream;
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
        this.maxDocumentSize = maxDocumentSize;
    }

    static ByteSource of(byte[] data, int offset, int length, long maxDocumentSize)
            throws WbxmlException {
        if (length > maxDocumentSize) {
            throw new WbxmlException("document of " + length + " bytes exceeds the limit of "
                    + maxDocumentSize);
        }
        ByteSource s = new ByteSource(null, data, offset, offset + length, maxDocumentSize);
        s.base = -offset;
        return s;
    }

    static ByteSource of(InputStream in, long maxDocumentSize) {
        return new ByteSource(in, new byte[STREAM_BUFFER], 0, 0, maxDocumentSize);
    }

    /** Offset of the next byte from the start of the document, for error messages. */
    long offset() {
        return base + pos;
    }

    /** True when no byte is left (reads ahead on a stream). */
    boolean atEnd() throws IOException {
        return pos >= limit && !fill();
    }

    int u8() throws IOException {
        if (pos < limit) {
            return buf[pos++] & 0xFF;
        }
        if (!fill()) {
            throw truncated();
        }
        return buf[pos++] & 0xFF;
    }

    /** WBXML mb_u_int32: at most 5 bytes, value at most 2^32-1. */
    long mbUInt32() throws IOException {
        long value = 0;
        for (int i = 0; i < 5; i++) {
            int b = u8();
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                if (value > 0xFFFF_FFFFL) {
                    throw new WbxmlException("mb_u_int32 overflows 32 bits at offset " + offset());
                }
                return value;
            }
        }
        throw new WbxmlException("mb_u_int32 longer than 5 bytes at offset " + offset());
    }

    /** Reads exactly {@code length} bytes; the caller has bounded {@code length}. */
    byte[] bytes(int length) throws IOException {
        if (limit - pos >= length) {
            byte[] out = Arrays.copyOfRange(buf, pos, pos + length);
            pos += length;
            return out;
        }
        if (stream == null || base + pos + (long) length > maxDocumentSize) {
            throw truncatedOrTooLarge(length);
        }
        // Grow as bytes really arrive, so a forged length cannot allocate ahead of the data.
        byte[] out = new byte[Math.min(length, STREAM_BUFFER)];
        int have = 0;
        while (have < length) {
            if (pos >= limit && !fill()) {
                throw truncated();
            }
            int n = Math.min(length - have, limit - pos);
            if (have + n > out.length) {
                out = Arrays.copyOf(out, (int) Math.min(length, Math.max(have + n, 2L * out.length)));
            }
            System.arraycopy(buf, pos, out, have, n);
            pos += n;
            have += n;
        }
        return out;
    }

    /** Reads a NUL-terminated UTF-8 string of at most {@code maxLength} bytes (NUL excluded). */
    String cString(int maxLength) throws IOException {
        int start = pos;
        int end = indexOfNul(start, limit);
        if (end >= 0) {
            checkStringLength(end - start, maxLength);
            pos = end + 1;
            return new String(buf, start, end - start, StandardCharsets.UTF_8);
        }
        return slowCString(maxLength);
    }

    private String slowCString(int maxLength) throws IOException {
        byte[] acc = new byte[64];
        int have = 0;
        while (true) {
            if (pos >= limit && !fill()) {
                throw truncated();
            }
            int end = indexOfNul(pos, limit);
            int stop = end >= 0 ? end : limit;
            int n = stop - pos;
            checkStringLength((long) have + n, maxLength);
            if (have + n > acc.length) {
                acc = Arrays.copyOf(acc, Math.max(have + n, Math.min(2 * acc.length, maxLength)));
            }
            System.arraycopy(buf, pos, acc, have, n);
            have += n;
            pos = stop;
            if (end >= 0) {
                pos++;
                return new String(acc, 0, have, StandardCharsets.UTF_8);
            }
        }
    }

    private int indexOfNul(int from, int to) {
        byte[] b = buf;
        for (int i = from; i < to; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private void checkStringLength(long length, int maxLength) throws WbxmlException {
        if (length > maxLength) {
            throw new WbxmlException("string longer than the limit of " + maxLength
                    + " bytes at offset " + offset());
        }
    }

    /** Refills the stream buffer; false at end of input. */
    private boolean fill() throws IOException {
        if (stream == null) {
            return false;
        }
        base += limit;
        pos = 0;
        limit = 0;
        int n;
        do {
            n = stream.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        limit = n;
        if (base + limit > maxDocumentSize) {
            throw new WbxmlException("document exceeds the limit of " + maxDocumentSize + " bytes");
        }
        return true;
    }

    private WbxmlException truncated() {
        return new WbxmlException("truncated document: input ends at offset " + offset());
    }

    private WbxmlException truncatedOrTooLarge(int length) {
        if (base + pos + (long) length > maxDocumentSize) {
            return new WbxmlException("block of " + length + " bytes at offset " + offset()
                    + " runs past the end of the document");
        }
        return truncated();
    }
}
