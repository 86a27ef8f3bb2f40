package org.hearthsync.ddns.desec.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dynamic DNS: deSEC",
        description = "One deSEC name (for example myhome.dedyn.io, free, DNSSEC-signed) kept pointed at this "
                + "network's public IPv4 and IPv6 addresses. No account yet? Register at https://desec.io/signup "
                + "choosing a dedyn.io name; the e-mail you receive holds the token.")
@interface DesecConfig {

    @AttributeDefinition(name = "Domain name", description = "The full name, for example myhome.dedyn.io.")
    String hostname() default "";

    @AttributeDefinition(name = "Token", type = AttributeType.PASSWORD,
            description = "The deSEC token for this name. Never shown or logged.")
    String _token() default "";

    @AttributeDefinition(name = "Update IPv6",
            description = "Also send the public IPv6 address (AAAA record). When off, or when no IPv6 address is "
                    + "known, deSEC is told to keep the AAAA record as it is.")
    boolean ddns_ipv6() default true;

    @AttributeDefinition(name = "Update address", description = "deSEC's update service. Change it only to test against a stand-in.")
    String base_url() default "https://update.dedyn.io/";

    String webconsole_configurationFactory_nameHint() default "{hostname} via deSEC";
}
