package org.hearthsync.activesync.internal.protocol;

/** Status codes shared by every command (MS-ASCMD 2.2.2), sent from protocol version 14.0 on. */
public final class EasStatus {
    public static final int INVALID_CONTENT = 101;
    public static final int INVALID_WBXML = 102;
    public static final int DEVICE_ID_MISSING_OR_INVALID = 108;
    public static final int DEVICE_TYPE_MISSING_OR_INVALID = 109;
    public static final int SERVER_ERROR_RETRY_LATER = 111;
    public static final int DEVICE_BLOCKED = 129;
    public static final int ACCESS_DENIED = 130;
    public static final int COMMAND_NOT_SUPPORTED = 137;
    public static final int VERSION_NOT_SUPPORTED = 138;
    public static final int DEVICE_NOT_FULLY_PROVISIONABLE = 139;
    public static final int REMOTE_WIPE_REQUESTED = 140;
    public static final int DEVICE_NOT_PROVISIONED = 142;
    public static final int POLICY_REFRESH = 143;
    public static final int INVALID_POLICY_KEY = 144;

    /** HTTP status asking a client before 14.0 to provision first. */
    public static final int HTTP_NEEDS_PROVISIONING = 449;

    private EasStatus() {
    }
}
