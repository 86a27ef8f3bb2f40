package org.hearthsync.certs.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;

/** The key algorithms Hearth issues; EC P-256 by default, RSA 2048 for phones that predate ECDSA. */
public enum KeyType {
    EC_P256("EC", "SHA256withECDSA"),
    RSA_2048("RSA", "SHA256withRSA");

    private final String algorithm;
    private final String signatureAlgorithm;

    KeyType(String algorithm, String signatureAlgorithm) {
        this.algorithm = algorithm;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The signature algorithm a certificate signed by a key of this type uses. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public KeyPair generate(Provider provider, SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, provider);
        if (this == EC_P256) {
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        } else {
            generator.initialize(2048, random);
        }
        return generator.generateKeyPair();
    }

    /** The type of an existing key, by its algorithm. */
    public static KeyType of(PublicKey key) {
        return ofKey(key instanceof ECKey, key instanceof RSAKey, key.getAlgorithm());
    }

    public static KeyType of(PrivateKey key) {
        return ofKey(key instanceof ECKey, key instanceof RSAKey, key.getAlgorithm());
    }

    private static KeyType ofKey(boolean ec, boolean rsa, String algorithm) {
        if (ec || "EC".equalsIgnoreCase(algorithm) || "ECDSA".equalsIgnoreCase(algorithm)) {
            return EC_P256;
        }
        if (rsa || "RSA".equalsIgnoreCase(algorithm)) {
            return RSA_2048;
        }
        throw new IllegalArgumentException("unsupported key algorithm " + algorithm);
    }
}
