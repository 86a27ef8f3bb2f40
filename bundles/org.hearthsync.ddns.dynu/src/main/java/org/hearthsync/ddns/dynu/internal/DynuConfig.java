package org.hearthsync.ddns.dynu.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dynamic DNS: Dynu",
        description = "One Dynu host name kept pointed at this network's public IPv4 and IPv6 addresses. No account "
                + "yet? Sign up at https://www.dynu.com/en-US/ControlPanel/CreateAccount and add a free host name "
                + "(for example myhome.freeddns.org).")
@interface DynuConfig {

    @AttributeDefinition(name = "Host name", description = "The full host name, for example myhome.freeddns.org.")
    String hostname() default "";

    @AttributeDefinition(name = "User name", description = "Your Dynu user name.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
            description = "Your Dynu password, its MD5 or SHA-256 hash, or the IP update password set in Dynu's "
                    + "control panel. Never shown or logged.")
    String _password() default "";

    @AttributeDefinition(name = "Update IPv6",
            description = "Also send the public IPv6 address (AAAA record). When off, Dynu is told to leave IPv6 alone.")
    boolean ddns_ipv6() default true;

    @AttributeDefinition(name = "Update address", description = "Dynu's update service. Change it only to test against a stand-in.")
    String base_url() default "https://api.dynu.com/nic/update";

    String webconsole_configurationFactory_nameHint() default "{hostname} via Dynu";
}
