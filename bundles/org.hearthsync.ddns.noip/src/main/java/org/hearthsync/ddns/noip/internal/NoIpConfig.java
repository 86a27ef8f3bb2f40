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

    /**
     * Off by default. No-IP keeps A and AAAA apart ("A and AAAA hostnames ... updated individually or
     * dual-stacked", https://www.noip.com/integrate/request) and warns that "Excessive nochg responses
     * may result in your client being blocked" (https://www.noip.com/integrate/response): for an A-only
     * host every IPv6 change would re-send the unchanged IPv4 and earn a nochg. Turn it on for a host
     * with an AAAA record; Hearth then sends the computer's stable (not temporary) IPv6 address.
     */
    @AttributeDefinition(name = "Update IPv6", description = "Also send the public IPv6 address (myipv6). Turn on only "
            + "when the No-IP host has an AAAA (IPv6) record: No-IP answers nochg to IPv6 changes of an IPv4-only host, "
            + "and blocks clients that cause many nochg answers.")
    boolean ddns_ipv6() default false;

    @AttributeDefinition(name = "Contact e-mail", description = "Your e-mail address, sent in the User-Agent as the "
            + "contact No-IP asks update clients for. Empty: the user name when it is an e-mail address.")
    String contact() default "";

    @AttributeDefinition(name = "Update address",
            description = "No-IP's update service. Change it only to test against a stand-in.")
    String base_url() default "https://dynupdate.no-ip.com/nic/update";

    String webconsole_configurationFactory_nameHint() default "{hostname} via No-IP";
}
