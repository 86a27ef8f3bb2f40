package org.hearthsync.activesync.internal.sync;

import java.util.List;

import org.hearthsync.pim.MappingOptions;
import org.hearthsync.wbxml.Element;

/**
 * The inputs of one collection's Sync, fixed before it starts.
 *
 * @param target     the folder's store collection
 * @param state      the folder's loaded state, its key already taken (the run changes it; the handler saves it)
 * @param options    how items are mapped for this phone
 * @param generation the key counter of the client's request (ClientIds and Add names are tied to it)
 * @param commands   the client's commands (Add, Change, Delete, Fetch) in request order
 * @param getChanges whether the client asked for the server's changes
 * @param window     most server changes to send (0: none, only the queue is brought up to date)
 */
public record CollectionRequest(FolderTarget target, FolderState state, MappingOptions options, int generation,
        List<Element> commands, boolean getChanges, int window) {
    public CollectionRequest {
        commands = List.copyOf(commands);
    }
}
