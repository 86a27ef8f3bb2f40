package org.hearthsync.ddns.custom.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Dynamic DNS: custom update URL",
        description = "A dynamic DNS service not listed elsewhere, through its dyndns2-style update URL; or, under "
                + "Advanced, a DNS name that already points at this computer and that Hearth should only use.")
@interface CustomConfig {

    @AttributeDefinition(name = "What Hearth does", description = "Call the update URL whenever the public address "
            + "changes; or (Advanced) only record that this is my DNS name: Hearth never calls anything for it.",
            options = { @Option(value = "update", label = "Call the update URL when the address changes"),
                    @Option(value = "name-only", label = "Advanced: this is my DNS name (never call anything)") })
    String mode() default "update";

    @AttributeDefinition(name = "Host name", description = "The full DNS name, for example myhome.example.net.")
    String hostname() default "";

    @AttributeDefinition(name = "Update URL", description = "The update URL with placeholders: {hostname}, {ip} "
            + "(IPv4), {ipv4}, {ipv6}, {username}, {password}; each is URL-encoded. For example "
            + "https://dyn.example.net/nic/update?hostname={hostname}&myip={ip}. Kept out of the service "
            + "properties, since some services put a token in it.")
    String _update_url() default "";

    @AttributeDefinition(name = "HTTP method", options = { @Option(value = "GET", label = "GET"),
            @Option(value = "POST", label = "POST"), @Option(value = "PUT", label = "PUT") })
    String method() default "GET";

    @AttributeDefinition(name = "Request body", description = "For POST and PUT: the body, with the same placeholders "
            + "(URL-encoded when the content type is a form, as-is otherwise).")
    String body() default "";

    @AttributeDefinition(name = "Content type", description = "For POST and PUT.")
    String content_type() default "application/x-www-form-urlencoded";

    @AttributeDefinition(name = "User name", description = "Sent with HTTP Basic authentication when set, and "
            + "available as {username}.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
            description = "Sent with HTTP Basic authentication when a user name is set, and available as {password}. "
                    + "Never shown or logged.")
    String _password() default "";

    @AttributeDefinition(name = "Success pattern", description = "A regular expression found in the answer when the "
            + "update worked. Other answers are read as dyndns2 words (badauth, nohost, 911...).")
    String success_regex() default "^\\s*(good|nochg)\\b";

    @AttributeDefinition(name = "Update IPv6", description = "Pass the public IPv6 address as {ipv6} when there is one.")
    boolean ddns_ipv6() default true;

    String webconsole_configurationFactory_nameHint() default "{hostname} via custom URL";
}
