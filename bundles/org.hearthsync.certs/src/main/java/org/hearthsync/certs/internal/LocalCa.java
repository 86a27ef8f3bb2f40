package org.hearthsync.certs.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hearthsync.certs.CertificateFormats;

/**
 * Hearth's root: a self-signed CA certificate (CA:TRUE, pathLen 0, keyCertSign + cRLSign) and its
 * private key. The key stays inside this object: certificates are signed through {@link #sign}.
 */
public final class LocalCa {

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final Provider provider;

    private LocalCa(X509Certificate certificate, PrivateKey privateKey, Provider provider) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.provider = provider;
    }

    /**
     * A new root named {@code "Hearth local CA <host> <random>"}, so two installations never share
     * a name, valid from a little before now for {@code validityYears}.
     */
    public static LocalCa create(String hostName, KeyType keyType, int validityYears, Clock clock,
            Provider provider, SecureRandom random) throws GeneralSecurityException {
        KeyPair keys = keyType.generate(provider, random);
        byte[] tag = new byte[4];
        random.nextBytes(tag);
        String host = hostName == null || hostName.isBlank() ? "" : hostName.strip() + " ";
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Hearth")
                .addRDN(BCStyle.CN, "Hearth local CA " + host + HexFormat.of().formatHex(tag))
                .build();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = now.minus(X509Support.BACKDATE);
        Instant notAfter = now.atOffset(ZoneOffset.UTC).plusYears(validityYears).toInstant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    X509Support.randomSerial(random), Date.from(notBefore), Date.from(notAfter), subject,
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            ContentSigner signer = new JcaContentSignerBuilder(keyType.signatureAlgorithm())
                    .setProvider(provider).setSecureRandom(random).build(keys.getPrivate());
            X509Certificate certificate = X509Support.toJdk(builder.build(signer));
            return new LocalCa(certificate, keys.getPrivate(), provider);
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot build the CA certificate", e);
        }
    }

    /** Reads the CA from its files and checks that the key, the certificate and the CA flags belong together. */
    public static LocalCa load(KeyStoreFiles files, Provider provider) throws IOException, GeneralSecurityException {
        X509Certificate certificate = files.readCertificate(files.caCert());
        files.tightenFile(files.caKey());
        PrivateKey key = files.readPrivateKey(files.caKey(), provider);
        if (certificate.getBasicConstraints() < 0) {
            throw new GeneralSecurityException(KeyStoreFiles.CA_CERT + " is not a CA certificate");
        }
        KeyType type = KeyType.of(certificate.getPublicKey());
        if (type != KeyType.of(key)) {
            throw new GeneralSecurityException(KeyStoreFiles.CA_KEY + " does not belong to " + KeyStoreFiles.CA_CERT);
        }
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        Signature signature = Signature.getInstance(type.signatureAlgorithm(), provider);
        signature.initSign(key);
        signature.update(challenge);
        byte[] signed = signature.sign();
        signature.initVerify(certificate.getPublicKey());
        signature.update(challenge);
        if (!signature.verify(signed)) {
            throw new GeneralSecurityException(KeyStoreFiles.CA_KEY + " does not belong to " + KeyStoreFiles.CA_CERT);
        }
        certificate.verify(certificate.getPublicKey(), provider);
        return new LocalCa(certificate, key, provider);
    }

    /** Writes the key (0600) before the certificate, so a certificate on disk always has its key. */
    public void save(KeyStoreFiles files) throws IOException {
        files.writePrivateKey(files.caKey(), privateKey);
        files.writeCertificate(files.caCert(), certificate);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public KeyType keyType() {
        return KeyType.of(certificate.getPublicKey());
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    public String fingerprint() {
        return CertificateFormats.sha256Fingerprint(certificate);
    }

    /** Signs {@code builder} with the CA key. */
    public X509Certificate sign(X509v3CertificateBuilder builder, SecureRandom random) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(keyType().signatureAlgorithm())
                    .setProvider(provider).setSecureRandom(random).build(privateKey);
            return X509Support.toJdk(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with the CA key", e);
        }
    }

    /** Whether {@code certificate} carries a valid signature of this CA. */
    public boolean issued(X509Certificate candidate) {
        try {
            if (!candidate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
                return false;
            }
            candidate.verify(certificate.getPublicKey(), provider);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "LocalCa[" + certificate.getSubjectX500Principal() + "]"; // never the key
    }
}
