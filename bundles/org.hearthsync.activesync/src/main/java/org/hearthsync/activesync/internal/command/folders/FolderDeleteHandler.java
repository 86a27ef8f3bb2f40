package org.hearthsync.activesync.internal.command.folders;

import java.util.List;

import org.hearthsync.activesync.internal.command.foldersync.Folder;
import org.hearthsync.activesync.internal.command.foldersync.HierarchyEdit;
import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FolderDelete (MS-ASCMD 2.2.1.4): deletes a user folder's collection with everything in it. The
 * default and mail folders cannot be deleted (status 3).
 */
public final class FolderDeleteHandler extends FolderCommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FolderDeleteHandler.class);

    public FolderDeleteHandler(StoreDirectory stores, DeviceStateStore state) {
        super(stores, state);
    }

    @Override
    public Command command() {
        return Command.FOLDER_DELETE;
    }

    @Override
    Element apply(CommandContext ctx, Element request, HierarchyEdit edit, PimStore store)
            throws Answer, StoreException {
        List<Folder> current = edit.current();
        Folder folder = userFolder(edit, current, request.childText(NS, "ServerId"));
        String collection = edit.collectionOf(folder.serverId()).orElseThrow(() -> new Answer(NOT_FOUND));
        try {
            store.deleteCollection(collection);
        } catch (StoreException.NotFound gone) {
            // deleted meanwhile: what the phone wanted
        }
        String key = edit.commit(folders -> {
            folders.removeIf(f -> f.serverId().equals(folder.serverId()));
            return folders;
        });
        LOG.debug("device {} of {} deleted folder {}", ctx.deviceId(), ctx.userName(), folder.serverId());
        return success(key);
    }
}
