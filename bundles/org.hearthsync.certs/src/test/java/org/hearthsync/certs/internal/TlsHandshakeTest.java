package org.hearthsync.certs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.hearthsync.api.certs.ServerIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A real JDK TLS server serves the key store; a client that trusts only our root connects. */
class TlsHandshakeTest {

    @TempDir
    Path data;

    private final ExecutorService serverThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tls-test-server");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stop() {
        serverThread.shutdownNow();
    }

    @ParameterizedTest
    @CsvSource({"EC_P256, TLSv1.3", "EC_P256, TLSv1.2", "RSA_2048, TLSv1.3", "RSA_2048, TLSv1.2"})
    void handshakeSucceedsForLocalhostWithOnlyTheRootTrusted(KeyType type, String protocol) throws Exception {
        try (CertificateManager manager = Fixtures.open(data, Fixtures.settings(type), Clock.systemUTC())) {
            ServerIdentity identity = manager.identity();
            try (SSLServerSocket server = serve(identity)) {
                Future<String> served = acceptOne(server);
                try (SSLSocket client = connect(manager.rootCertificate(), server.getLocalPort(), "localhost", protocol)) {
                    client.startHandshake();
                    assertEquals(protocol, client.getSession().getProtocol());
                    assertEquals(identity.certificate(), client.getSession().getPeerCertificates()[0]);
                    client.getOutputStream().write('?');
                    client.getOutputStream().flush();
                    assertEquals('!', client.getInputStream().read());
                }
                assertEquals(protocol, served.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void addressLiteralIsVerifiedToo() throws Exception {
        try (CertificateManager manager = Fixtures.open(data, Fixtures.settings(KeyType.EC_P256), Clock.systemUTC());
                SSLServerSocket server = serve(manager.identity())) {
            acceptOne(server);
            try (SSLSocket client = connect(manager.rootCertificate(), server.getLocalPort(), "127.0.0.1", "TLSv1.3")) {
                client.startHandshake();
            }
        }
    }

    @Test
    void wrongHostNameIsRejected() throws Exception {
        try (CertificateManager manager = Fixtures.open(data, Fixtures.settings(KeyType.EC_P256), Clock.systemUTC());
                SSLServerSocket server = serve(manager.identity())) {
            acceptOne(server);
            try (SSLSocket client = connect(manager.rootCertificate(), server.getLocalPort(), "elsewhere.example", "TLSv1.3")) {
                assertThrows(SSLHandshakeException.class, client::startHandshake);
            }
        }
    }

    @Test
    void anotherRootIsNotTrusted() throws Exception {
        try (CertificateManager manager = Fixtures.open(data.resolve("a"), Fixtures.settings(KeyType.EC_P256), Clock.systemUTC());
                CertificateManager other = Fixtures.open(data.resolve("b"), Fixtures.settings(KeyType.EC_P256), Clock.systemUTC());
                SSLServerSocket server = serve(manager.identity())) {
            acceptOne(server);
            try (SSLSocket client = connect(other.rootCertificate(), server.getLocalPort(), "localhost", "TLSv1.3")) {
                assertThrows(SSLHandshakeException.class, client::startHandshake);
            }
        }
    }

    private static SSLServerSocket serve(ServerIdentity identity) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(identity.keyStore())) {
            keyStore.load(in, identity.password());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, identity.password());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 4, InetAddress.getByName("127.0.0.1"));
        server.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        server.setSoTimeout(10_000);
        return server;
    }

    private Future<String> acceptOne(SSLServerSocket server) {
        return serverThread.submit(() -> {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                if (in.read() == '?') {
                    out.write('!');
                    out.flush();
                }
                return socket.getSession().getProtocol();
            } catch (IOException e) {
                return "failed: " + e;
            }
        });
    }

    private static SSLSocket connect(X509Certificate root, int port, String host, String protocol) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("hearth-root", root);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        plain.setSoTimeout(10_000);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // check the host name as a browser would
        parameters.setProtocols(new String[] {protocol});
        socket.setSSLParameters(parameters);
        return socket;
    }

}
