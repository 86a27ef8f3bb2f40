package org.hearthsync.ddns.dnsdynamic.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dynamic DNS: DNSdynamic (service appears closed)",
        description = "One DNSdynamic host name (www.dnsdynamic.org, dyndns2 protocol, IPv4 only). The service "
                + "appears to have closed: it no longer answers. This plugin follows its documented protocol in case "
                + "it comes back; choose another provider (No-IP, DuckDNS, deSEC, Dynu) for a name that works today.")
@interface DnsDynamicConfig {

    @AttributeDefinition(name = "Host name", description = "The full host name, for example myhome.dnsdynamic.com.")
    String hostname() default "";

    @AttributeDefinition(name = "E-mail address", description = "The e-mail address of the DNSdynamic account.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
            description = "The DNSdynamic account password. Never shown or logged.")
    String _password() default "";

    @AttributeDefinition(name = "Update address",
            description = "DNSdynamic's update service. Change it only to test against a stand-in.")
    String base_url() default "https://www.dnsdynamic.org/api/";

    String webconsole_configurationFactory_nameHint() default "{hostname} via DNSdynamic";
}
