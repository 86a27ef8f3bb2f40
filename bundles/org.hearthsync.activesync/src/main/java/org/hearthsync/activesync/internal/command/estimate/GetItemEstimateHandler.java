package org.hearthsync.activesync.internal.command.estimate;

import java.time.Clock;

import org.hearthsync.activesync.internal.command.foldersync.FolderIds;
import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.protocol.CommandHandler;
import org.hearthsync.activesync.internal.protocol.EasResponse;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.activesync.internal.sync.FolderState;
import org.hearthsync.activesync.internal.sync.FolderTarget;
import org.hearthsync.activesync.internal.sync.SafetyNet;
import org.hearthsync.activesync.internal.sync.ServerChanges;
import org.hearthsync.activesync.internal.sync.SyncOptions;
import org.hearthsync.activesync.internal.sync.SyncStateStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GetItemEstimate (MS-ASCMD 2.2.1.9): how many commands the next Sync of each folder would carry,
 * exactly: the queued server changes plus the changes of a response the phone did not confirm
 * (when it sends the previous key), respecting the filter and leaving out deletes the mass-deletion
 * guard holds.
 *
 * <p>The store's changes are pulled into the folder's queue and that (with the new store token) is
 * saved, exactly as the next Sync would pull them: a phone's initial sync asks for an estimate and
 * then syncs, and the Sync's first window finds the queue filled instead of listing the collection
 * again (a DAV server answers a listing in time proportional to the collection). Nothing the phone
 * can see is saved: not the key, not a confirmation or rollback of the last response, not the
 * request's FilterType; those are applied in memory for the count only. Changes made after this
 * listing are found by the next listing, which the Sync makes once the queue has drained (the
 * store token is that of this listing), or by the Ping that follows.
 */
public final class GetItemEstimateHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(GetItemEstimateHandler.class);
    static final String NS = "GetItemEstimate";
    static final String AS = "AirSync";
    static final int INVALID_COLLECTION = 2;
    static final int NOT_PRIMED = 3;
    static final int INVALID_KEY = 4;

    private final StoreDirectory stores;
    private final DeviceStateStore devices;
    private final SyncStateStore states;
    private final Clock clock;
    private final SafetyNet safety;

    public GetItemEstimateHandler(StoreDirectory stores, DeviceStateStore devices, SyncStateStore states, Clock clock,
            SafetyNet safety) {
        this.stores = stores;
        this.devices = devices;
        this.states = states;
        this.clock = clock;
        this.safety = safety;
    }

    @Override
    public Command command() {
        return Command.GET_ITEM_ESTIMATE;
    }

    @Override
    public EasResponse handle(CommandContext ctx) {
        Element root = ctx.document();
        Element out = new Element(NS, "GetItemEstimate");
        Element collections = root == null || !root.is(NS, "GetItemEstimate") ? null
                : root.child(NS, "Collections").orElse(null);
        if (collections == null || collections.children(NS, "Collection").isEmpty()) {
            out.add(NS, "Response").addText(NS, "Status", Integer.toString(INVALID_COLLECTION));
            return EasResponse.document(out);
        }
        for (Element c : collections.children(NS, "Collection")) {
            String id = c.childText(NS, "CollectionId");
            String key = c.childText(AS, "SyncKey");
            String filter = c.childText(AS, "FilterType");
            Element options = c.child(AS, "Options").orElse(null);
            if (options != null && options.childText(AS, "FilterType") != null) {
                filter = options.childText(AS, "FilterType");
            }
            Element response = out.add(NS, "Response");
            int[] estimate = { 0 };
            int status = estimate(ctx, id, key, filter, estimate);
            response.addText(NS, "Status", Integer.toString(status));
            Element col = response.add(NS, "Collection");
            col.addText(NS, "CollectionId", id == null ? "" : id);
            if (status == 1) {
                col.addText(NS, "Estimate", Integer.toString(estimate[0]));
            }
        }
        return EasResponse.document(out);
    }

    private int estimate(CommandContext ctx, String id, String key, String filter, int[] result) {
        if (id == null) {
            return INVALID_COLLECTION;
        }
        if (FolderIds.isMailFolder(devices, ctx.userName(), ctx.deviceId(), id)) {
            return mailEstimate(ctx, id, key);
        }
        try {
            FolderTarget target = FolderIds.target(stores, devices, ctx.account(), ctx.deviceId(), id).orElse(null);
            if (target == null) {
                return INVALID_COLLECTION;
            }
            FolderState s = states.load(ctx.userName(), ctx.deviceId(), id);
            if (key == null || "0".equals(key) || !s.primed()) {
                return NOT_PRIMED;
            }
            boolean current = key.equals(s.curKey());
            if (!current && !key.equals(s.prevKey())) {
                return INVALID_KEY;
            }
            Integer filterType = null;
            if (filter != null) {
                try {
                    filterType = Integer.valueOf(filter.trim());
                } catch (NumberFormatException e) {
                    return INVALID_COLLECTION;
                }
            }
            // the pull the next Sync would make, with the folder's saved options, kept for that Sync
            ServerChanges work = ServerChanges.of(target, s, SyncOptions.of(ctx.version().text(), s, ctx.account(), clock),
                    clock, safety);
            String before = s.pullMark();
            work.pull();
            if (!before.equals(s.pullMark())) {
                states.save(java.util.List.of(s), ctx.userName(), ctx.deviceId(), null);
            }
            // what the phone would get: applied in memory only
            if (current) {
                s.confirmCurrent();
            } else {
                s.rollbackToPrevious();
            }
            if (filterType != null) {
                s.applyOptions(null, filterType, null, null, null);
                work.pullIfRescanDue();
            }
            result[0] = work.estimate();
            return 1;
        } catch (StoreException e) {
            LOG.warn("store '{}' failed an estimate for device {}: {}", ctx.account().storeName(), ctx.deviceId(),
                    e.getMessage());
            return INVALID_COLLECTION;
        }
    }

    /** A mail folder is always empty: its keys are checked as for any folder, the estimate is 0. */
    private int mailEstimate(CommandContext ctx, String id, String key) {
        FolderState s = states.load(ctx.userName(), ctx.deviceId(), id);
        if (key == null || "0".equals(key) || !s.primed()) {
            return NOT_PRIMED;
        }
        return key.equals(s.curKey()) || key.equals(s.prevKey()) ? 1 : INVALID_KEY;
    }
}
