package org.hearthsync.activesync.internal.command.foldersync;

import org.hearthsync.wbxml.Element;

/**
 * A FolderSync request (MS-ASCMD 2.2.1.5): the phone's hierarchy sync key.
 *
 * @param syncKey the key as sent; {@code 0} asks for the whole hierarchy
 */
public record FolderSyncRequest(String syncKey) {
    static final String NS = "FolderHierarchy";

    /** Reads a request; {@code null} when the document is not a FolderSync request with a SyncKey. */
    public static FolderSyncRequest from(Element root) {
        if (root == null || !root.is(NS, "FolderSync")) {
            return null;
        }
        String key = root.childText(NS, "SyncKey");
        return key == null ? null : new FolderSyncRequest(key.trim());
    }

    /** The key as a number, or -1 when it is not one Hearth could have issued. */
    int numericKey() {
        if (syncKey.isEmpty() || syncKey.length() > 9) {
            return -1;
        }
        for (int i = 0; i < syncKey.length(); i++) {
            if (!Character.isDigit(syncKey.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(syncKey);
    }
}
