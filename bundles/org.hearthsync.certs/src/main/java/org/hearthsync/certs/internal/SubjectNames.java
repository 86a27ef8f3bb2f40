package org.hearthsync.certs.internal;

import java.net.IDN;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An ordered, duplicate-free set of subject alternative names: DNS names (lower case, no trailing
 * dot, IDNs in their ASCII form) and IP addresses (in {@link InetAddress#getHostAddress()} form).
 * Immutable. IP literals are parsed without any DNS lookup.
 */
public final class SubjectNames {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private static final SubjectNames EMPTY = new SubjectNames(new LinkedHashSet<>());

    private final Set<String> names;

    private SubjectNames(LinkedHashSet<String> names) {
        this.names = Collections.unmodifiableSet(names);
    }

    public static SubjectNames empty() {
        return EMPTY;
    }

    /** The names, each checked and normalised; throws {@link IllegalArgumentException} for any bad one. */
    public static SubjectNames of(Collection<String> names) {
        LinkedHashSet<String> set = new LinkedHashSet<>();
        for (String name : names) {
            set.add(normalize(name));
        }
        return new SubjectNames(set);
    }

    public static SubjectNames of(String... names) {
        return of(List.of(names));
    }

    /** The DNS and IP address entries of a certificate's subject alternative name extension. */
    public static SubjectNames of(X509Certificate certificate) {
        LinkedHashSet<String> set = new LinkedHashSet<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2 || type == 7) { // dNSName, iPAddress
                        String value = normalizeOrNull(String.valueOf(san.get(1)));
                        if (value != null) {
                            set.add(value);
                        }
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subject alternative names", e);
        }
        return new SubjectNames(set);
    }

    /** This set followed by the names of {@code other} it lacks. */
    public SubjectNames union(SubjectNames other) {
        LinkedHashSet<String> set = new LinkedHashSet<>(names);
        set.addAll(other.names);
        return set.size() == names.size() ? this : new SubjectNames(set);
    }

    public boolean containsAll(SubjectNames other) {
        return names.containsAll(other.names);
    }

    /** The names of {@code other} this set lacks, in order. */
    public List<String> missing(SubjectNames other) {
        List<String> missing = new ArrayList<>();
        for (String name : other.names) {
            if (!names.contains(name)) {
                missing.add(name);
            }
        }
        return missing;
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    public List<String> all() {
        return List.copyOf(names);
    }

    public List<String> dnsNames() {
        return names.stream().filter(n -> !isIpLiteral(n)).toList();
    }

    public List<String> ipAddresses() {
        return names.stream().filter(SubjectNames::isIpLiteral).toList();
    }

    /** The name a certificate's subject CN carries: the first DNS name, else the first address. */
    public String commonName() {
        List<String> dns = dnsNames();
        if (!dns.isEmpty()) {
            return dns.get(0);
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no names");
        }
        return names.iterator().next();
    }

    /** Whether {@code name} is written as an IPv4 or IPv6 address (brackets and zone ids allowed). */
    public static boolean isIpLiteral(String name) {
        return parseIp(name) != null;
    }

    /** The address an IP literal names, without a DNS lookup; {@code null} for anything else. */
    public static InetAddress parseIp(String name) {
        String s = name.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0 && s.indexOf(':') >= 0) {
            s = s.substring(0, zone); // a scope id has no place in a certificate
        }
        boolean v4 = IPV4.matcher(s).matches();
        boolean v6 = !v4 && s.indexOf(':') >= 0 && IPV6.matcher(s).matches();
        if (!v4 && !v6) {
            return null;
        }
        if (v4) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(s); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The normal form of one DNS name or IP literal; throws {@link IllegalArgumentException} if invalid. */
    public static String normalize(String name) {
        if (name == null) {
            throw new IllegalArgumentException("null name");
        }
        String value = normalizeOrNull(name);
        if (value == null) {
            throw new IllegalArgumentException("not a DNS name or IP address: '" + name + "'");
        }
        return value;
    }

    /** As {@link #normalize(String)}, but {@code null} for an invalid name. */
    public static String normalizeOrNull(String name) {
        if (name == null) {
            return null;
        }
        InetAddress ip = parseIp(name);
        if (ip != null) {
            return ip instanceof Inet6Address ? stripScope(ip.getHostAddress()) : ip.getHostAddress();
        }
        String s = name.trim();
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        String wildcard = "";
        if (s.startsWith("*.")) {
            wildcard = "*.";
            s = s.substring(2);
        }
        try {
            s = wildcard + IDN.toASCII(s, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return null;
        }
        s = s.toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.length() > 253) {
            return null;
        }
        String[] labels = s.split("\\.", -1);
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return null; // a top-level label is never numeric: this is a mistyped address
        }
        for (int i = 0; i < labels.length; i++) {
            boolean star = i == 0 && labels.length > 2 && labels[i].equals("*");
            if (!star && !LABEL.matcher(labels[i]).matches()) {
                return null;
            }
        }
        return s;
    }

    private static String stripScope(String address) {
        int zone = address.indexOf('%');
        return zone < 0 ? address : address.substring(0, zone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubjectNames other && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return String.join(", ", names);
    }
}
