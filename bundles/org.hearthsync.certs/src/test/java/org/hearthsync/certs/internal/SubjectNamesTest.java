package org.hearthsync.certs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectNamesTest {

    @Test
    void normalisesDnsNamesAndAddresses() {
        assertEquals("host.example.org", SubjectNames.normalize("Host.Example.ORG."));
        assertEquals("127.0.0.1", SubjectNames.normalize("127.0.0.1"));
        assertEquals("0:0:0:0:0:0:0:1", SubjectNames.normalize("::1"));
        assertEquals("0:0:0:0:0:0:0:1", SubjectNames.normalize("[::1]"));
        assertEquals("fe80:0:0:0:0:0:0:1", SubjectNames.normalize("fe80::1%eth0"));
        assertEquals("*.example.org", SubjectNames.normalize("*.Example.org"));
        assertEquals("xn--bcher-kva.example", SubjectNames.normalize("bücher.example"));
        assertEquals("myhost", SubjectNames.normalize("MYHOST"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "my_host", "-bad.example", "bad-.example", "a..b", "300.1.1.1", "10.0.0", "*.org",
            "foo.*.example", "host name"})
    void rejectsWhatIsNeitherNameNorAddress(String name) {
        assertNull(SubjectNames.normalizeOrNull(name));
        assertThrows(IllegalArgumentException.class, () -> SubjectNames.of(name));
    }

    @Test
    void recognisesAddressLiteralsWithoutLookingThemUp() {
        assertTrue(SubjectNames.isIpLiteral("10.0.0.1"));
        assertTrue(SubjectNames.isIpLiteral("2001:db8::1"));
        assertFalse(SubjectNames.isIpLiteral("300.0.0.1"));
        assertFalse(SubjectNames.isIpLiteral("localhost"));
        assertFalse(SubjectNames.isIpLiteral("cafe")); // hex, but a host name
    }

    @Test
    void keepsOrderAndFindsWhatIsMissing() {
        SubjectNames a = SubjectNames.of("b.example", "10.0.0.1", "a.example");
        SubjectNames b = SubjectNames.of("A.example", "c.example", "::1");
        SubjectNames union = a.union(b);
        assertEquals(List.of("b.example", "10.0.0.1", "a.example", "c.example", "0:0:0:0:0:0:0:1"), union.all());
        assertEquals(List.of("b.example", "a.example", "c.example"), union.dnsNames());
        assertEquals(List.of("10.0.0.1", "0:0:0:0:0:0:0:1"), union.ipAddresses());
        assertEquals(List.of("c.example", "0:0:0:0:0:0:0:1"), a.missing(b));
        assertTrue(union.containsAll(a) && union.containsAll(b));
        assertFalse(a.containsAll(b));
        assertEquals("b.example", union.commonName());
        assertEquals("10.0.0.1", SubjectNames.of("10.0.0.1").commonName());
    }

    @Test
    void settingsIgnoreBadExtraNamesAndClampRanges() {
        CertificateSettings settings = CertificateSettings.clamped(
                new String[] {"", "good.example", "bad_name", "192.0.2.1"}, 1000, 999, 99, null);
        assertEquals(List.of("good.example", "192.0.2.1"), settings.extraNames().all());
        assertEquals(397, settings.serverValidityDays());
        assertEquals(198, settings.renewalMarginDays());
        assertEquals(30, settings.caValidityYears());
        assertEquals(KeyType.EC_P256, settings.keyType());
        CertificateSettings low = CertificateSettings.clamped(null, 0, 0, 0, KeyType.RSA_2048);
        assertEquals(2, low.serverValidityDays());
        assertEquals(1, low.renewalMarginDays());
        assertEquals(1, low.caValidityYears());
    }

    @Test
    void discoversLoopbackAndNeverLinkLocalOrScopedAddresses() {
        SubjectNames local = LocalNames.discover(java.time.Duration.ofSeconds(3));
        assertTrue(local.all().containsAll(List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1")), local.toString());
        for (String ip : local.ipAddresses()) {
            assertFalse(ip.contains("%"), ip);
            assertFalse(ip.startsWith("fe80:"), ip);
        }
    }
}
