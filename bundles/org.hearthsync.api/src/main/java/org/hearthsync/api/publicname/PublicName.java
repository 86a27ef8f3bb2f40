package org.hearthsync.api.publicname;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How phones reach Hearth from the Internet. Registered by the setup bundle whether or not a name is set;
 * when the user changes it the service is modified, so a dynamic reference's {@code updated} method hears of
 * it and reads the values again.
 */
@ProviderType
public interface PublicName {

    /** The DNS name phones use from the Internet, lower case without a final dot; empty when Hearth is reached on the home network only. */
    Optional<String> host();

    /** The router's external port that leads to Hearth's EAS listener. */
    int easPort();

    /** The router's external port that leads to the setup page; 0 for the same as the setup listener's own port. */
    int setupPort();
}
