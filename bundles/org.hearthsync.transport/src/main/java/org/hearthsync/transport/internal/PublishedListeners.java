package org.hearthsync.transport.internal;

import java.util.List;

import org.hearthsync.api.listener.Listener;
import org.hearthsync.api.listener.ListenerPorts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the listener settings as the {@link ListenerPorts} fact, so port forwarding and the console
 * follow the transport's ports without knowing its configuration PID or keys. Bound to the same
 * configuration as {@link ListenerConfigurator}: DS copies the settings into the service properties, so a
 * change modifies the service and every dynamic reference hears of it.
 */
@Component(service = ListenerPorts.class, configurationPid = ListenerConfigurator.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class PublishedListeners implements ListenerPorts {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedListeners.class);

    private volatile List<Listener> listeners;

    @Activate
    public PublishedListeners(TransportConfig config) {
        modified(config);
    }

    @Modified
    void modified(TransportConfig config) {
        listeners = of(config);
    }

    static List<Listener> of(TransportConfig config) {
        ListenerSettings s;
        try {
            s = ListenerSettings.from(config);
        } catch (IllegalArgumentException e) {
            // the configurator refuses the same settings and keeps the listeners down: nothing listens
            LOG.debug("no listeners published: {}", e.getMessage());
            return List.of();
        }
        List<Listener> l = new java.util.ArrayList<>(List.of(new Listener(Listener.Role.EAS, s.bindAddress(), s.easPort(), true),
                new Listener(Listener.Role.SETUP, s.bindAddress(), s.setupPort(), false),
                new Listener(Listener.Role.CONSOLE, s.consoleHost(), s.consolePort(), false)));
        if (s.davLoopback()) {
            l.add(new Listener(Listener.Role.DAV_LOOPBACK, ListenerConfigurator.DAV_LOOPBACK_HOST, s.davLoopbackPort(), false));
        }
        return List.copyOf(l);
    }

    @Override
    public List<Listener> listeners() {
        return listeners;
    }
}
