package org.hearthsync.activesync.internal.sync;

import java.util.ArrayList;
import java.util.List;

import org.hearthsync.wbxml.Element;

/**
 * What one collection's Sync has produced so far: the server commands and the answers to the
 * client's commands, whether a client command changed anything, the counts for the activity journal
 * and the progress the console shows. One per run; the steps of the run report to it and only
 * {@link #result} lets the outcome out.
 */
final class SyncTally {
    static final String AS = CollectionSync.AS;

    private final List<Element> commands = new ArrayList<>();
    private final List<Element> responses = new ArrayList<>();
    private final ProgressBoard.Progress progress;
    private boolean clientChanged;
    private int clientAdds;
    private int clientChanges;
    private int clientDeletes;
    private int serverAdds;
    private int serverChanges;
    private int serverDeletes;
    private int conflicts;
    private int heldDeletes;

    SyncTally(ProgressBoard.Progress progress) {
        this.progress = progress;
    }

    void clientCommandStarted() {
        progress.step();
    }

    /** A client command was carried out (the key must move) without a count of its own. */
    void clientChanged() {
        clientChanged = true;
    }

    void clientAdded() {
        clientChanged = true;
        clientAdds++;
    }

    void clientChangeWritten() {
        clientChanged = true;
        clientChanges++;
    }

    /** The store deleted the item (the change of the phone's state is {@link #clientChanged}). */
    void clientDeleteWritten() {
        clientDeletes++;
    }

    void deleteHeld() {
        clientChanged = true;
        heldDeletes++;
    }

    void conflict() {
        conflicts++;
    }

    void serverAdd(Element command) {
        serverAdds++;
        server(command);
    }

    void serverChange(Element command) {
        serverChanges++;
        server(command);
    }

    /** A Delete or a SoftDelete. */
    void serverDelete(Element command) {
        serverDeletes++;
        server(command);
    }

    private void server(Element command) {
        commands.add(command);
        progress.step();
    }

    int commandCount() {
        return commands.size();
    }

    void respond(Element response) {
        responses.add(response);
    }

    void respondAdd(String clientId, String sid, int status) {
        Element r = new Element(AS, "Add").addText(AS, "ClientId", nz(clientId));
        if (sid != null) {
            r.addText(AS, "ServerId", sid);
        }
        responses.add(r.addText(AS, "Status", Integer.toString(status)));
    }

    void respondItem(String command, String sid, int status) {
        responses.add(new Element(AS, command).addText(AS, "ServerId", nz(sid)).addText(AS, "Status",
                Integer.toString(status)));
    }

    CollectionResult result(boolean moreAvailable) {
        return new CollectionResult(commands, responses, moreAvailable, clientChanged, new SyncCounts(clientAdds,
                clientChanges, clientDeletes, serverAdds, serverChanges, serverDeletes, conflicts, heldDeletes));
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
