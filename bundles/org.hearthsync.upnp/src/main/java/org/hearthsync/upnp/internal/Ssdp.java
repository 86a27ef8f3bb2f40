package org.hearthsync.upnp.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSDP, the discovery half of UPnP: M-SEARCH for gateways, and a listener for the NOTIFY messages a
 * router sends when it (re)starts. Only the local network sees these datagrams (TTL 2).
 */
final class Ssdp {
    static final InetSocketAddress GROUP = new InetSocketAddress(Addresses.v4(239, 255, 255, 250), 1900);
    static final int TTL = 2;
    static final int MAX_ANSWERS = 32;

    private static final Logger LOG = LoggerFactory.getLogger(Ssdp.class);

    private Ssdp() {
    }

    static byte[] searchRequest(String target, int mx) {
        return ("M-SEARCH * HTTP/1.1\r\n"
                + "HOST: 239.255.255.250:1900\r\n"
                + "MAN: \"ssdp:discover\"\r\n"
                + "MX: " + mx + "\r\n"
                + "ST: " + target + "\r\n"
                + "USER-AGENT: Java/17 UPnP/1.1 Hearth/0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends one M-SEARCH per IGD version and collects the gateways' answers for {@code wait}, at most
     * {@link #MAX_ANSWERS}, one per description address.
     *
     * @param via the local address whose interface sends the search, or null for the system's choice
     */
    static List<SsdpMessage> search(InetAddress via, Duration wait) throws IOException {
        Map<String, SsdpMessage> found = new LinkedHashMap<>();
        try (MulticastSocket socket = new MulticastSocket(new InetSocketAddress(0))) {
            socket.setTimeToLive(TTL);
            if (via != null) {
                NetworkInterface ni = NetworkInterface.getByInetAddress(via);
                if (ni != null) {
                    socket.setNetworkInterface(ni);
                }
            }
            int mx = (int) Math.max(1, Math.min(5, wait.toSeconds() - 1));
            for (String target : Igd.SEARCH_TARGETS) {
                byte[] request = searchRequest(target, mx);
                socket.send(new DatagramPacket(request, request.length, GROUP));
            }
            long deadline = System.nanoTime() + wait.toNanos();
            byte[] buf = new byte[SsdpMessage.MAX_DATAGRAM];
            while (found.size() < MAX_ANSWERS) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                SsdpMessage.parse(p.getData(), p.getLength(), p.getAddress())
                        .filter(m -> m.isSearchResponse() && m.aboutGateway())
                        .ifPresent(m -> m.location().ifPresent(l -> found.putIfAbsent(l.toString(), m)));
            }
        }
        LOG.debug("SSDP search found {} gateway answer(s)", found.size());
        return new ArrayList<>(found.values());
    }

    /** Listens for NOTIFY messages on the SSDP group until closed. */
    static final class Listener implements AutoCloseable {
        private final MulticastSocket socket;
        private final Thread thread;
        private volatile boolean closed;

        Listener(InetAddress via, Consumer<SsdpMessage> onNotify) throws IOException {
            MulticastSocket s = new MulticastSocket(null);
            try {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(GROUP.getPort()));
                NetworkInterface ni = via == null ? null : NetworkInterface.getByInetAddress(via);
                if (ni == null) {
                    ni = s.getNetworkInterface();
                }
                s.joinGroup(GROUP, ni);
                s.setSoTimeout(0);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
            this.socket = s;
            this.thread = new Thread(() -> run(onNotify), "hearth-upnp-ssdp");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void run(Consumer<SsdpMessage> onNotify) {
            byte[] buf = new byte[SsdpMessage.MAX_DATAGRAM];
            while (!closed) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketException e) {
                    if (!closed) {
                        LOG.debug("SSDP listener stopped: {}", e.toString());
                    }
                    return;
                } catch (IOException e) {
                    LOG.debug("SSDP listener: {}", e.toString());
                    continue;
                }
                SsdpMessage.parse(p.getData(), p.getLength(), p.getAddress())
                        .filter(m -> m.isNotify() && m.aboutGateway())
                        .ifPresent(m -> {
                            try {
                                onNotify.accept(m);
                            } catch (RuntimeException e) {
                                LOG.debug("SSDP announcement handler failed", e);
                            }
                        });
            }
        }

        @Override
        public void close() {
            closed = true;
            socket.close();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
