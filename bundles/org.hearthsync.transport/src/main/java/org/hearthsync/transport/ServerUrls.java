package org.hearthsync.transport;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Where phones and people reach this Hearth, as the listeners really serve it now. */
@ProviderType
public interface ServerUrls {

    /** The server a phone's Exchange account names, {@code host:port}; empty until the listeners are up. */
    Optional<String> easServer();

    /** The EAS endpoint URL; empty until the listeners are up. */
    Optional<String> easUrl();

    /** The plain-HTTP setup page URL; empty until the listeners are up. */
    Optional<String> setupUrl();

    /** The console URL (loopback); empty until the console listener is up. */
    Optional<String> consoleUrl();

    /**
     * The plain-HTTP CalDAV/CardDAV address for programs on this computer ({@code http://127.0.0.1:PORT/dav/});
     * empty while that listener is off or not up.
     */
    Optional<String> davLoopbackUrl();
}
