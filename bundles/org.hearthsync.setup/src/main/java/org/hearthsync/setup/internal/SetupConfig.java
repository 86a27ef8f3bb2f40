package org.hearthsync.setup.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hearth phone setup",
        description = "The setup page phones open to install Hearth's certificate and account, and its QR codes.")
@interface SetupConfig {
    String PID = org.hearthsync.setup.SetupSettings.PID;

    @AttributeDefinition(name = "Internet name",
            description = "The DNS name phones use from the Internet (for example your dynamic DNS name); empty when "
                    + "Hearth is reached on the home network only. It must also be in the certificate's extra names.")
    String public_host() default "";

    @AttributeDefinition(name = "Internet EAS port", min = "1", max = "65535",
            description = "The router's external port that leads to Hearth's EAS port.")
    int public_eas_port() default 443;

    @AttributeDefinition(name = "Internet setup page port", min = "0", max = "65535",
            description = "The router's external port that leads to the setup page; 0 for the same as on the home network.")
    int public_setup_port() default 0;
}
