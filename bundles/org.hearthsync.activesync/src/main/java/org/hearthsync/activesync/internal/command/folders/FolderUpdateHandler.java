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
 * FolderUpdate (MS-ASCMD 2.2.1.6): renames a user folder's collection. Folders stay top level, so
 * a ParentId other than {@code 0} is a parent Hearth cannot move the folder under (status 3) or
 * an unknown one (5). The default and mail folders cannot be renamed (3).
 */
public final class FolderUpdateHandler extends FolderCommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FolderUpdateHandler.class);

    public FolderUpdateHandler(StoreDirectory stores, DeviceStateStore state) {
        super(stores, state);
    }

    @Override
    public Command command() {
        return Command.FOLDER_UPDATE;
    }

    @Override
    Element apply(CommandContext ctx, Element request, HierarchyEdit edit, PimStore store)
            throws Answer, StoreException {
        String name = name(request);
        List<Folder> current = edit.current();
        Folder folder = userFolder(edit, current, request.childText(NS, "ServerId"));
        checkParent(request, current);
        if (nameTaken(current, name, folder.serverId())) {
            throw new Answer(EXISTS);
        }
        String collection = edit.collectionOf(folder.serverId()).orElseThrow(() -> new Answer(NOT_FOUND));
        if (!name.equals(folder.displayName())) {
            store.renameCollection(collection, name);
        }
        Folder renamed = edit.current().stream().filter(f -> f.serverId().equals(folder.serverId())).findFirst()
                .orElse(new Folder(folder.serverId(), folder.parentId(), name, folder.type()));
        String key = edit.commit(folders -> {
            if (folders.removeIf(f -> f.serverId().equals(renamed.serverId()))) {
                folders.add(renamed);
            }
            return folders;
        });
        LOG.debug("device {} of {} renamed folder {}", ctx.deviceId(), ctx.userName(), folder.serverId());
        return success(key);
    }
}
