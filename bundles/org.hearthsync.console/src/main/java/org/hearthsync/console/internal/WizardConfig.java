package org.hearthsync.console.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Hearth setup wizard",
        description = "What the console's setup wizard remembers between its steps. The settings it makes live in the "
                + "configurations of each part (accounts, listeners, addresses, router ports, DNS names).")
@interface WizardConfig {
    String PID = "org.hearthsync.console.setup";

    @AttributeDefinition(name = "Reach", options = { @Option(value = "wifi", label = "Wi-Fi at home only"),
            @Option(value = "internet", label = "Also from the Internet") }, required = false)
    String mode() default "";

    @AttributeDefinition(name = "Phone type", options = { @Option(value = "iphone", label = "iPhone or iPad"),
            @Option(value = "android", label = "Android"), @Option(value = "other", label = "Another phone") }, required = false)
    String phone_type() default "";

    @AttributeDefinition(name = "Store", description = "The store the account syncs.", required = false)
    String store_name() default "default";

    @AttributeDefinition(name = "Collections", description = "Ids of the collections the phones see; empty for all.",
            required = false)
    String[] collections() default {};

    @AttributeDefinition(name = "User name", description = "The account the wizard sets up.", required = false)
    String user_name() default "";
}
