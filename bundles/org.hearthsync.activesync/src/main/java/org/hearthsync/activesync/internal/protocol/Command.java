package org.hearthsync.activesync.internal.protocol;

import java.util.Optional;

/**
 * The EAS commands with their base64 command codes (MS-ASHTTP 2.2.1.1.1.1.2) and the root element
 * of their WBXML documents, where they have one.
 */
public enum Command {
    SYNC("Sync", 0, "AirSync", "Sync"),
    SEND_MAIL("SendMail", 1, "ComposeMail", "SendMail"),
    SMART_FORWARD("SmartForward", 2, "ComposeMail", "SmartForward"),
    SMART_REPLY("SmartReply", 3, "ComposeMail", "SmartReply"),
    GET_ATTACHMENT("GetAttachment", 4, null, null),
    FOLDER_SYNC("FolderSync", 9, "FolderHierarchy", "FolderSync"),
    FOLDER_CREATE("FolderCreate", 10, "FolderHierarchy", "FolderCreate"),
    FOLDER_DELETE("FolderDelete", 11, "FolderHierarchy", "FolderDelete"),
    FOLDER_UPDATE("FolderUpdate", 12, "FolderHierarchy", "FolderUpdate"),
    MOVE_ITEMS("MoveItems", 13, "Move", "MoveItems"),
    GET_ITEM_ESTIMATE("GetItemEstimate", 14, "GetItemEstimate", "GetItemEstimate"),
    MEETING_RESPONSE("MeetingResponse", 15, "MeetingResponse", "MeetingResponse"),
    SEARCH("Search", 16, "Search", "Search"),
    SETTINGS("Settings", 17, "Settings", "Settings"),
    PING("Ping", 18, "Ping", "Ping"),
    ITEM_OPERATIONS("ItemOperations", 19, "ItemOperations", "ItemOperations"),
    PROVISION("Provision", 20, "Provision", "Provision"),
    RESOLVE_RECIPIENTS("ResolveRecipients", 21, "ResolveRecipients", "ResolveRecipients"),
    VALIDATE_CERT("ValidateCert", 22, "ValidateCert", "ValidateCert"),
    FIND("Find", 23, "Find", "Find");

    private final String wireName;
    private final int code;
    private final String namespace;
    private final String root;

    Command(String wireName, int code, String namespace, String root) {
        this.wireName = wireName;
        this.code = code;
        this.namespace = namespace;
        this.root = root;
    }

    /** The name in the {@code Cmd} query parameter. */
    public String wireName() {
        return wireName;
    }

    public int code() {
        return code;
    }

    /** Code page of the command's root element, or {@code null} when its body is not WBXML. */
    public String namespace() {
        return namespace;
    }

    /** The command's root element, or {@code null}. */
    public String root() {
        return root;
    }

    /** The command named {@code name}, matched exactly as MS-ASCMD spells it. */
    public static Optional<Command> byName(String name) {
        for (Command c : values()) {
            if (c.wireName.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public static Optional<Command> byCode(int code) {
        for (Command c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
