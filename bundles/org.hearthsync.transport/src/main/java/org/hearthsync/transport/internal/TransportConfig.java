package org.hearthsync.transport.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hearth listeners",
        description = "The ports Hearth listens on. Changing them restarts the listeners; phones reconnect by themselves.")
@interface TransportConfig {

    @AttributeDefinition(name = "EAS port (TLS)", min = "1", max = "65535",
            description = "Phones connect here over HTTPS. The router maps external port 443 to it.")
    int eas_port() default 8443;

    @AttributeDefinition(name = "Setup page port (plain HTTP)", min = "1", max = "65535",
            description = "Phones open the setup page here to install Hearth's certificate.")
    int setup_port() default 54321;

    @AttributeDefinition(name = "Console port", min = "1", max = "65535",
            description = "The web console and setup wizard. Loopback only unless LAN access is allowed.")
    int console_port() default 54322;

    @AttributeDefinition(name = "Bind address",
            description = "The address the EAS and setup listeners bind to; empty for every address of this computer.")
    String bind_address() default "";

    @AttributeDefinition(name = "Allow the console from the LAN",
            description = "Off by default: the console then listens on 127.0.0.1 only and refuses any other address.")
    boolean console_allow_lan() default false;

    @AttributeDefinition(name = "CalDAV/CardDAV port for this computer (plain HTTP)", min = "0", max = "65535",
            description = "0 (the default) for none. Else calendar and address book programs on this computer reach"
                    + " Hearth's DAV server at http://127.0.0.1:PORT/dav/ without TLS; the port listens on 127.0.0.1"
                    + " and ::1 only, never on another address, with the same accounts and sign-in throttle.")
    int dav_loopback_port() default 0;
}
