package org.hearthsync.ddns.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hearth dynamic DNS updater",
        description = "How Hearth finds the public address of this network and how often it checks it. "
                + "The names themselves are set up per provider (No-IP, DuckDNS, deSEC, Dynu, custom URL...).")
@interface UpdaterConfig {

    @AttributeDefinition(name = "Check interval (minutes)", min = "1",
            description = "How often Hearth checks whether the public address changed. A provider is only called "
                    + "when its name must change, and never more than once a minute.")
    int check_interval_minutes() default 5;

    @AttributeDefinition(name = "IPv4 check services",
            description = "Web addresses that answer with the caller's public IPv4 address as plain text, tried in "
                    + "order until one answers. Public address sources such as the router (UPnP) are asked first.")
    String[] check_ipv4_urls() default { "https://api.ipify.org", "https://ipv4.icanhazip.com",
            "https://checkip.amazonaws.com" };

    @AttributeDefinition(name = "IPv6 check services",
            description = "Web addresses that answer with the caller's public IPv6 address as plain text. "
                    + "Leave empty to update IPv4 only.")
    String[] check_ipv6_urls() default { "https://api6.ipify.org", "https://ipv6.icanhazip.com" };

    @AttributeDefinition(name = "Provider time limit (seconds)", min = "5",
            description = "How long one provider may take to answer before Hearth gives up on that call.")
    int call_timeout_seconds() default 60;
}
