package org.hearthsync.activesync.internal.sync;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The last Sync response of a device that moved a key, kept so an identical request (the phone lost
 * the response) gets the same bytes again: the request's hash, each folder's key as sent and as issued
 * ({@code ""}: none issued), and the response. The text is read and written here only: a line with the
 * hash, one line per folder (three URL-encoded fields, {@code %} for an empty one), then {@code =} and
 * the response in base64.
 *
 * @param requestHash the SHA-256 of the request body
 * @param folders     per folder of the response
 * @param response    the encoded response ({@code null}: the saved text had none)
 */
public record ResendRecord(String requestHash, List<Folder> folders, byte[] response) {
    /** The kind under which {@link SyncStateStore#deviceValue} keeps it. */
    public static final String DEVICE_KIND = "syncresp";

    /** One folder of the response: the key the request carried and the key the response issued. */
    public record Folder(String collectionId, String sentKey, String issuedKey) {
    }

    public ResendRecord {
        folders = List.copyOf(folders);
    }

    public String encode() {
        StringBuilder rec = new StringBuilder(requestHash).append('\n');
        for (Folder f : folders) {
            rec.append(enc(f.collectionId())).append(' ').append(enc(f.sentKey())).append(' ').append(enc(f.issuedKey()))
                    .append('\n');
        }
        return rec.append("=").append(Base64.getEncoder().encodeToString(response)).toString();
    }

    /**
     * Whether a saved record is the one of a request with this hash: checked before {@link #decode}, so
     * a Sync that repeats nothing does not decode the last response's bytes.
     */
    public static boolean isFor(String text, String requestHash) {
        return text.startsWith(requestHash + "\n");
    }

    /** Reads a saved record; {@link IllegalArgumentException} when it is not one. */
    public static ResendRecord decode(String text) {
        String[] lines = text.split("\n");
        List<Folder> folders = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].startsWith("=")) {
                return new ResendRecord(lines[0], folders, Base64.getDecoder().decode(lines[i].substring(1)));
            }
            String[] f = lines[i].split(" ", -1);
            if (f.length < 3) {
                throw new IllegalArgumentException("a folder line of " + f.length + " fields");
            }
            folders.add(new Folder(dec(f[0]), dec(f[1]), dec(f[2])));
        }
        return new ResendRecord(lines[0], folders, null);
    }

    private static String enc(String s) {
        return s.isEmpty() ? "%" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return "%".equals(s) ? "" : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
