package org.hearthsync.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * What a hostile outsider does to the listeners, on raw sockets from chosen loopback source
 * addresses (all of 127/8 is loopback, so each 127.0.0.x is another client address): bodies declared
 * huge and never sent, bodies trickled a byte at a time, clients that go away mid-body, wrong
 * passwords. Shared by {@code HostileClientsIT} (short) and {@code HostileBenchmark} (long).
 */
final class HostileClients implements AutoCloseable {
    static final String EAS = "/Microsoft-Server-ActiveSync";

    final SSLContext tls;
    final int easPort;
    final int setupPort;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile");
        t.setDaemon(true);
        return t;
    });
    final AtomicBoolean stop = new AtomicBoolean();
    /** Attacks started, and those the server answered or cut off. */
    final AtomicLong sent = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    /** Trickling clients that ended (cut off by the server). */
    final AtomicLong trickleEnded = new AtomicLong();

    HostileClients(SSLContext tls, int easPort, int setupPort) {
        this.tls = tls;
        this.easPort = easPort;
        this.setupPort = setupPort;
    }

    /** The source address of the {@code i}-th client of a group starting at {@code firstHost} (127.0.x.y). */
    static String source(int firstHost, int i) {
        int n = firstHost + i;
        return "127.0." + (n / 250) + "." + (1 + n % 250);
    }

    /** A TLS connection to the EAS port from {@code source}. */
    SSLSocket eas(String source) throws IOException {
        Socket plain = plain(source, easPort);
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", easPort, true);
        s.startHandshake();
        return s;
    }

    Socket plain(String source, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return s;
    }

    /** The head of an EAS Sync POST declaring {@code length} body bytes, with credentials when given. */
    static byte[] easHead(long length, String user, String password) {
        String auth = user == null ? ""
                : "Authorization: Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\r\n";
        return ("POST " + EAS + "?Cmd=Sync&User=" + (user == null ? "x" : user)
                + "&DeviceId=HOSTILE&DeviceType=Hostile HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/vnd.ms-sync.wbxml\r\nMS-ASProtocolVersion: 16.1\r\n" + auth
                + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Declares {@code declared} bytes, sends {@code sent} of them; the socket stays open. */
    Socket declareAndSend(String source, long declared, int sent, String user, String password) throws IOException {
        SSLSocket s = eas(source);
        OutputStream out = s.getOutputStream();
        out.write(easHead(declared, user, password));
        out.write(new byte[sent]);
        out.flush();
        this.sent.incrementAndGet();
        return s;
    }

    /** The status line of the server's answer within {@code millis}, or null when none came. */
    String status(Socket s, int millis) {
        try {
            s.setSoTimeout(millis);
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.append((char) c);
            }
            answered.incrementAndGet();
            return c < 0 && line.isEmpty() ? "closed" : line.toString().trim();
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            answered.incrementAndGet();
            return "closed: " + e.getClass().getSimpleName();
        }
    }

    /**
     * Starts {@code count} clients from consecutive source addresses that each declare a body and
     * send it one byte every {@code everyMillis}, until {@link #stop} or the server cuts them off.
     */
    void trickle(int firstHost, int count, int perAddress, String user, String password, long everyMillis) {
        for (int i = 0; i < count; i++) {
            String source = source(firstHost, i / perAddress);
            pool.execute(() -> {
                try (Socket s = declareAndSend(source, 100_000, 1, user, password)) {
                    OutputStream out = s.getOutputStream();
                    while (!stop.get()) {
                        Thread.sleep(everyMillis);
                        out.write('x');
                        out.flush();
                    }
                } catch (IOException e) {
                    answered.incrementAndGet(); // cut off by the server
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    trickleEnded.incrementAndGet();
                }
            });
        }
    }

    /** One client that declares 32 MB, sends 4 bytes and goes away once answered (or after 5 s). */
    void oversized(String source) throws IOException {
        try (Socket s = declareAndSend(source, 32L << 20, 4, null, null)) {
            status(s, 5_000);
        }
    }

    /** One client that sends half of a small body and goes away without waiting. */
    void dropped(String source, String user, String password) throws IOException {
        try (Socket s = declareAndSend(source, 10_000, 5_000, user, password)) {
            s.setSoLinger(true, 0); // a reset, as a phone losing its connection
        }
    }

    /** One EAS OPTIONS with a wrong password; the status line. */
    String wrongPassword(String source, String user) throws IOException {
        try (SSLSocket s = eas(source)) {
            String auth = Base64.getEncoder().encodeToString((user + ":wrong-" + source).getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(("OPTIONS " + EAS + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            sent.incrementAndGet();
            return status(s, 10_000);
        }
    }

    /** Runs {@code task} on the attackers' pool. */
    void spawn(ThrowingRunnable task) {
        pool.execute(() -> {
            try {
                task.run();
            } catch (Exception e) {
                // the server cut the attacker off: what it should do
            }
        });
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Resident memory of a process in MB (VmRSS from /proc). */
    static long rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    @Override
    public void close() {
        stop.set(true);
        pool.shutdownNow();
    }
}
