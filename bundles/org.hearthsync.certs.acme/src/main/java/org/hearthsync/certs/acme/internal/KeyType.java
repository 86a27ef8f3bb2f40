package org.hearthsync.certs.acme.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/** The key of a certificate Hearth asks for. */
public enum KeyType {
    EC_P256, RSA_2048;

    KeyPair generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator;
        if (this == EC_P256) {
            generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        } else {
            generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
        }
        return generator.generateKeyPair();
    }
}
