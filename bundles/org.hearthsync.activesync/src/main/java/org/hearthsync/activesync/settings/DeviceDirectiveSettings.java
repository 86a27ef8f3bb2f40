package org.hearthsync.activesync.settings;

/**
 * The names of a device directive's settings (one factory configuration per directive: block, allow or wipe
 * one phone of one account), owned here so that a part writing them (the console's devices page) follows a
 * rename at compile time.
 */
public final class DeviceDirectiveSettings {

    /** The factory PID: one configuration per directive. */
    public static final String FACTORY_PID = "org.hearthsync.activesync.device";

    /** The account's user name. */
    public static final String USER_NAME = "user.name";

    /** The phone's EAS device id. */
    public static final String DEVICE_ID = "device.id";

    /** What to do: a {@code DeviceState} name. */
    public static final String STATE = "state";

    private DeviceDirectiveSettings() {
    }
}
