package org.hearthsync.console.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hearth console access",
        description = "Who may open the console. The console listener itself is set in 'Hearth listeners'.")
@interface ConsoleConfig {

    @AttributeDefinition(name = "Allow the console from the LAN",
            description = "Off by default: requests from any address but this computer's loopback are refused.")
    boolean allow_lan() default false;

    @AttributeDefinition(name = "Failed sign-ins before a pause", min = "1")
    int max_failures() default 5;

    @AttributeDefinition(name = "Pause after too many failed sign-ins (seconds)", min = "1")
    int lockout_seconds() default 60;
}
