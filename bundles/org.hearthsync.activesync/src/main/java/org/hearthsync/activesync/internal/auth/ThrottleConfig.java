package org.hearthsync.activesync.internal.auth;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hearth sign-in throttle",
        description = "How many wrong passwords from one address, or for one phone, lock it out, and for how long.")
@interface ThrottleConfig {

    @AttributeDefinition(name = "Failures before lockout", min = "1", max = "1000")
    int max_failures() default 5;

    @AttributeDefinition(name = "Counting window (seconds)", description = "Failures older than this are forgotten.",
            min = "1")
    int window_seconds() default 600;

    @AttributeDefinition(name = "Lockout (seconds)", min = "1")
    int lockout_seconds() default 300;
}
