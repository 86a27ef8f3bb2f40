package org.hearthsync.setup.internal;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** A real certificate to test with: an EC P-256 root made by Hearth's CA, with SANs on a server certificate. */
final class Fixtures {
    private Fixtures() {
    }

    /** A CA certificate (CN=Hearth local CA vm 87df250c, O=Hearth). */
    static final String ROOT_B64 = """
            MIIBsjCCAVigAwIBAgIRAI+WNjMrqZqXc2ur13nDsqUwCgYIKoZIzj0EAwIwNzEP
            MA0GA1UECgwGSGVhcnRoMSQwIgYDVQQDDBtIZWFydGggbG9jYWwgQ0Egdm0gODdk
            ZjI1MGMwHhcNMjYxMTIxMjI1MDEyWhcNMzYxMTIxMjM1MDEyWjA3MQ8wDQYDVQQK
            DAZIZWFydGgxJDAiBgNVBAMMG0hlYXJ0aCBsb2NhbCBDQSB2bSA4N2RmMjUwYzBZ
            MBMGByqGSM49AgEGCCqGSM49AwEHA0IABJ5PmPsHXc5YRF8CTNKKQfA9pqz7Gr5n
            gt47WHHeUnRq5FO36AwJQW/WMw39UTodVzlKbeZN0VHnWkIhekGuVVOjRTBDMBIG
            A1UdEwEB/wQIMAYBAf8CAQAwDgYDVR0PAQH/BAQDAgEGMB0GA1UdDgQWBBSlCudZ
            JZTIpqysXtBpi77EQ1Ot+zAKBggqhkjOPQQDAgNIADBFAiEA3w63PCXReO00d93l
            +IC7Uc5SZfspijiMDwDJ9Ud+ZVoCIDhmonXeaENiW4m00eR3WU2s5B3Nxv6XV1ww
            Yf6uRAG+
            """;

    /** A server certificate: DNS vm, localhost; IP 127.0.0.1, ::1, fd00::2, 192.0.2.2. */
    static final String SERVER_B64 = """
            MIICaDCCAg2gAwIBAgIRAMOxR3dtuEJWdXPsuMpErX8wCgYIKoZIzj0EAwIwNzEP
            MA0GA1UECgwGSGVhcnRoMSQwIgYDVQQDDBtIZWFydGggbG9jYWwgQ0Egdm0gODJk
            ZjQ1MDAwHhcNMjYxMTIxMjI1MjAyWhcNMjcxMjIzMjI1MjAyWjAeMQ8wDQYDVQQK
            DAZIZWFydGgxCzAJBgNVBAMMAnZtMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
            cv2dDJRWTz41QEPhXzvo6/cUB6/lZCrffpIyqBmB2KMJabyw9U0SOblo34PAHGGc
            6wEqUNJyCec0B3M7gFC1uaOCAREwggENMAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/
            BAQDAgeAMBMGA1UdJQQMMAoGCCsGAQUFBwMBMEgGA1UdEQRBMD+CAnZtgglsb2Nh
            bGhvc3SHBH8AAAGHEAAAAAAAAAAAAAAAAAAAAAGHEP0AAAAAAAAAAAAAAAAAAAKH
            BMAAAgIwHQYDVR0OBBYEFJY+kqBeEO5IAp49B2Gh65MQ4C0JMG8GA1UdIwRoMGaA
            FI2blRGR9Y2zGRiZSAjrgU9OqOZ3oTukOTA3MQ8wDQYDVQQKDAZIZWFydGgxJDAi
            BgNVBAMMG0hlYXJ0aCBsb2NhbCBDQSB2bSA4MmRmNDUwMIIRAILF12MvUIrbivB6
            w1AMgWwwCgYIKoZIzj0EAwIDSQAwRgIhAPFAYR3bX8Qb07Edqo9nxpVQhQk71SUt
            GmwPB34nGaknAiEAkK/NEccARYuqH2Vy6ePLdkGMhm0k3tXoNIMIvUc+dpk=
            """;

    static X509Certificate server() {
        return parse(SERVER_B64);
    }

    static X509Certificate root() {
        return parse(ROOT_B64);
    }

    static X509Certificate parse(String base64) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64);
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
