package org.hearthsync.activesync.internal.command.itemoperations;

import java.time.Clock;
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
import org.hearthsync.activesync.internal.sync.SyncOptions;
import org.hearthsync.activesync.internal.sync.SyncStateStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.pim.MappingException;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ItemOperations (MS-ASCMD 2.2.1.10) Fetch of an item by CollectionId and ServerId, with the
 * request's BodyPreference. An attachment fetch (by AirSyncBase:FileReference) gets status 15, the
 * invalid attachment reference, with the FileReference echoed: Hearth's items carry no attachments,
 * so no reference a client holds is valid. Other operations (EmptyFolderContents, Move, document
 * library fetches) get status 2.
 */
public final class ItemOperationsHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ItemOperationsHandler.class);
    static final String NS = "ItemOperations";
    static final String AS = "AirSync";
    static final String BASE = "AirSyncBase";
    static final int PROTOCOL_ERROR = 2;
    static final int SERVER_ERROR = 3;
    static final int NOT_FOUND = 6;
    static final int CONVERSION_ERROR = 14;
    static final int INVALID_ATTACHMENT = 15;

    private final StoreDirectory stores;
    private final DeviceStateStore devices;
    private final SyncStateStore states;
    private final Clock clock;

    public ItemOperationsHandler(StoreDirectory stores, DeviceStateStore devices, SyncStateStore states, Clock clock) {
        this.stores = stores;
        this.devices = devices;
        this.states = states;
        this.clock = clock;
    }

    @Override
    public Command command() {
        return Command.ITEM_OPERATIONS;
    }

    @Override
    public EasResponse handle(CommandContext ctx) {
        Element root = ctx.document();
        if (root == null || !root.is(NS, "ItemOperations") || root.children().isEmpty()) {
            return EasResponse.document(new Element(NS, "ItemOperations").addText(NS, "Status",
                    Integer.toString(PROTOCOL_ERROR)));
        }
        Element out = new Element(NS, "ItemOperations").addText(NS, "Status", "1");
        Element responses = out.add(NS, "Response");
        for (Element op : root.children()) {
            if (!op.name().equals("Fetch")) {
                responses.add(NS, op.name()).addText(NS, "Status", Integer.toString(PROTOCOL_ERROR));
                continue;
            }
            responses.add(fetch(ctx, op));
        }
        return EasResponse.document(out);
    }

    private Element fetch(CommandContext ctx, Element op) {
        String folderId = op.childText(AS, "CollectionId");
        String sid = op.childText(AS, "ServerId");
        Element r = new Element(NS, "Fetch");
        String fileReference = op.childText(BASE, "FileReference");
        if (fileReference != null) {
            LOG.debug("device {} fetched an attachment, which Hearth does not hold", ctx.deviceId());
            return r.addText(NS, "Status", Integer.toString(INVALID_ATTACHMENT)).addText(BASE, "FileReference",
                    fileReference);
        }
        if (folderId == null || sid == null) {
            return r.addText(NS, "Status", Integer.toString(PROTOCOL_ERROR));
        }
        try {
            Optional<FolderTarget> t = FolderIds.target(stores, devices, ctx.account(), ctx.deviceId(), folderId);
            FolderState s = states.load(ctx.userName(), ctx.deviceId(), folderId);
            String name = s.resourceName(sid);
            Optional<Resource> res = t.isEmpty() || name == null ? Optional.empty()
                    : t.get().store().get(t.get().collectionId(), name);
            if (res.isEmpty()) {
                return r.addText(NS, "Status", Integer.toString(NOT_FOUND)).addText(AS, "CollectionId", folderId)
                        .addText(AS, "ServerId", sid);
            }
            int type = s.bodyType();
            int trunc = s.truncation();
            Element options = op.child(NS, "Options").orElse(null);
            if (options != null) {
                for (Element bp : options.children(BASE, "BodyPreference")) {
                    String ty = bp.childText(BASE, "Type");
                    if ("1".equals(ty) || "2".equals(ty)) {
                        type = Integer.parseInt(ty);
                        String ts = bp.childText(BASE, "TruncationSize");
                        trunc = ts == null ? -1 : Integer.parseInt(ts.trim());
                        break;
                    }
                }
            }
            Element data = t.get().mapper().toEas(res.get().content(),
                    SyncOptions.of(ctx.version().text(), type, trunc, s.supported(), ctx.account(), clock));
            r.addText(NS, "Status", "1").addText(AS, "CollectionId", folderId).addText(AS, "ServerId", sid)
                    .addText(AS, "Class", t.get().dataClass().easName());
            Element props = r.add(NS, "Properties");
            data.children().forEach(props::add);
            return r;
        } catch (MappingException e) {
            return r.addText(NS, "Status", Integer.toString(CONVERSION_ERROR));
        } catch (NumberFormatException e) {
            return r.addText(NS, "Status", Integer.toString(PROTOCOL_ERROR));
        } catch (StoreException e) {
            LOG.warn("store '{}' failed an ItemOperations fetch: {}", ctx.account().storeName(), e.getMessage());
            return r.addText(NS, "Status", Integer.toString(SERVER_ERROR));
        }
    }
}
