package org.hearthsync.ddns.twodns.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dynamic DNS: Two-DNS (service closed)",
        description = "Two-DNS (twodns.de) closed in December 2024. This plugin follows the API as it was documented "
                + "(an HTTP PUT of the address as JSON, IPv4 only) for names that were moved to a compatible service; "
                + "against twodns.de itself every update ends as 'service closed'. Choose another provider (No-IP, "
                + "DuckDNS, deSEC, Dynu) for a name that works today.")
@interface TwoDnsConfig {

    @AttributeDefinition(name = "Host name", description = "The full host name, for example myhome.dd-dns.de.")
    String hostname() default "";

    @AttributeDefinition(name = "E-mail address", description = "The e-mail address of the Two-DNS account.")
    String username() default "";

    @AttributeDefinition(name = "API token", type = AttributeType.PASSWORD,
            description = "The account's API token (or password). Never shown or logged.")
    String _token() default "";

    @AttributeDefinition(name = "API address", description = "Two-DNS's API. Change it only to test against a stand-in.")
    String base_url() default "https://api.twodns.de";

    String webconsole_configurationFactory_nameHint() default "{hostname} via Two-DNS (closed)";
}
