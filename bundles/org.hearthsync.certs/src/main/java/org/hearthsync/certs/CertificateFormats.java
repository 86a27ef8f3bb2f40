package org.hearthsync.certs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The forms in which a phone takes a certificate: DER ({@code .crt}/{@code .cer}, what iOS and
 * Android install from a download), PEM, and the SHA-256 fingerprint the phone's settings show.
 * Plain JDK code, usable from the setup page without a Bouncy Castle dependency.
 */
public final class CertificateFormats {

    /** The media type under which iOS and Android offer to install a downloaded CA certificate. */
    public static final String CA_CERT_MEDIA_TYPE = "application/x-x509-ca-cert";

    /** The media type for a PEM file. */
    public static final String PEM_MEDIA_TYPE = "application/x-pem-file";

    private CertificateFormats() {
    }

    /** The certificate's DER encoding, the content of a {@code .crt} or {@code .cer} file. */
    public static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /** The certificate as PEM text: a {@code CERTIFICATE} block with 64-character lines and LF line ends. */
    public static String pem(X509Certificate certificate) {
        return pem("CERTIFICATE", der(certificate));
    }

    /** A PEM block of the given type around {@code der}. */
    public static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** The PEM text as bytes (US-ASCII), ready to serve or write. */
    public static byte[] pemBytes(X509Certificate certificate) {
        return pem(certificate).getBytes(StandardCharsets.US_ASCII);
    }

    /** SHA-256 of the DER encoding, as colon-separated upper-case hex ({@code AB:CD:...}). */
    public static String sha256Fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(der(certificate));
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
