package org.hearthsync.activesync.internal.command.moveitems;

import java.util.List;
import java.util.Optional;

import org.hearthsync.activesync.internal.command.foldersync.FolderIds;
import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.protocol.CommandHandler;
import org.hearthsync.activesync.internal.protocol.EasResponse;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.activesync.internal.sync.FolderState;
import org.hearthsync.activesync.internal.sync.FolderTarget;
import org.hearthsync.activesync.internal.sync.SyncStateStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MoveItems (MS-ASCMD 2.2.1.12) between two folders of the same class: the stored object is
 * written unchanged (same UID) into the target collection, then deleted from the source; both
 * folders' states record the move, so neither folder echoes it back to the phone.
 */
public final class MoveItemsHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MoveItemsHandler.class);
    static final String NS = "Move";
    static final int INVALID_SOURCE = 1;
    static final int INVALID_DESTINATION = 2;
    static final int SUCCESS = 3;
    static final int SAME_FOLDER = 4;
    static final int FAILURE = 5;
    static final int LOCKED = 7;

    private final StoreDirectory stores;
    private final DeviceStateStore devices;
    private final SyncStateStore states;

    public MoveItemsHandler(StoreDirectory stores, DeviceStateStore devices, SyncStateStore states) {
        this.stores = stores;
        this.devices = devices;
        this.states = states;
    }

    @Override
    public Command command() {
        return Command.MOVE_ITEMS;
    }

    @Override
    public EasResponse handle(CommandContext ctx) {
        Element root = ctx.document();
        Element out = new Element(NS, "MoveItems");
        if (root == null || !root.is(NS, "MoveItems")) {
            out.add(NS, "Response").addText(NS, "Status", Integer.toString(FAILURE));
            return EasResponse.document(out);
        }
        for (Element m : root.children(NS, "Move")) {
            Element r = out.add(NS, "Response");
            String src = m.childText(NS, "SrcMsgId");
            r.addText(NS, "SrcMsgId", src == null ? "" : src);
            String[] dst = { null };
            int status = move(ctx, src, m.childText(NS, "SrcFldId"), m.childText(NS, "DstFldId"), dst);
            r.addText(NS, "Status", Integer.toString(status));
            if (dst[0] != null) {
                r.addText(NS, "DstMsgId", dst[0]);
            }
        }
        return EasResponse.document(out);
    }

    private int move(CommandContext ctx, String sid, String srcFolder, String dstFolder, String[] dstSid) {
        if (sid == null || srcFolder == null || dstFolder == null) {
            return FAILURE;
        }
        if (srcFolder.equals(dstFolder)) {
            return SAME_FOLDER;
        }
        try {
            Optional<FolderTarget> s = FolderIds.target(stores, devices, ctx.account(), ctx.deviceId(), srcFolder);
            if (s.isEmpty()) {
                return INVALID_SOURCE;
            }
            Optional<FolderTarget> d = FolderIds.target(stores, devices, ctx.account(), ctx.deviceId(), dstFolder);
            if (d.isEmpty() || d.get().dataClass() != s.get().dataClass() || !d.get().storeName().equals(s.get().storeName())) {
                return INVALID_DESTINATION;
            }
            FolderState from = states.load(ctx.userName(), ctx.deviceId(), srcFolder);
            FolderState to = states.load(ctx.userName(), ctx.deviceId(), dstFolder);
            String name = from.resourceName(sid);
            Optional<Resource> res = name == null ? Optional.empty() : s.get().store().get(s.get().collectionId(), name);
            if (res.isEmpty()) {
                return INVALID_SOURCE;
            }
            String target = name;
            String etag;
            try {
                etag = d.get().store().put(d.get().collectionId(), target, res.get().content(), WriteCondition.create());
            } catch (StoreException.PreconditionFailed taken) {
                target = "moved-" + java.util.UUID.randomUUID() + s.get().dataClass().fileExtension();
                etag = d.get().store().put(d.get().collectionId(), target, res.get().content(), WriteCondition.create());
            }
            try {
                s.get().store().delete(s.get().collectionId(), name, WriteCondition.ifMatch(res.get().etag()));
            } catch (StoreException.NotFound gone) {
                // deleted meanwhile: the move is done all the same
            } catch (StoreException.PreconditionFailed changed) {
                d.get().store().delete(d.get().collectionId(), target, WriteCondition.ifMatch(etag));
                return LOCKED;
            }
            from.forget(sid);
            String newSid = to.primed() ? to.adopt(target, etag) : null;
            states.save(newSid == null ? List.of(from) : List.of(from, to), ctx.userName(), ctx.deviceId(), null);
            dstSid[0] = newSid == null ? sid : newSid;
            return SUCCESS;
        } catch (StoreException e) {
            LOG.warn("store '{}' failed a move for device {}: {}", ctx.account().storeName(), ctx.deviceId(), e.getMessage());
            return FAILURE;
        }
    }
}
