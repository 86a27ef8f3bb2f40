package org.hearthsync.net.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hearth addresses",
        description = "How Hearth finds the address of this computer that phones on the home network reach.")
@interface AddressConfig {

    @AttributeDefinition(name = "Primary address",
            description = "Use this address instead of detecting one (for example when a VPN is the default route).")
    String primary_address() default "";

    @AttributeDefinition(name = "Probe address",
            description = "An address outside the home network. Hearth asks the system which local address would be "
                    + "used to reach it; no packet is sent.")
    String probe_address() default "192.0.2.1";
}
