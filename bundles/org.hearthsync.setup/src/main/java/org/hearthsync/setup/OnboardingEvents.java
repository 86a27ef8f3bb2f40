package org.hearthsync.setup;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the setup page handed out since Hearth started: one {@link Onboarding} per download of the
 * root certificate or of an iOS configuration profile. Kept in memory only, newest last, at most
 * {@link #CAPACITY} entries. The console polls it to show "your phone fetched the certificate".
 */
@ProviderType
public interface OnboardingEvents {

    /** How many downloads are remembered; older ones are forgotten. */
    int CAPACITY = 50;

    /** The remembered downloads, oldest first. */
    List<Onboarding> recent();

    /** The downloads at or after {@code since}, oldest first. */
    default List<Onboarding> since(Instant since) {
        return recent().stream().filter(o -> !o.time().isBefore(since)).toList();
    }

    /** The newest download, if any. */
    default Optional<Onboarding> latest() {
        List<Onboarding> all = recent();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
