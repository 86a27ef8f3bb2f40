package org.hearthsync.api.certs;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The key store a TLS listener serves, with what is in it.
 *
 * @param keyStore      a PKCS12 file holding the server key and its chain, readable by the owner only
 * @param password      the key store and key password
 * @param chain         the server certificate first, then its issuers
 * @param generation    increases each time a new server certificate is issued
 */
public record ServerIdentity(Path keyStore, char[] password, List<X509Certificate> chain, long generation) {
    public ServerIdentity {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        // never print the password
        return "ServerIdentity[" + keyStore + ", " + certificate().getSubjectX500Principal() + ", generation " + generation + "]";
    }
}
