package org.hearthsync.api.listener;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The listeners the transport is configured to run. Registered by the transport; when its settings change
 * the service is modified (its properties are the transport's settings), so a dynamic reference's
 * {@code updated} method hears of it and reads {@link #listeners()} again.
 */
@ProviderType
public interface ListenerPorts {

    /** Every listener, EAS first. */
    List<Listener> listeners();

    /** The listener with this role. */
    default Optional<Listener> listener(Listener.Role role) {
        return listeners().stream().filter(l -> l.role() == role).findFirst();
    }
}
