package org.hearthsync.activesync.internal.device;

import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.account.Device;
import org.hearthsync.api.account.DeviceRegistry;
import org.hearthsync.api.account.DeviceState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one configured device directive to the registry when the configuration appears or
 * changes. A wipe that the phone has already confirmed (state WIPED) is never asked for again by
 * the same directive; the directive does not undo itself when deleted (the registry keeps the state).
 */
@Component(service = {}, immediate = true, configurationPid = DeviceDirective.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DeviceDirectiveConfig.class, factory = true)
public final class DeviceDirective {
    public static final String FACTORY_PID = org.hearthsync.activesync.settings.DeviceDirectiveSettings.FACTORY_PID;
    private static final Logger LOG = LoggerFactory.getLogger(DeviceDirective.class);

    private final DeviceRegistry devices;
    private final AccountRegistry accounts;

    @Activate
    public DeviceDirective(@Reference DeviceRegistry devices, @Reference AccountRegistry accounts,
            DeviceDirectiveConfig config) {
        this.devices = devices;
        this.accounts = accounts;
        configure(config);
    }

    @Modified
    void modified(DeviceDirectiveConfig config) {
        configure(config);
    }

    private void configure(DeviceDirectiveConfig config) {
        apply(devices, accounts.find(config.user_name()).map(a -> a.userName()).orElse(config.user_name()),
                config.device_id(), config.state());
    }

    /** Applies {@code wanted} unless it would repeat a wipe the device already confirmed; returns whether it changed. */
    static boolean apply(DeviceRegistry devices, String userName, String deviceId, DeviceState wanted) {
        if (userName == null || userName.isBlank() || deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException("a device directive needs user.name and device.id");
        }
        if (wanted == DeviceState.WIPED) {
            throw new IllegalArgumentException("WIPED is what a phone reports; ask for WIPE_PENDING instead");
        }
        DeviceState current = devices.find(userName, deviceId).map(Device::state).orElse(null);
        if (current == wanted) {
            return false;
        }
        if (current == DeviceState.WIPED && (wanted == DeviceState.WIPE_PENDING || wanted == DeviceState.ACCOUNT_WIPE_PENDING)) {
            LOG.debug("device {} of {} already confirmed its wipe", deviceId, userName);
            return false;
        }
        devices.setState(userName, deviceId, wanted);
        return true;
    }
}
