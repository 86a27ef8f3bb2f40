package org.hearthsync.api.eas;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The protocol engine behind the EAS path: authentication, the command handlers and their WBXML,
 * independent of the servlet API. Implemented by the engine only; the transport calls it.
 */
@ProviderType
public interface EasEndpoint {

    /** The largest request body the engine takes; the transport answers a larger one with 413 without reading it all. */
    int maxRequestBytes();

    /**
     * The checks that need no body (TLS, throttle, credentials), run before the transport reads a byte
     * of the body: an unauthenticated caller then costs only its headers, never a buffer or a thread
     * waiting for a body it trickles. A refusal is the whole answer; empty means read the body and
     * call {@link #handle}, which checks again (cheaply: the engine remembers credentials it accepted).
     *
     * @param headersOnly the request with an empty body
     * @since 1.1
     */
    default Optional<EasHttpResponse> admit(EasHttpRequest headersOnly) {
        return Optional.empty();
    }

    /**
     * Handles one request. The stage is complete on return, except for a parked request (a Ping or a
     * Sync with a heartbeat), which holds no thread until it is answered. Bad input ends in an HTTP or
     * EAS status, never in an exceptionally completed stage.
     */
    CompletionStage<EasHttpResponse> handle(EasHttpRequest request);
}
