package org.hearthsync.activesync.internal.command.foldersync;

import org.hearthsync.wbxml.Element;

/** Builds the FolderSync response document. */
final class FolderSyncResponse {
    private static final String NS = FolderSyncRequest.NS;

    private FolderSyncResponse() {
    }

    static Element status(int status) {
        return new Element(NS, "FolderSync").addText(NS, "Status", Integer.toString(status));
    }

    static Element changes(String syncKey, HierarchyDiff diff) {
        Element root = status(1);
        root.addText(NS, "SyncKey", syncKey);
        Element changes = root.add(NS, "Changes");
        changes.addText(NS, "Count", Integer.toString(diff.count()));
        for (Folder f : diff.updated()) {
            folder(changes.add(NS, "Update"), f);
        }
        for (String id : diff.deleted()) {
            changes.add(NS, "Delete").addText(NS, "ServerId", id);
        }
        for (Folder f : diff.added()) {
            folder(changes.add(NS, "Add"), f);
        }
        return root;
    }

    private static void folder(Element e, Folder f) {
        e.addText(NS, "ServerId", f.serverId()).addText(NS, "ParentId", f.parentId())
                .addText(NS, "DisplayName", f.displayName()).addText(NS, "Type", Integer.toString(f.type()));
    }
}
