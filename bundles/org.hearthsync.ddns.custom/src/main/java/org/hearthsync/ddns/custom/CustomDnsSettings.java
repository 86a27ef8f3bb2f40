package org.hearthsync.ddns.custom;

/**
 * The names of the custom dynamic DNS provider's settings that another part writes (the console's setup
 * wizard records a name the user owns in "name-only" mode), owned here so a rename shows at compile time.
 */
public final class CustomDnsSettings {

    /** The factory PID: one configuration per name. */
    public static final String FACTORY_PID = "org.hearthsync.ddns.custom";

    /** What the provider does: {@code update} (call the URL) or {@link #NAME_ONLY}. */
    public static final String MODE = "mode";

    /** The mode in which the name is only recorded and nothing is ever called. */
    public static final String NAME_ONLY = "name-only";

    /** The DNS name. */
    public static final String HOSTNAME = "hostname";

    private CustomDnsSettings() {
    }
}
