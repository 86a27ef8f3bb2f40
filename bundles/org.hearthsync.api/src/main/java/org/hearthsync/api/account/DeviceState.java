package org.hearthsync.api.account;

/** What the user decided about a device. */
public enum DeviceState {
    /** Syncs normally. */
    ALLOWED,
    /** Refused with the EAS "device blocked" status. */
    BLOCKED,
    /** The next Provision asks the phone to wipe itself. */
    WIPE_PENDING,
    /** The next Provision asks the phone to remove the account's data only (EAS 16.1). */
    ACCOUNT_WIPE_PENDING,
    /** The phone confirmed a wipe; it is refused from now on. */
    WIPED
}
