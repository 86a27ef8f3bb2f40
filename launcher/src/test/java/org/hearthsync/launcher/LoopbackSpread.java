package org.hearthsync.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Many phones on one machine that reach Hearth from different addresses, as phones on a network do: Hearth admits
 * {@code ListenerGuard.MAX_CONNECTIONS_PER_ADDRESS} connections per client address, and {@code java.net.http} cannot
 * choose its source address. Each relay here listens on 127.0.0.1 and forwards every connection, byte for byte (TLS
 * stays end to end), to Hearth's port from its own loopback address 127.0.0.2, 127.0.0.3, ... (Linux routes all of
 * 127/8 to the loopback interface). A phone uses the port of relay {@code i}: {@code https://localhost:port(i)}.
 * Benchmark plumbing: two blocking threads per connection, small stacks.
 */
final class LoopbackSpread implements AutoCloseable {
    private final List<ServerSocket> relays = new ArrayList<>();
    private final List<Socket> open = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    LoopbackSpread(int addresses, int targetPort) throws IOException {
        if (addresses < 1 || addresses > 250) {
            throw new IllegalArgumentException("1 to 250 loopback addresses, not " + addresses);
        }
        for (int k = 0; k < addresses; k++) {
            // a burst of phones must not overflow the relay's own accept queue before it reaches Hearth's
            ServerSocket s = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
            relays.add(s);
            InetAddress source = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (k + 2)});
            Thread t = new Thread(null, () -> accept(s, source, targetPort), "relay-" + source.getHostAddress(), 256 * 1024);
            t.setDaemon(true);
            t.start();
        }
    }

    int addresses() {
        return relays.size();
    }

    /** The local port that reaches Hearth from address number {@code i} modulo the number of addresses. */
    int port(int i) {
        return relays.get(Math.floorMod(i, relays.size())).getLocalPort();
    }

    private void accept(ServerSocket s, InetAddress source, int targetPort) {
        while (!closed) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket server = new Socket();
            try {
                server.bind(new InetSocketAddress(source, 0));
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 30_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            open.add(client);
            open.add(server);
            pipe(client, server);
            pipe(server, client);
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(null, () -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "pipe", 64 * 1024);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        for (ServerSocket s : relays) {
            s.close();
        }
        synchronized (open) {
            for (Socket s : new ArrayList<>(open)) {
                closeQuietly(s);
            }
        }
    }
}
