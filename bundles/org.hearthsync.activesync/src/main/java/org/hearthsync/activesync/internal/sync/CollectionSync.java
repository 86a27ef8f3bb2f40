package org.hearthsync.activesync.internal.sync;

import java.time.Clock;

import org.hearthsync.api.store.StoreException;
import org.hearthsync.wbxml.Element;

/**
 * The Sync of one collection on a loaded {@link FolderState}: the client's commands are written to
 * the store (conditional writes with the etags the phone last saw), then the store's changes are
 * pulled into the queue and sent a window at a time. The steps have one owner each: {@link ClientWrites}
 * (Add, Change), {@link ClientDeletes} (Delete, the recycle bin and the mass-deletion guard),
 * {@link ServerChanges} (the queue), {@link ServerWindow} (the response's commands). Nothing here
 * saves: the handler saves the state after the whole request.
 */
public final class CollectionSync {
    static final String AS = "AirSync";
    public static final int OK = 1;
    public static final int CONVERSION_ERROR = 6;
    public static final int CONFLICT = 7;
    public static final int NOT_FOUND = 8;

    private final SyncStateStore journal;
    private final SafetyNet safety;
    private final Clock clock;

    public CollectionSync(SyncStateStore journal, SafetyNet safety, Clock clock) {
        this.journal = journal;
        this.safety = safety;
        this.clock = clock;
    }

    /**
     * Runs one collection's Sync. On a {@link StoreException} the server changes picked for this
     * response go back to the queue (the client's writes stay, they are in the store) and the
     * exception escapes, so the caller answers with a status without advancing the key.
     */
    public CollectionResult run(CollectionRequest request) throws StoreException {
        FolderState s = request.state();
        FolderTarget target = request.target();
        String folderName = target.info().displayName();
        ProgressBoard.Progress progress = safety.start(s.user(), s.device(), s.folderId(), folderName, target.dataClass().easName());
        int deletes = (int) request.commands().stream().filter(InstanceEdit::deletesItem).count();
        int folderSize = deletes > 0 ? s.itemCount() : 0;
        boolean hold = deletes > 0 && safety.shouldHold(deletes, folderSize);

        FolderScope scope = new FolderScope(target, s, request.options(), request.generation());
        SyncTally tally = new SyncTally(progress);
        ConflictRecorder conflicts = new ConflictRecorder(scope, journal, clock, tally);
        ClientDeletes clientDeletes = new ClientDeletes(scope, tally, conflicts, safety, hold);
        ClientCommands client = new ClientCommands(scope, tally, new ClientWrites(scope, tally, conflicts), clientDeletes);
        ServerChanges server = new ServerChanges(scope, clock, safety);
        try {
            progress.total(request.commands().size());
            for (Element cmd : request.commands()) {
                client.run(cmd);
            }
            if (!clientDeletes.held().isEmpty()) {
                safety.hold(s.user(), s.device(), s.folderId(), folderName, target.storeName(), target.collectionId(), folderSize,
                        clientDeletes.held());
            }
            boolean more = false;
            if (request.getChanges() && request.window() > 0) {
                server.pullForWindow();
                progress.total(request.commands().size() + Math.min(request.window(), s.queueSize()));
                more = new ServerWindow(scope, server, tally).collect(request.window());
            } else if (request.getChanges()) {
                server.pull();
                more = !s.queueIsEmpty();
            }
            return tally.result(more);
        } catch (StoreException e) {
            s.undoResponse();
            throw e;
        }
    }
}
