package org.hearthsync.wbxml;

/**
 * Bounds the reader enforces, set once per reader. Every bound is a positive count of bytes or
 * elements; input over any bound fails with {@link WbxmlException}, so a hostile or buggy client
 * cannot make the server allocate or loop without limit.
 *
 * @param maxDocumentSize   total bytes of one document, header included
 * @param maxDepth          deepest element nesting (the root is depth 1)
 * @param maxStringLength   bytes of one inline or string-table string (UTF-8, before decoding)
 * @param maxOpaqueLength   bytes of one OPAQUE block
 * @param maxStringTableSize bytes of the string table declared in the header
 * @param maxElementCount   elements in one document
 */
public record WbxmlLimits(long maxDocumentSize, int maxDepth, int maxStringLength,
        int maxOpaqueLength, int maxStringTableSize, int maxElementCount) {

    /** Generous for real ActiveSync traffic (large MIME bodies, Sync windows of 512 items). */
    public static final WbxmlLimits DEFAULTS = builder().build();

    public WbxmlLimits {
        requirePositive("maxDocumentSize", maxDocumentSize);
        requirePositive("maxDepth", maxDepth);
        requirePositive("maxStringLength", maxStringLength);
        requirePositive("maxOpaqueLength", maxOpaqueLength);
        requirePositive("maxStringTableSize", maxStringTableSize);
        requirePositive("maxElementCount", maxElementCount);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder seeded with this instance's values. */
    public Builder toBuilder() {
        return new Builder().maxDocumentSize(maxDocumentSize).maxDepth(maxDepth)
                .maxStringLength(maxStringLength).maxOpaqueLength(maxOpaqueLength)
                .maxStringTableSize(maxStringTableSize).maxElementCount(maxElementCount);
    }

    /** Builds {@link WbxmlLimits}; unset values keep the defaults shown on each setter. */
    public static final class Builder {
        private long maxDocumentSize = 64L << 20;
        private int maxDepth = 32;
        private int maxStringLength = 32 << 20;
        private int maxOpaqueLength = 48 << 20;
        private int maxStringTableSize = 64 << 10;
        private int maxElementCount = 1_000_000;

        private Builder() {
        }

        /** Default 64 MiB. */
        public Builder maxDocumentSize(long bytes) {
            this.maxDocumentSize = bytes;
            return this;
        }

        /** Default 32; real ActiveSync documents nest about 12 deep. */
        public Builder maxDepth(int depth) {
            this.maxDepth = depth;
            return this;
        }

        /** Default 32 MiB (inline MIME bodies). */
        public Builder maxStringLength(int bytes) {
            this.maxStringLength = bytes;
            return this;
        }

        /** Default 48 MiB (attachments fetched inline by ItemOperations). */
        public Builder maxOpaqueLength(int bytes) {
            this.maxOpaqueLength = bytes;
            return this;
        }

        /** Default 64 KiB; ActiveSync peers send an empty string table. */
        public Builder maxStringTableSize(int bytes) {
            this.maxStringTableSize = bytes;
            return this;
        }

        /** Default one million. */
        public Builder maxElementCount(int count) {
            this.maxElementCount = count;
            return this;
        }

        public WbxmlLimits build() {
            return new WbxmlLimits(maxDocumentSize, maxDepth, maxStringLength, maxOpaqueLength,
                    maxStringTableSize, maxElementCount);
        }
    }
}
