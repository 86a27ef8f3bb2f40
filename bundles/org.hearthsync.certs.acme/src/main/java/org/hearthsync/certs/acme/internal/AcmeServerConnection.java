package org.hearthsync.certs.acme.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * acme4j's generic provider for an {@code https://} directory URL, given to the session directly
 * (acme4j would otherwise look providers up with ServiceLoader, which sees nothing useful inside a
 * bundle). With a trust file it checks the ACME server's HTTPS against those certificates only,
 * which is what a test server such as Pebble needs.
 */
final class AcmeServerConnection extends GenericAcmeProvider {
    private final SSLContext ssl; // null: Java's trusted roots

    private AcmeServerConnection(SSLContext ssl) {
        this.ssl = ssl;
    }

    static AcmeServerConnection trusting(String pemFile) throws IOException {
        if (pemFile == null || pemFile.isBlank()) {
            return new AcmeServerConnection(null);
        }
        Path file = Path.of(pemFile.strip());
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IOException(file + " holds no certificate");
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                trust.setCertificateEntry("trusted-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return new AcmeServerConnection(context);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use " + file + " as the ACME server's trust", e);
        }
    }

    @Override
    public HttpClient createHttpClient(NetworkSettings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(settings.getTimeout())
                .proxy(settings.getProxySelector());
        if (settings.getAuthenticator() != null) {
            builder.authenticator(settings.getAuthenticator());
        }
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        return builder.build();
    }
}
