package org.hearthsync.api.ddns;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * How a person gets a name at one dynamic DNS provider, for the console: a link to the provider's
 * sign-up page, and, where the provider's API allows it, creating the name right here.
 *
 * <p>Provider bundles register <em>one</em> service per provider (not per account configuration)
 * with the service property {@link DnsProvider#PROVIDER}. A provider that cannot create names
 * implements only {@link #provider()}, {@link #displayName()}, {@link #signUpUrl()} and
 * {@link #accountPid()}; one that can also lists its {@link #domains()}, the
 * {@link #credentials()} it needs, and implements {@link #create}.
 *
 * <p>{@link #create} never logs a credential; its answer carries the provider account
 * configuration to write (with the secret, for the caller to store, never to show or log).
 */
@ConsumerType
public interface DnsNameGenerator {

    /** What a name's first label may be: letters, digits and inner hyphens, at most 63 characters. */
    Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** One value the user gives to {@link #create}, such as an API token. */
    record Credential(String key, String label, boolean secret, String help) {
    }

    /** The provider's short id, the same as its {@link DnsProvider#PROVIDER} property, such as {@code desec}. */
    String provider();

    /** The provider's name for people, such as {@code deSEC}. */
    String displayName();

    /** The provider's sign-up page (an {@code https} address), or {@code null} when there is none. */
    String signUpUrl();

    /** The factory PID of this provider's account configurations, such as {@code org.hearthsync.ddns.desec}. */
    String accountPid();

    /** Whether the service has closed: the console then offers neither sign-up nor names. Default false. */
    default boolean closed() {
        return false;
    }

    /**
     * The domains under which {@link #create} can make a name (such as {@code dedyn.io}), first the
     * one to suggest. Empty (the default) when the provider's API cannot create names.
     */
    default List<String> domains() {
        return List.of();
    }

    /** Whether {@link #create} is offered: the service is open and there is a domain to create names under. */
    default boolean canCreate() {
        return !closed() && !domains().isEmpty();
    }

    /** The values {@link #create} needs, in the order to ask for them. Empty by default. */
    default List<Credential> credentials() {
        return List.of();
    }

    /**
     * Creates {@code label.domain} at the provider. Nothing is thrown for the provider's answers
     * or network failures; they come back as the result's outcome.
     *
     * @param label       the first label, checked against {@link #LABEL}
     * @param domain      one of {@link #domains()}
     * @param credentials the {@link #credentials()} by key
     */
    default GeneratedName create(String label, String domain, Map<String, String> credentials) {
        return GeneratedName.failed(GeneratedName.Outcome.UNSUPPORTED, displayName() + " cannot create names here");
    }

    /**
     * A label as the user typed it, lower-cased and stripped, or {@code null} when it is not one
     * {@link #LABEL} allows.
     */
    static String label(String typed) {
        if (typed == null) {
            return null;
        }
        String s = typed.strip().toLowerCase(Locale.ROOT);
        return LABEL.matcher(s).matches() ? s : null;
    }
}
