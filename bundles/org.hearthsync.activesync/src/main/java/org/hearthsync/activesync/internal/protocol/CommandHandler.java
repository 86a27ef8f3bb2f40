package org.hearthsync.activesync.internal.protocol;

/**
 * Handles one EAS command: reads its request from the context, does the work, builds its response.
 * Handlers are plain classes built by the engine's owner; they must not throw for bad client input
 * but answer with the command's status instead.
 */
public interface CommandHandler {

    Command command();

    /** Whether the request body is a WBXML document the engine should decode first. */
    default boolean wbxmlBody() {
        return true;
    }

    /** Whether the command is offered in the OPTIONS response's MS-ASProtocolCommands. */
    default boolean advertised() {
        return true;
    }

    EasResponse handle(CommandContext context);
}
