package org.hearthsync.console.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hearth console access",
        description = "Who may open the console. The console listener itself is set in 'Hearth listeners'.")
@interface ConsoleConfig {

    @AttributeDefinition(name = "Allow the console from the LAN",
            description = "Off by default: requests from any address but this computer's loopback are refused.")
    boolean allow_lan() default false;

    @AttributeDefinition(name = "Names of this computer on the LAN",
            description = "With the LAN allowed: names besides this computer's addresses and host name that the console"
                    + " answers to (such as mypc.home.arpa). Requests sent to any other name are refused, so a web page"
                    + " cannot reach the console by pointing its own name at this computer (DNS rebinding).")
    String[] lan_host_names() default {};

    @AttributeDefinition(name = "Failed sign-ins before a pause", min = "1")
    int max_failures() default 5;

    @AttributeDefinition(name = "Pause after too many failed sign-ins (seconds)", min = "1")
    int lockout_seconds() default 60;
}
