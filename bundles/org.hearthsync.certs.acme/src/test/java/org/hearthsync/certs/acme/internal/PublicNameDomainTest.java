package org.hearthsync.certs.acme.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.hearthsync.api.publicname.PublicName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** Without configured names the certificate is for the Internet name the setup bundle publishes, followed as it changes. */
class PublicNameDomainTest {

    static AcmeConfig config(String... domains) {
        return new AcmeConfig() {
            @Override public Class<? extends Annotation> annotationType() { return AcmeConfig.class; }
            @Override public boolean enabled() { return false; }
            @Override public String directory_url() { return "https://ca.invalid/dir"; }
            @Override public String account_email() { return ""; }
            @Override public String[] domains() { return domains; }
            @Override public int renewal_margin_days() { return 30; }
            @Override public KeyType key_type() { return KeyType.EC_P256; }
            @Override public String directory_trust_pem() { return ""; }
        };
    }

    static PublicName name(String host) {
        return new PublicName() {
            @Override public Optional<String> host() { return Optional.ofNullable(host); }
            @Override public int easPort() { return 443; }
            @Override public int setupPort() { return 0; }
        };
    }

    @Test
    void theDomainFollowsThePublishedName(@TempDir Path data) throws Exception {
        BundleContext context = mock(BundleContext.class);
        when(context.getProperty(AcmeCertificates.DATA_PROPERTY)).thenReturn(data.toString());
        AcmeCertificates acme = new AcmeCertificates(context, config());
        try {
            assertEquals(List.of(), acme.domains(config()), "no name published: nothing to certify");
            PublicName first = name("Home.Example.org.");
            acme.setPublicName(first);
            assertEquals(List.of("home.example.org"), acme.domains(config()));
            PublicName ip = name("192.0.2.7");
            acme.setPublicName(ip);
            assertEquals(List.of(), acme.domains(config()), "an address is not a name a public CA certifies");
            acme.unsetPublicName(first);
            assertEquals(List.of(), acme.domains(config()), "unbinding a service no longer bound changes nothing");
            acme.setPublicName(first);
            assertEquals(List.of("other.example.net"), acme.domains(config("other.example.net")), "configured names win");
            acme.unsetPublicName(first);
            assertEquals(List.of(), acme.domains(config()));
        } finally {
            acme.deactivate();
        }
    }
}
