package org.hearthsync.activesync.internal.command.foldersync;

/**
 * One folder as a phone sees it (MS-ASCMD 2.2.3.186 Type).
 *
 * @param serverId    stable id of the folder for this device
 * @param parentId    {@code 0} for top-level folders
 * @param displayName the name shown on the phone
 * @param type        the EAS folder type
 */
public record Folder(String serverId, String parentId, String displayName, int type) {
    public static final int INBOX = 2;
    public static final int DRAFTS = 3;
    public static final int DELETED_ITEMS = 4;
    public static final int SENT_ITEMS = 5;
    public static final int OUTBOX = 6;
    public static final int DEFAULT_TASKS = 7;
    public static final int DEFAULT_CALENDAR = 8;
    public static final int DEFAULT_CONTACTS = 9;
    public static final int DEFAULT_NOTES = 10;
    public static final int USER_CALENDAR = 13;
    public static final int USER_CONTACTS = 14;
    public static final int USER_TASKS = 15;
    public static final int USER_NOTES = 17;
}
