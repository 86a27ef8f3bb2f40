package org.hearthsync.activesync.internal.sync;

import java.util.List;

import org.hearthsync.wbxml.Element;

/**
 * What one collection's Sync produced for the response.
 *
 * @param commands      server commands ({@code AirSync:Add|Change|Delete|SoftDelete})
 * @param responses     answers to the client's commands
 * @param moreAvailable whether server changes are left for the next window
 * @param clientChanged whether a client command was carried out
 * @param counts        what moved, for the activity journal
 */
public record CollectionResult(List<Element> commands, List<Element> responses, boolean moreAvailable,
        boolean clientChanged, SyncCounts counts) {
    public CollectionResult {
        commands = List.copyOf(commands);
        responses = List.copyOf(responses);
    }

    /** Whether the folder's key must move: the phone has to confirm what this result says. */
    public boolean movesKey() {
        return clientChanged || !responses.isEmpty() || !commands.isEmpty();
    }

    /** Nothing the client has to hear about. */
    public boolean quiet() {
        return !movesKey() && !moreAvailable;
    }
}
