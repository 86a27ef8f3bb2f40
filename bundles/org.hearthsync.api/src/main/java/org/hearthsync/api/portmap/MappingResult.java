package org.hearthsync.api.portmap;

/**
 * What the router said to a mapping request.
 *
 * @param outcome      the kind of answer
 * @param externalPort the external port actually mapped (may differ from the one asked for)
 * @param message      the router's words or ours, for the console
 */
public record MappingResult(Outcome outcome, int externalPort, String message) {

    public enum Outcome {
        MAPPED,
        /** The external port is forwarded to another computer (UPnP 718). */
        CONFLICT,
        /** The router refused the port or the lease (UPnP 606, 725 and friends). */
        REFUSED,
        /** No gateway that can map ports was found. */
        NO_GATEWAY,
        /** The request failed for a reason that may pass (timeout, network error). */
        FAILED
    }
}
