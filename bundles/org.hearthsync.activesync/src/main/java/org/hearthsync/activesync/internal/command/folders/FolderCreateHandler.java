package org.hearthsync.activesync.internal.command.folders;

import java.util.List;

import org.hearthsync.activesync.internal.command.foldersync.Folder;
import org.hearthsync.activesync.internal.command.foldersync.HierarchyEdit;
import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FolderCreate (MS-ASCMD 2.2.1.3): a new calendar (Type 13), address book (14), task list (15) or
 * notes folder (17) at the top level becomes a new collection of the account's store. Other types
 * are malformed for Hearth (status 10); an account limited to a list of collections could not see
 * the new one, so it gets status 6 and nothing is created.
 */
public final class FolderCreateHandler extends FolderCommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FolderCreateHandler.class);

    public FolderCreateHandler(StoreDirectory stores, DeviceStateStore state) {
        super(stores, state);
    }

    @Override
    public Command command() {
        return Command.FOLDER_CREATE;
    }

    @Override
    Element apply(CommandContext ctx, Element request, HierarchyEdit edit, PimStore store)
            throws Answer, StoreException {
        String name = name(request);
        DataClass dataClass = dataClass(request.childText(NS, "Type"));
        List<Folder> current = edit.current();
        checkParent(request, current);
        if (nameTaken(current, name, null)) {
            throw new Answer(EXISTS);
        }
        if (!ctx.account().collections().isEmpty()) {
            LOG.debug("account {} sees a fixed list of collections: no FolderCreate", ctx.userName());
            throw new Answer(SERVER_ERROR);
        }
        CollectionInfo created = store.createCollection(name, dataClass);
        String sid = edit.serverIdOf(created.id());
        Folder folder = edit.current().stream().filter(f -> f.serverId().equals(sid)).findFirst()
                .orElse(new Folder(sid, "0", name, typeOf(dataClass)));
        String key = edit.commit(folders -> {
            folders.add(folder);
            return folders;
        });
        LOG.debug("device {} of {} created folder {} ({})", ctx.deviceId(), ctx.userName(), sid, dataClass);
        return success(key).addText(NS, "ServerId", sid);
    }

    private static DataClass dataClass(String type) throws Answer {
        String t = type == null ? "" : type.trim();
        return switch (t) {
            case "13" -> DataClass.CALENDAR;
            case "14" -> DataClass.CONTACTS;
            case "15" -> DataClass.TASKS;
            case "17" -> DataClass.NOTES;
            default -> throw new Answer(MALFORMED);
        };
    }

    private static int typeOf(DataClass c) {
        return switch (c) {
            case CALENDAR -> Folder.USER_CALENDAR;
            case CONTACTS -> Folder.USER_CONTACTS;
            case TASKS -> Folder.USER_TASKS;
            case NOTES -> Folder.USER_NOTES;
        };
    }
}
