package org.hearthsync.ddns.duckdns.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dynamic DNS: DuckDNS",
        description = "One DuckDNS sub-domain (NAME.duckdns.org) kept pointed at this network's public IPv4 and IPv6 "
                + "addresses. No account yet? Sign in at https://www.duckdns.org with an existing account (GitHub, "
                + "Google...), add a sub-domain and copy the token shown at the top of the page.")
@interface DuckDnsConfig {

    @AttributeDefinition(name = "Sub-domain", description = "The sub-domain, with or without .duckdns.org, for example myhome.")
    String hostname() default "";

    @AttributeDefinition(name = "Token", type = AttributeType.PASSWORD,
            description = "The account token from duckdns.org. Never shown or logged.")
    String _token() default "";

    @AttributeDefinition(name = "Update IPv6", description = "Also send the public IPv6 address (AAAA record) when there is one.")
    boolean ddns_ipv6() default true;

    @AttributeDefinition(name = "Update address", description = "DuckDNS's update service. Change it only to test against a stand-in.")
    String base_url() default "https://www.duckdns.org/update";

    String webconsole_configurationFactory_nameHint() default "{hostname} via DuckDNS";
}
