package org.hearthsync.ddns.internal;

/** The updater's configuration PID. */
final class UpdaterComponentPid {
    static final String PID = "org.hearthsync.ddns";

    private UpdaterComponentPid() {
    }
}
