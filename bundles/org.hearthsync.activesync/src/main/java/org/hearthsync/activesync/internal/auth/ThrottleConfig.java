package org.hearthsync.activesync.internal.auth;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hearth sign-in throttle",
        description = "How many wrong passwords from one address lock it out, how many for one account pause new"
                + " sign-ins to it (the pause doubles with each further wrong password, up to an hour), and for how long."
                + " Phones that signed in before keep syncing during a pause.")
@interface ThrottleConfig {

    @AttributeDefinition(name = "Failures from one address before lockout", min = "1", max = "1000")
    int max_failures() default 5;

    @AttributeDefinition(name = "Failures for one account before it pauses",
            description = "From any number of addresses. Each further failure doubles the pause.", min = "1", max = "1000")
    int account_max_failures() default 10;

    @AttributeDefinition(name = "Counting window (seconds)", description = "Failures older than this are forgotten.",
            min = "1")
    int window_seconds() default 600;

    @AttributeDefinition(name = "Lockout (seconds)", min = "1")
    int lockout_seconds() default 300;
}
