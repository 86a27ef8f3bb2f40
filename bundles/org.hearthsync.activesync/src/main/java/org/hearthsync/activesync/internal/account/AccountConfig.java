package org.hearthsync.activesync.internal.account;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hearth account",
        description = "An account phones sign in with. Set the password with 'hearth --set-password USER' or in the setup wizard.")
@interface AccountConfig {

    @AttributeDefinition(name = "User name", description = "What the phone's user name field holds.")
    String user_name();

    @AttributeDefinition(name = "E-mail address",
            description = "The address the phone's account is created with, for example you@your-name.ddns.net.")
    String email_address() default "";

    @AttributeDefinition(name = "Password hash", type = AttributeType.PASSWORD,
            description = "A salted PBKDF2 hash; never the password itself.")
    // The leading dot (".password.hash") keeps it out of the account's service properties, which any bundle can read.
    String _password_hash() default "";

    @AttributeDefinition(name = "Store", description = "The name of the store this account syncs.")
    String store_name() default "default";

    @AttributeDefinition(name = "Collections", required = false,
            description = "Ids of the store's collections the account's phones see; empty for all.")
    String[] collections() default {};

    String webconsole_configurationFactory_nameHint() default "{user.name}";
}
