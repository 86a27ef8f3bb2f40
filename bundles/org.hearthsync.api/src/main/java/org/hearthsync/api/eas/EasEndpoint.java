package org.hearthsync.api.eas;

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
     * Handles one request. The stage is complete on return, except for a parked request (a Ping or a
     * Sync with a heartbeat), which holds no thread until it is answered. Bad input ends in an HTTP or
     * EAS status, never in an exceptionally completed stage.
     */
    CompletionStage<EasHttpResponse> handle(EasHttpRequest request);
}
