package org.hearthsync.upnp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hearth router ports (UPnP)",
        description = "Asks the home router over UPnP to forward the phones' ports to this computer, renews the "
                + "forwardings and removes them when Hearth stops.")
@interface UpnpConfig {

    @AttributeDefinition(name = "Forward ports with UPnP",
            description = "Off by default: phones on the home Wi-Fi need no forwarding, and Hearth sends nothing to the "
                    + "router until you choose Internet sync (the setup wizard's 'Configure automatically'). "
                    + "Turning it off removes the forwardings Hearth made.")
    boolean enabled() default false;

    @AttributeDefinition(name = "Renewal interval (minutes)", min = "1",
            description = "How often the forwardings are made again. Also done at once when the router restarts.")
    int renewal_minutes() default 60;

    @AttributeDefinition(name = "Lease (seconds)", min = "0",
            description = "How long the router keeps a forwarding unless renewed; 0 asks for a permanent one.")
    int lease_seconds() default 3600;

    @AttributeDefinition(name = "External port for phones (EAS)", min = "1", max = "65535",
            description = "The router's public port forwarded to the EAS port (HTTPS).")
    int eas_external_port() default 443;

    @AttributeDefinition(name = "Other external ports for phones",
            description = "Tried in order when the router refuses the first one or it belongs to another computer.")
    int[] eas_fallback_ports() default { 8443, 10443 };

    @AttributeDefinition(name = "External port for the setup page", min = "1", max = "65535",
            description = "The router's public port forwarded to the setup page port (plain HTTP).")
    int setup_external_port() default 54321;

    @AttributeDefinition(name = "Other external ports for the setup page",
            description = "Tried in order when the first one cannot be had.")
    int[] setup_fallback_ports() default { 55321, 56321 };

    @AttributeDefinition(name = "Forward port 80 for ACME",
            description = "On: external port 80 also leads to the setup page port, for a publicly trusted certificate "
                    + "(ACME HTTP-01 challenge).")
    boolean acme() default false;

    @AttributeDefinition(name = "ACME external port", min = "1", max = "65535",
            description = "Certificate authorities check port 80; change only for testing.")
    int acme_external_port() default 80;
}
