package org.hearthsync.activesync.internal.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the query of an EAS request URI in its plain form ({@code Cmd=Sync&User=...&DeviceId=...})
 * or its base64 form (MS-ASHTTP 2.2.1.1.1.1). Bounded: a query over {@link #MAX_QUERY_LENGTH}
 * characters, a length field pointing past the end, or a value with control characters is
 * rejected with {@link QueryException}; nothing else is thrown.
 */
public final class QueryParser {
    /** Longer queries are refused; real ones are under 300 characters. */
    public static final int MAX_QUERY_LENGTH = 2048;
    static final int MAX_ID_LENGTH = 64;
    static final int MAX_VALUE_LENGTH = 512;

    /** Base64 command parameter tags (MS-ASHTTP 2.2.1.1.1.1.3). */
    private static final String[] PARAMETER_TAGS = { "AttachmentName", "CollectionId", null, "ItemId", "LongId", null,
            "Occurrence", "Options", "User" };
    private static final int OPTIONS_TAG = 7;
    private static final int USER_TAG = 8;
    private static final int SAVE_IN_SENT = 0x01;
    private static final int ACCEPT_MULTIPART = 0x02;

    private QueryParser() {
    }

    public static EasQuery parse(String query) throws QueryException {
        if (query == null || query.isEmpty()) {
            throw new QueryException("the request has no query");
        }
        if (query.length() > MAX_QUERY_LENGTH) {
            throw new QueryException("the query is longer than " + MAX_QUERY_LENGTH + " characters");
        }
        return isPlain(query) ? parsePlain(query) : parseBase64(query);
    }

    private static boolean isPlain(String query) {
        for (String part : query.split("&", -1)) {
            if (part.regionMatches(true, 0, "Cmd=", 0, 4)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- plain form

    private static EasQuery parsePlain(String query) throws QueryException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : query.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = percentDecode(eq < 0 ? part : part.substring(0, eq), true);
            String value = eq < 0 ? "" : percentDecode(part.substring(eq + 1), true);
            String key = canonicalName(name);
            if (values.putIfAbsent(key, value) != null) {
                throw new QueryException("the query names " + printable(name) + " twice");
            }
        }
        String cmd = values.remove("Cmd");
        String user = values.remove("User");
        String deviceId = values.remove("DeviceId");
        String deviceType = values.remove("DeviceType");
        if (cmd == null || cmd.isEmpty()) {
            throw new QueryException("the query has no Cmd");
        }
        requireToken("Cmd", cmd, 32);
        requireOptional("User", user, MAX_VALUE_LENGTH);
        requireToken("DeviceId", deviceId, MAX_ID_LENGTH);
        requireToken("DeviceType", deviceType, MAX_ID_LENGTH);
        for (Map.Entry<String, String> e : values.entrySet()) {
            requireOptional(e.getKey(), e.getValue(), MAX_VALUE_LENGTH);
        }
        return new EasQuery(cmd, emptyToNull(user), emptyToNull(deviceId), emptyToNull(deviceType), null, null, 0,
                values, false);
    }

    /** Parameter names are matched case-insensitively, as IIS does; known ones get their spec spelling. */
    private static String canonicalName(String name) {
        for (String known : new String[] { "Cmd", "User", "DeviceId", "DeviceType", "AttachmentName", "CollectionId",
                "ItemId", "LongId", "Occurrence", "SaveInSent", "Options" }) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        return name;
    }

    // ---------------------------------------------------------------- base64 form

    private static EasQuery parseBase64(String query) throws QueryException {
        byte[] raw;
        try {
            String text = percentDecode(query, false).trim();
            raw = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new QueryException("the query is neither the plain form nor valid base64");
        }
        Cursor c = new Cursor(raw);
        int versionByte = c.u8("protocol version");
        ProtocolVersion version = ProtocolVersion.fromByte(versionByte)
                .orElseThrow(() -> new QueryException("unsupported protocol version " + (versionByte / 10) + "." + (versionByte % 10)));
        int code = c.u8("command code");
        Command command = Command.byCode(code).orElse(null);
        int locale = c.u8("locale") | (c.u8("locale") << 8);
        byte[] id = c.bytes(c.u8("device ID length"), "device ID");
        String deviceId = id.length == 0 ? null : deviceId(id);
        int keyLength = c.u8("policy key length");
        String policyKey;
        if (keyLength == 0) {
            policyKey = null;
        } else if (keyLength == 4) {
            byte[] k = c.bytes(4, "policy key");
            long key = (k[0] & 0xffL) | (k[1] & 0xffL) << 8 | (k[2] & 0xffL) << 16 | (k[3] & 0xffL) << 24;
            policyKey = Long.toString(key);
        } else {
            throw new QueryException("the policy key length must be 0 or 4, not " + keyLength);
        }
        byte[] type = c.bytes(c.u8("device type length"), "device type");
        String deviceType = type.length == 0 ? null : ascii(type, "device type");
        String user = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (c.remaining() > 0) {
            int tag = c.u8("parameter tag");
            byte[] value = c.bytes(c.u8("parameter length"), "parameter value");
            if (tag == OPTIONS_TAG) {
                int flags = value.length == 0 ? 0 : value[0] & 0xff;
                params.put("SaveInSent", (flags & SAVE_IN_SENT) != 0 ? "T" : "F");
                if ((flags & ACCEPT_MULTIPART) != 0) {
                    params.put("AcceptMultiPart", "T");
                }
                continue;
            }
            String name = tag < PARAMETER_TAGS.length ? PARAMETER_TAGS[tag] : null;
            if (name == null) {
                continue; // a tag MS-ASHTTP does not define: ignored, as the plain form ignores unknown names
            }
            String text = new String(value, StandardCharsets.UTF_8);
            requireOptional(name, text, MAX_VALUE_LENGTH);
            if (tag == USER_TAG) {
                user = text;
            } else {
                params.put(name, text);
            }
        }
        String commandName = command == null ? "#" + code : command.wireName();
        return new EasQuery(commandName, emptyToNull(user), deviceId, deviceType, version, policyKey, locale, params, true);
    }

    /** A device id of printable ASCII stays as it is; a binary one (a GUID) becomes upper-case hex. */
    private static String deviceId(byte[] id) throws QueryException {
        if (id.length > MAX_ID_LENGTH) {
            throw new QueryException("the device ID is longer than " + MAX_ID_LENGTH + " bytes");
        }
        boolean printable = true;
        for (byte b : id) {
            printable &= b > 0x20 && b < 0x7f;
        }
        if (printable) {
            return new String(id, StandardCharsets.US_ASCII);
        }
        StringBuilder sb = new StringBuilder(id.length * 2);
        for (byte b : id) {
            sb.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
        }
        return sb.toString();
    }

    private static String ascii(byte[] bytes, String what) throws QueryException {
        for (byte b : bytes) {
            if (b <= 0x20 || b >= 0x7f) {
                throw new QueryException("the " + what + " is not printable ASCII");
            }
        }
        if (bytes.length > MAX_ID_LENGTH) {
            throw new QueryException("the " + what + " is longer than " + MAX_ID_LENGTH + " bytes");
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Reads the byte sequence; every read checks the bounds first. */
    private static final class Cursor {
        private final byte[] data;
        private int pos;

        Cursor(byte[] data) {
            this.data = data;
        }

        int remaining() {
            return data.length - pos;
        }

        int u8(String field) throws QueryException {
            if (pos >= data.length) {
                throw new QueryException("the base64 query ends before its " + field);
            }
            return data[pos++] & 0xff;
        }

        byte[] bytes(int n, String field) throws QueryException {
            if (n > remaining()) {
                throw new QueryException("the base64 query ends inside its " + field);
            }
            byte[] out = new byte[n];
            System.arraycopy(data, pos, out, 0, n);
            pos += n;
            return out;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** RFC 3986 percent-decoding as UTF-8; {@code plusIsSpace} for the form-encoded plain query. */
    static String percentDecode(String s, boolean plusIsSpace) throws QueryException {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%') {
                if (i + 2 >= s.length()) {
                    throw new QueryException("a percent escape is cut short");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new QueryException("a percent escape is not hexadecimal");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (ch == '+' && plusIsSpace) {
                out.write(' ');
            } else if (ch < 0x80) {
                out.write(ch);
            } else {
                byte[] b = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A value that, when present, is printable ASCII without spaces. */
    private static void requireToken(String name, String value, int max) throws QueryException {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw new QueryException(name + " is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch <= 0x20 || ch >= 0x7f) {
                throw new QueryException(name + " holds a character that is not printable ASCII");
            }
        }
    }

    private static void requireOptional(String name, String value, int max) throws QueryException {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw new QueryException(printable(name) + " is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new QueryException(printable(name) + " holds a control character");
            }
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** For messages: the first 32 characters, control characters replaced. */
    private static String printable(String s) {
        String t = s.length() > 32 ? s.substring(0, 32) + "..." : s;
        StringBuilder sb = new StringBuilder(t.length());
        for (char ch : t.toCharArray()) {
            sb.append(Character.isISOControl(ch) ? '?' : ch);
        }
        return "'" + sb + "'";
    }
}
