package org.hearthsync.activesync.internal.protocol;

import java.util.concurrent.CompletionStage;

/**
 * A handler whose answer may come later (Ping): {@link #start} returns at once, holding no thread
 * and no device lock while the request is parked; the stage completes with the answer.
 */
public interface AsyncCommandHandler extends CommandHandler {

    CompletionStage<EasResponse> start(CommandContext context);

    /** Waits for the answer; only for callers without an asynchronous path. */
    @Override
    default EasResponse handle(CommandContext context) {
        return start(context).toCompletableFuture().join();
    }
}
