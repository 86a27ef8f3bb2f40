package org.hearthsync.upnp.internal;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One SSDP datagram (an M-SEARCH answer or a NOTIFY), read leniently but within bounds: at most
 * {@link #MAX_HEADERS} header lines, names case-insensitive, the rest ignored.
 */
record SsdpMessage(String startLine, Map<String, String> headers, InetAddress sender) {
    static final int MAX_DATAGRAM = 8192;
    static final int MAX_HEADERS = 40;

    static Optional<SsdpMessage> parse(byte[] data, int length, InetAddress sender) {
        if (length <= 0 || length > MAX_DATAGRAM) {
            return Optional.empty();
        }
        String text = new String(data, 0, length, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n", MAX_HEADERS + 2);
        String start = lines[0].trim();
        if (!(start.startsWith("HTTP/1.") || start.startsWith("NOTIFY ") || start.startsWith("M-SEARCH "))) {
            return Optional.empty();
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length && i <= MAX_HEADERS; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return Optional.of(new SsdpMessage(start, Map.copyOf(headers), sender));
    }

    String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return "";
    }

    boolean isSearchResponse() {
        return startLine.startsWith("HTTP/1.") && startLine.contains(" 200");
    }

    boolean isNotify() {
        return startLine.startsWith("NOTIFY ");
    }

    /** The search target or notification type. */
    String type() {
        return isNotify() ? header("NT") : header("ST");
    }

    String nts() {
        return header("NTS").toLowerCase(Locale.ROOT);
    }

    /** The {@code uuid:...} part of the USN, or empty. */
    String udn() {
        String usn = header("USN");
        int sep = usn.indexOf("::");
        return sep < 0 ? usn : usn.substring(0, sep);
    }

    String bootId() {
        return header("BOOTID.UPNP.ORG");
    }

    /** The description address, only when it is a plain http URL. */
    Optional<URI> location() {
        String l = header("LOCATION");
        if (l.isEmpty() || l.length() > 512) {
            return Optional.empty();
        }
        try {
            URI u = new URI(l);
            if ("http".equalsIgnoreCase(u.getScheme()) && u.getHost() != null) {
                return Optional.of(u);
            }
        } catch (java.net.URISyntaxException e) {
            // not an address
        }
        return Optional.empty();
    }

    /** Whether the message is about an Internet gateway (the device or one of its WAN connection services). */
    boolean aboutGateway() {
        String t = type();
        return t.startsWith(Igd.DEVICE_PREFIX) || t.startsWith(Igd.WAN_IP_PREFIX) || t.startsWith(Igd.WAN_PPP_PREFIX);
    }
}
