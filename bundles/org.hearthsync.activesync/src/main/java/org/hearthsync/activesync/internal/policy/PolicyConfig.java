package org.hearthsync.activesync.internal.policy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hearth phone policy",
        description = "The security policy phones are asked to apply (EAS provisioning). The default asks for nothing:"
                + " no PIN, no encryption. A change makes every phone fetch the policy again.")
@interface PolicyConfig {

    @AttributeDefinition(name = "Require a device password (PIN)")
    boolean require_password() default false;

    @AttributeDefinition(name = "Require an alphanumeric password")
    boolean alphanumeric_password() default false;

    @AttributeDefinition(name = "Minimum password length", min = "1", max = "16")
    int min_password_length() default 4;

    @AttributeDefinition(name = "Allow simple passwords (1111, 1234)")
    boolean allow_simple_password() default true;

    @AttributeDefinition(name = "Lock after inactivity (seconds)",
            description = "Applies only when a password is required; 0 for no limit.", min = "0", max = "9999")
    int max_inactivity_seconds() default 900;

    @AttributeDefinition(name = "Wrong passwords before the phone wipes itself",
            description = "Applies only when a password is required; 0 for no limit.", min = "0", max = "16")
    int max_failed_attempts() default 0;

    @AttributeDefinition(name = "Require device encryption")
    boolean require_encryption() default false;

    @AttributeDefinition(name = "Allow phones that do not provision",
            description = "Serve requests that carry no policy key at all (Exchange's 'non-provisionable devices')."
                    + " Such phones cannot be wiped remotely.")
    boolean allow_non_provisionable() default false;
}
