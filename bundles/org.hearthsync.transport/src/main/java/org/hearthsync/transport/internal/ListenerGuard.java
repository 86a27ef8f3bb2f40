package org.hearthsync.transport.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection limit of the Internet-facing listeners (EAS and setup) that Felix HTTP has no
 * configuration property for, applied to its Jetty connectors here: at most
 * {@value #MAX_CONNECTIONS_PER_ADDRESS} open connections per client address. The limits Felix does
 * configure (idle timeout, header size) are in {@link ListenerConfigurator#publicProperties}; the
 * only body read on these listeners, EAS's, is bounded in size and rate by {@link EasServlet}.
 *
 * <p>Felix HTTP calls every {@link ConnectorFactory} service with each Jetty server it starts (again
 * after every restart of a listener); that is the only hook it gives into its running Jetty. The
 * guard adds its limits to the public server's connectors and returns a connector that opens no
 * port ({@link NoPort}), as the factory contract requires one.
 */
@Component(service = ConnectorFactory.class)
public final class ListenerGuard implements ConnectorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerGuard.class);

    /**
     * Open connections one address may hold. A phone uses two or three (a parked Ping, a Sync);
     * several phones behind one carrier NAT share an address, hence the headroom.
     */
    static final int MAX_CONNECTIONS_PER_ADDRESS = 32;

    private final ListenerConfigurator listeners;

    @Activate
    public ListenerGuard(@Reference ListenerConfigurator listeners) {
        this.listeners = listeners;
    }

    @Override
    public Connector createConnector(Server server) {
        ListenerSettings s = listeners.settings();
        PerAddressLimit limit = new PerAddressLimit(MAX_CONNECTIONS_PER_ADDRESS);
        for (Connector c : server.getConnectors()) {
            if (c instanceof ServerConnector sc && s != null && (sc.getPort() == s.easPort() || sc.getPort() == s.setupPort())) {
                guard(sc, limit);
                LOG.debug("limits on port {}: {} connections per address", sc.getPort(), MAX_CONNECTIONS_PER_ADDRESS);
            }
        }
        return new NoPort(server);
    }

    /**
     * What the factory contract needs back: Felix adds it to the server, lists it among the runtime's
     * endpoints (as {@code http://127.0.0.1:0/}, which readers of the endpoints skip for its port 0) and
     * insists on a ServerConnector. This one never opens a socket nor starts a thread.
     */
    static final class NoPort extends ServerConnector {
        NoPort(Server server) {
            super(server, 0, 1);
            setHost("127.0.0.1");
            setPort(0);
        }

        @Override
        public void open() {
            // no socket: the guard only needed the call
        }

        @Override
        protected void doStart() {
            // nothing to accept or select
        }

        @Override
        protected void doStop() {
            // nothing was started
        }
    }

    static void guard(ServerConnector connector, PerAddressLimit limit) {
        connector.addEventListener(limit);
    }

    /**
     * Counts the network connections of each address across the guarded connectors (EAS and setup
     * together) and closes a connection as soon as it opens beyond the limit. Only the connection on
     * the socket counts: over TLS the HTTP connection above it shares that socket.
     */
    static final class PerAddressLimit implements Connection.Listener {
        private final int max;
        private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
        /** Each counted connection's address: once closed, its socket no longer tells it. */
        private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();

        PerAddressLimit(int max) {
            this.max = max;
        }

        @Override
        public void onOpened(Connection connection) {
            InetAddress a = address(connection);
            if (a == null || counted.putIfAbsent(connection, a) != null) {
                return;
            }
            int n = open.merge(a, 1, Integer::sum);
            if (n > max) {
                LOG.debug("{} has {} connections open, over the limit of {}: closing the new one", a.getHostAddress(),
                        n - 1, max);
                connection.getEndPoint().close();
            }
        }

        @Override
        public void onClosed(Connection connection) {
            InetAddress a = counted.remove(connection);
            if (a != null) {
                open.computeIfPresent(a, (k, n) -> n <= 1 ? null : n - 1);
            }
        }

        int openFrom(InetAddress a) {
            return open.getOrDefault(a, 0);
        }

        private static InetAddress address(Connection connection) {
            if (!(connection.getEndPoint() instanceof SocketChannelEndPoint endPoint)) {
                return null;
            }
            SocketAddress remote = endPoint.getRemoteSocketAddress();
            return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
        }
    }
}
