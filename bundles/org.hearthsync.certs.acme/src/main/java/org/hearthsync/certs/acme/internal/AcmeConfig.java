package org.hearthsync.certs.acme.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Hearth trusted certificate (ACME)",
        description = "A publicly trusted certificate for Hearth's Internet name, from Let's Encrypt or another ACME "
                + "certificate authority, so that phones need no certificate installed. Needs a public DNS name "
                + "(dynamic DNS) and the router forwarding port 80 to the setup port. Without it, or when it fails, "
                + "Hearth serves its own certificate.")
@interface AcmeConfig {
    String PID = "org.hearthsync.certs.acme";
    String LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";

    @AttributeDefinition(name = "Enabled",
            description = "Obtain and renew a trusted certificate. Enabling it accepts the ACME certificate authority's "
                    + "subscriber agreement (Let's Encrypt: https://letsencrypt.org/repository/).")
    boolean enabled() default false;

    @AttributeDefinition(name = "ACME directory URL",
            description = "The certificate authority's ACME directory. Let's Encrypt's staging directory, for trying it "
                    + "out: https://acme-staging-v02.api.letsencrypt.org/directory")
    String directory_url() default LETS_ENCRYPT;

    @AttributeDefinition(name = "Account e-mail", required = false,
            description = "Where the certificate authority may write about the account (expiry warnings); may be empty.")
    String account_email() default "";

    @AttributeDefinition(name = "Domain names", required = false,
            description = "The public DNS names the certificate is for. Empty: the setup page's Internet name "
                    + "(the Internet name set in the setup wizard).")
    String[] domains() default {};

    @AttributeDefinition(name = "Renewal margin (days)", min = "1", max = "90",
            description = "Renew when fewer days than this remain (or a third of the lifetime, for short-lived certificates).")
    int renewal_margin_days() default 30;

    @AttributeDefinition(name = "Key type", description = "Key of the certificate; a new key is made at each renewal.",
            options = {
                    @Option(label = "EC P-256 (recommended)", value = "EC_P256"),
                    @Option(label = "RSA 2048 (for old phones)", value = "RSA_2048") })
    KeyType key_type() default KeyType.EC_P256;

    @AttributeDefinition(name = "Trust for the ACME server (PEM file)", required = false, type = AttributeType.STRING,
            description = "Only for test servers such as Pebble: a PEM file with the certificates the ACME server's own "
                    + "HTTPS is checked against instead of Java's trusted roots. Empty for public certificate authorities.")
    String directory_trust_pem() default "";
}
