package org.hearthsync.dav.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The URL layout and its encodings. {@code /dav/} is the root, {@code /dav/principals/USER/} an account's
 * principal, {@code /dav/home/USER/} its home, {@code /dav/home/USER/COLLECTION/} a collection and
 * {@code .../COLLECTION/NAME} an item. A collection id that is not a plain URL segment (a vdir's {@code FOLDER#tasks},
 * a remote path) is written as {@code ~} and its base64url form, so every id round-trips through one segment.
 */
final class Hrefs {
    static final String ROOT = "/dav/";
    static final String PRINCIPALS = "principals";
    static final String HOME = "home";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    enum Kind { ROOT, PRINCIPAL, HOME, COLLECTION, ITEM }

    /**
     * A request path taken apart.
     *
     * @param user       the account name in the path, or {@code null} for the root
     * @param collection the collection segment (decoded from percent-encoding, not from the id form)
     * @param item       the item name
     * @param slash      whether the path ended with a slash
     */
    record Target(Kind kind, String user, String collection, String item, boolean slash) {
    }

    private Hrefs() {
    }

    /** Parses a raw (percent-encoded) request path under {@link #ROOT}. */
    static Target parse(String rawPath) throws DavException {
        if (rawPath == null || !(rawPath + "/").startsWith(ROOT)) {
            throw new DavException(404, "not a DAV path");
        }
        boolean slash = rawPath.endsWith("/");
        String rest = rawPath.length() <= ROOT.length() ? "" : rawPath.substring(ROOT.length());
        List<String> seg = new ArrayList<>();
        for (String s : rest.split("/")) {
            if (!s.isEmpty()) {
                String d = decode(s);
                if (d.equals(".") || d.equals("..") || d.indexOf('/') >= 0 || d.chars().anyMatch(c -> c < 0x20)) {
                    throw DavException.badRequest("bad path segment");
                }
                seg.add(d);
            }
        }
        if (seg.isEmpty()) {
            return new Target(Kind.ROOT, null, null, null, slash);
        }
        if (seg.get(0).equals(PRINCIPALS) && seg.size() == 2) {
            return new Target(Kind.PRINCIPAL, seg.get(1), null, null, slash);
        }
        if (seg.get(0).equals(HOME) && seg.size() >= 2 && seg.size() <= 4) {
            return switch (seg.size()) {
                case 2 -> new Target(Kind.HOME, seg.get(1), null, null, slash);
                case 3 -> new Target(Kind.COLLECTION, seg.get(1), seg.get(2), null, slash);
                default -> new Target(Kind.ITEM, seg.get(1), seg.get(2), seg.get(3), slash);
            };
        }
        throw new DavException(404, "no such DAV path");
    }

    static String principal(String user) {
        return ROOT + PRINCIPALS + "/" + encode(user) + "/";
    }

    static String home(String user) {
        return ROOT + HOME + "/" + encode(user) + "/";
    }

    static String collection(String user, String segment) {
        return home(user) + encode(segment) + "/";
    }

    static String item(String user, String segment, String name) {
        return collection(user, segment) + encode(name);
    }

    /** The URL segment of a collection id. */
    static String segmentOf(String id) {
        if (PLAIN.matcher(id).matches()) {
            return id;
        }
        return "~" + Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    /** The collection id a segment names when it is not an alias. */
    static String idOf(String segment) {
        if (segment.startsWith("~")) {
            try {
                return new String(Base64.getUrlDecoder().decode(segment.substring(1)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return segment;
            }
        }
        return segment;
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters and a few safe sub-delims. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~@+=,".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    static String decode(String s) throws DavException {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw DavException.badRequest("bad percent-encoding");
                }
                int h = Character.digit(s.charAt(i + 1), 16);
                int l = Character.digit(s.charAt(i + 2), 16);
                if (h < 0 || l < 0) {
                    throw DavException.badRequest("bad percent-encoding");
                }
                out.write(h * 16 + l);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The path of an href a client sent, which may be absolute ({@code https://host/dav/...}) or a path. */
    static String pathOf(String href) {
        String h = href.trim();
        int scheme = h.indexOf("://");
        if (scheme > 0 && scheme < 10) {
            int slash = h.indexOf('/', scheme + 3);
            h = slash < 0 ? "/" : h.substring(slash);
        }
        int q = h.indexOf('?');
        return q < 0 ? h : h.substring(0, q);
    }
}
