package org.hearthsync.activesync.internal.device;

import org.hearthsync.api.account.DeviceState;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hearth device directive",
        description = "What to do with one phone: allow, block, wipe it, or remove only the account's data from it (EAS 16.1)."
                + " Written by the console; also settable as a file DATA/etc/org.hearthsync.activesync.device-NAME.cfg.")
@interface DeviceDirectiveConfig {

    @AttributeDefinition(name = "User name", description = "The account the phone signs in with.")
    String user_name();

    @AttributeDefinition(name = "Device id", description = "The phone's EAS DeviceId, as the device list shows it.")
    String device_id();

    @AttributeDefinition(name = "State", description = "ALLOWED, BLOCKED, WIPE_PENDING or ACCOUNT_WIPE_PENDING.")
    DeviceState state() default DeviceState.BLOCKED;

    String webconsole_configurationFactory_nameHint() default "{device.id} of {user.name}: {state}";
}
