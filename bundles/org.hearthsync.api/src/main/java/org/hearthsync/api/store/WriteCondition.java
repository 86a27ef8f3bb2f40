package org.hearthsync.api.store;

/**
 * The precondition of a write, as HTTP's If-Match and If-None-Match express it. A store that
 * cannot honour the condition atomically must not accept the write.
 */
public sealed interface WriteCondition {

    /** Write only if no resource of that name exists (If-None-Match: *). */
    static WriteCondition create() {
        return Create.INSTANCE;
    }

    /** Write only if the resource exists with exactly this etag (If-Match). */
    static WriteCondition ifMatch(String etag) {
        return new IfMatch(etag);
    }

    /** Write whatever is stored; use only where a lost update cannot happen. */
    static WriteCondition unconditional() {
        return Unconditional.INSTANCE;
    }

    enum Create implements WriteCondition { INSTANCE }

    enum Unconditional implements WriteCondition { INSTANCE }

    record IfMatch(String etag) implements WriteCondition {
        public IfMatch {
            java.util.Objects.requireNonNull(etag, "etag");
        }
    }
}
