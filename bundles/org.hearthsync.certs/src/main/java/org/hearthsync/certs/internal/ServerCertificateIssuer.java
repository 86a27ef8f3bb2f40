package org.hearthsync.certs.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.hearthsync.certs.internal.KeyStoreFiles.KeyAndChain;

/**
 * Issues TLS server certificates from a {@link LocalCa}: a fresh key, the given names as subject
 * alternative names (the first DNS name also as CN), serverAuth, digitalSignature (and
 * keyEncipherment for RSA), key identifiers, a random 128-bit serial, notBefore backdated one hour.
 */
public final class ServerCertificateIssuer {

    /** Apple accepts at most 398 days for a TLS server certificate; we stay a day below. */
    public static final int MAX_VALIDITY_DAYS = 397;

    private final Provider provider;
    private final SecureRandom random;
    private final Clock clock;

    public ServerCertificateIssuer(Provider provider, SecureRandom random, Clock clock) {
        this.provider = provider;
        this.random = random;
        this.clock = clock;
    }

    /**
     * A new key and its chain (server certificate, CA certificate). The certificate spans
     * {@code validity} from notBefore (at most {@value #MAX_VALIDITY_DAYS} days) and never outlives the CA.
     */
    public KeyAndChain issue(LocalCa ca, SubjectNames names, KeyType keyType, Duration validity)
            throws GeneralSecurityException {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one name");
        }
        if (validity.isNegative() || validity.isZero() || validity.compareTo(Duration.ofDays(MAX_VALIDITY_DAYS)) > 0) {
            throw new IllegalArgumentException("validity must be between 1 second and " + MAX_VALIDITY_DAYS + " days");
        }
        KeyPair keys = keyType.generate(provider, random);
        Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(X509Support.BACKDATE);
        Instant notAfter = notBefore.plus(validity);
        if (notAfter.isAfter(ca.notAfter())) {
            notAfter = ca.notAfter();
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Hearth")
                .addRDN(BCStyle.CN, names.commonName())
                .build();
        int usage = KeyUsage.digitalSignature | (keyType == KeyType.RSA_2048 ? KeyUsage.keyEncipherment : 0);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(),
                    X509Support.randomSerial(random), Date.from(notBefore), Date.from(notAfter), subject,
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, generalNames(names))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(ca.certificate()));
            X509Certificate certificate = ca.sign(builder, random);
            return new KeyAndChain(keys.getPrivate(), List.of(certificate, ca.certificate()));
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot build the server certificate", e);
        }
    }

    private static GeneralNames generalNames(SubjectNames names) {
        List<GeneralName> list = new ArrayList<>();
        for (String dns : names.dnsNames()) {
            list.add(new GeneralName(GeneralName.dNSName, dns));
        }
        for (String ip : names.ipAddresses()) {
            list.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(SubjectNames.parseIp(ip).getAddress())));
        }
        return new GeneralNames(list.toArray(new GeneralName[0]));
    }
}
