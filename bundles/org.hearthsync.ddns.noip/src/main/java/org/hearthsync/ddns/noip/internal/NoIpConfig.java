package org.hearthsync.ddns.noip.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dynamic DNS: No-IP",
        description = "One No-IP host name kept pointed at this network's public address. No account yet? Sign up "
                + "at https://www.noip.com/sign-up and create a host name (for example myhome.ddns.net). Free host "
                + "names must be confirmed every 30 days on noip.com.")
@interface NoIpConfig {

    @AttributeDefinition(name = "Host name", description = "The full host name, for example myhome.ddns.net.")
    String hostname() default "";

    @AttributeDefinition(name = "User name", description = "Your No-IP user name or e-mail address, or the DDNS key's user name.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
            description = "Your No-IP password, or the DDNS key's password. Never shown or logged.")
    String _password() default "";

    @AttributeDefinition(name = "Update IPv6", description = "Also send the public IPv6 address (AAAA record) when there is one.")
    boolean ddns_ipv6() default true;

    @AttributeDefinition(name = "Update address",
            description = "No-IP's update service. Change it only to test against a stand-in.")
    String base_url() default "https://dynupdate.no-ip.com/nic/update";

    String webconsole_configurationFactory_nameHint() default "{hostname} via No-IP";
}
