package org.hearthsync.transport.internal;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DAV loopback listener on {@code ::1} as well as on {@code 127.0.0.1}: a program given
 * {@code http://localhost:PORT/} may try either. Felix HTTP binds one host per Jetty instance, so the second
 * address is a second connector on the same Jetty, added through the {@link ConnectorFactory} hook Felix calls
 * with every Jetty server it starts (as {@link ListenerGuard} does). It serves the same handlers, so the same
 * servlets, accounts and throttle. Every other server gets a connector that opens no port.
 */
@Component(service = ConnectorFactory.class)
public final class LoopbackIpv6 implements ConnectorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(LoopbackIpv6.class);
    static final String HOST = "::1";

    private final ListenerConfigurator listeners;

    @Activate
    public LoopbackIpv6(@Reference ListenerConfigurator listeners) {
        this.listeners = listeners;
    }

    @Override
    public Connector createConnector(Server server) {
        ListenerSettings s = listeners.settings();
        if (s != null && s.davLoopback()) {
            for (Connector c : server.getConnectors()) {
                if (c instanceof ServerConnector sc && sc.getPort() == s.davLoopbackPort()
                        && ListenerConfigurator.DAV_LOOPBACK_HOST.equals(sc.getHost())) {
                    return ipv6(server, sc);
                }
            }
        }
        return new ListenerGuard.NoPort(server);
    }

    private static Connector ipv6(Server server, ServerConnector v4) {
        HttpConnectionFactory http = v4.getConnectionFactory(HttpConnectionFactory.class);
        if (http == null || !ListenerConfigurator.canListenOn(HOST)) {
            LOG.debug("the DAV loopback listener stays on {} only: no IPv6 loopback here", v4.getHost());
            return new ListenerGuard.NoPort(server);
        }
        // a connector of its own with its own factory: connectors start and stop the factories they hold
        ServerConnector v6 = new ServerConnector(server, new HttpConnectionFactory(http.getHttpConfiguration()));
        v6.setHost(HOST);
        v6.setPort(v4.getPort());
        v6.setIdleTimeout(v4.getIdleTimeout());
        LOG.debug("DAV loopback listener on [{}]:{} too", HOST, v4.getPort());
        return v6;
    }
}
