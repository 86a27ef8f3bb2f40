package org.hearthsync.activesync.internal.command.folders;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.hearthsync.activesync.internal.command.foldersync.Folder;
import org.hearthsync.activesync.internal.command.foldersync.HierarchyEdit;
import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.protocol.CommandHandler;
import org.hearthsync.activesync.internal.protocol.EasResponse;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What FolderCreate, FolderUpdate and FolderDelete (MS-ASCMD 2.2.1.3, 2.2.1.6, 2.2.1.4) share: the
 * request's hierarchy SyncKey must be the last one the device got (status 9 otherwise), the work
 * is done on the account's store collections, and the device's hierarchy state records the phone's
 * change under a new key so FolderSync does not echo it.
 *
 * <p>Statuses: 1 success, 2 a folder of that name exists, 3 special folder (the default and mail
 * folders, or a parent Hearth cannot nest under), 4 no such folder, 5 parent not found, 6 the store
 * failed or cannot do it ({@link StoreException.Unsupported}), 9 sync key mismatch, 10 malformed
 * request, 11 unexpected failure. A store that is away answers HTTP 503 with Retry-After, as FolderSync does.
 */
abstract class FolderCommandHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FolderCommandHandler.class);
    static final String NS = "FolderHierarchy";
    static final int SUCCESS = 1;
    static final int EXISTS = 2;
    static final int SPECIAL_FOLDER = 3;
    static final int NOT_FOUND = 4;
    static final int PARENT_NOT_FOUND = 5;
    static final int SERVER_ERROR = 6;
    static final int INVALID_SYNC_KEY = 9;
    static final int MALFORMED = 10;
    static final int UNKNOWN_ERROR = 11;
    static final int RETRY_AFTER_SECONDS = 30;

    final StoreDirectory stores;
    final DeviceStateStore state;

    FolderCommandHandler(StoreDirectory stores, DeviceStateStore state) {
        this.stores = stores;
        this.state = state;
    }

    /** Thrown inside a handler to answer with a status. */
    static final class Answer extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Answer(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    /** The command's work; returns the response root with status 1 and the new SyncKey filled in. */
    abstract Element apply(CommandContext ctx, Element request, HierarchyEdit edit, PimStore store)
            throws Answer, StoreException;

    @Override
    public final EasResponse handle(CommandContext ctx) {
        Command c = command();
        Element root = ctx.document();
        if (root == null || !root.is(NS, c.root())) {
            return status(MALFORMED);
        }
        String key = root.childText(NS, "SyncKey");
        if (key == null || key.isBlank()) {
            return status(MALFORMED);
        }
        try {
            Optional<HierarchyEdit> edit = HierarchyEdit.open(stores, state, ctx.account(), ctx.deviceId(), key);
            if (edit.isEmpty()) {
                LOG.debug("{} of device {} of {}: hierarchy key mismatch", c.wireName(), ctx.deviceId(), ctx.userName());
                return status(INVALID_SYNC_KEY);
            }
            PimStore store = stores.store(ctx.account().storeName()).orElseThrow(
                    () -> new StoreException.Unavailable("no store named '" + ctx.account().storeName() + "'", null));
            return EasResponse.document(apply(ctx, root, edit.get(), store));
        } catch (Answer a) {
            LOG.debug("{} of device {} of {}: status {}", c.wireName(), ctx.deviceId(), ctx.userName(), a.status);
            return status(a.status);
        } catch (StoreException.Unavailable e) {
            LOG.warn("store '{}' of {} is unavailable: {}", ctx.account().storeName(), ctx.userName(), e.getMessage());
            return EasResponse.retryLater(RETRY_AFTER_SECONDS);
        } catch (StoreException.Unsupported e) {
            LOG.debug("store '{}' of {} cannot {}: {}", ctx.account().storeName(), ctx.userName(), c.wireName(),
                    e.getMessage());
            return status(SERVER_ERROR);
        } catch (StoreException.NotFound e) {
            return status(NOT_FOUND);
        } catch (StoreException e) {
            LOG.warn("store '{}' of {} failed {}: {}", ctx.account().storeName(), ctx.userName(), c.wireName(),
                    e.getMessage());
            return status(SERVER_ERROR);
        } catch (RuntimeException e) {
            LOG.warn("{} of device {} of {} failed", c.wireName(), ctx.deviceId(), ctx.userName(), e);
            return status(UNKNOWN_ERROR);
        }
    }

    EasResponse status(int status) {
        return EasResponse.document(new Element(NS, command().root()).addText(NS, "Status", Integer.toString(status)));
    }

    Element success(String newKey) {
        return new Element(NS, command().root()).addText(NS, "Status", Integer.toString(SUCCESS)).addText(NS,
                "SyncKey", newKey);
    }

    /** A display name a phone may set: not blank, no control characters, at most 256 characters. */
    static String name(Element request) throws Answer {
        String n = request.childText(NS, "DisplayName");
        if (n == null || n.isBlank() || n.length() > 256 || n.chars().anyMatch(Character::isISOControl)) {
            throw new Answer(MALFORMED);
        }
        return n.strip();
    }

    /** Hearth's folders are all top level: {@code 0} or nothing is fine, a folder is one it cannot nest under. */
    static void checkParent(Element request, List<Folder> folders) throws Answer {
        String parent = request.childText(NS, "ParentId");
        if (parent == null || parent.isBlank() || parent.trim().equals("0")) {
            return;
        }
        boolean known = folders.stream().anyMatch(f -> f.serverId().equals(parent.trim()));
        throw new Answer(known ? SPECIAL_FOLDER : PARENT_NOT_FOUND);
    }

    /** Whether another folder than {@code exceptId} is called {@code name} (case-insensitively). */
    static boolean nameTaken(List<Folder> folders, String name, String exceptId) {
        String n = name.toLowerCase(Locale.ROOT);
        return folders.stream().anyMatch(f -> !f.serverId().equals(exceptId)
                && f.displayName().toLowerCase(Locale.ROOT).equals(n));
    }

    /** A folder the phone names by ServerId that it may rename or delete: a user folder of a collection. */
    static Folder userFolder(HierarchyEdit edit, List<Folder> current, String serverId) throws Answer {
        if (serverId == null || serverId.isBlank()) {
            throw new Answer(MALFORMED);
        }
        Folder f = current.stream().filter(x -> x.serverId().equals(serverId.trim())).findFirst().orElse(null);
        if (f == null) {
            throw new Answer(NOT_FOUND);
        }
        if (f.type() < Folder.USER_CALENDAR || edit.collectionOf(f.serverId()).isEmpty()) {
            throw new Answer(SPECIAL_FOLDER); // mail folders and the default folder of each class
        }
        return f;
    }
}
