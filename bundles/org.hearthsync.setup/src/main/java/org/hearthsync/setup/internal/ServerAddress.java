package org.hearthsync.setup.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which name and port a phone's Exchange account should use. The name the phone used to open the
 * setup page is kept when the server certificate covers it (so TLS will succeed) and it is not a
 * loopback address; the configured Internet name gets the Internet port; anything else falls back to
 * the primary LAN address. A request's Host header never changes the certificate.
 *
 * @param host the host name or address literal, IPv6 without brackets
 * @param port the TLS port
 */
record ServerAddress(String host, int port) {

    static ServerAddress choose(String requestHost, X509Certificate serverCertificate, Optional<InetAddress> primary,
            String publicHost, int publicPort, int lanPort) {
        String host = stripBrackets(requestHost == null ? "" : requestHost.trim());
        if (!publicHost.isEmpty() && host.equalsIgnoreCase(publicHost)) {
            return new ServerAddress(publicHost, publicPort);
        }
        if (!host.isEmpty() && !isLoopback(host) && coveredBy(host, serverCertificate)) {
            return new ServerAddress(host, lanPort);
        }
        if (primary.isPresent()) {
            return new ServerAddress(primary.get().getHostAddress(), lanPort);
        }
        return new ServerAddress(host.isEmpty() ? "localhost" : host, lanPort);
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    String hostAndPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static String stripBrackets(String host) {
        if (host.length() > 1 && host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return host;
    }

    /** Whether the certificate names {@code host} (as a DNS name or an IP address) in its SANs. */
    static boolean coveredBy(String host, X509Certificate certificate) {
        Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (sans == null) {
            return false;
        }
        Optional<InetAddress> literal = addressLiteral(host);
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1));
            if (type == 2 && literal.isEmpty() && value.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))) {
                return true;
            }
            if (type == 7 && literal.isPresent() && addressLiteral(value).equals(literal)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLoopback(String host) {
        return "localhost".equalsIgnoreCase(host) || addressLiteral(host).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /** The address an IP literal names, without any name lookup; empty for a host name. */
    static Optional<InetAddress> addressLiteral(String s) {
        boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s)); // a literal: no lookup happens
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }
}
