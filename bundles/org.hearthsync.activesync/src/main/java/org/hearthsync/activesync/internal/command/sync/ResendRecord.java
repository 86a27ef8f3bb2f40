package org.hearthsync.activesync.internal.command.sync;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The saved record of the last Sync response that moved a key, so an identical request (the phone
 * lost the response) gets the same bytes again: the request's hash, per collection the key the client
 * sent and the key the response issued, and the response. The text format is read and written here
 * only: a line with the hash, one line per collection (three URL-encoded fields, {@code %} for an
 * empty one), then {@code =} and the response in base64.
 *
 * @param requestHash the SHA-256 of the request body
 * @param folders     per collection of the response
 * @param response    the encoded response ({@code null}: the record had none)
 */
record ResendRecord(String requestHash, List<FolderKeys> folders, byte[] response) {

    /** One collection: the key the client sent and the one the response issued ({@code ""}: none). */
    record FolderKeys(String collectionId, String sentKey, String issuedKey) {
    }

    String encode() {
        StringBuilder rec = new StringBuilder(requestHash).append('\n');
        for (FolderKeys f : folders) {
            rec.append(enc(f.collectionId())).append(' ').append(enc(f.sentKey())).append(' ').append(enc(f.issuedKey()))
                    .append('\n');
        }
        return rec.append("=").append(Base64.getEncoder().encodeToString(response)).toString();
    }

    /** The record if {@code text} is one for the request with this hash. */
    static Optional<ResendRecord> decode(String text, String requestHash) {
        if (text == null || !text.startsWith(requestHash + "\n")) {
            return Optional.empty();
        }
        String[] lines = text.split("\n");
        List<FolderKeys> folders = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].startsWith("=")) {
                return Optional.of(new ResendRecord(requestHash, folders, Base64.getDecoder().decode(lines[i].substring(1))));
            }
            String[] f = lines[i].split(" ", -1);
            folders.add(new FolderKeys(dec(f[0]), dec(f[1]), dec(f[2])));
        }
        return Optional.of(new ResendRecord(requestHash, folders, null));
    }

    private static String enc(String s) {
        return s.isEmpty() ? "%" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return "%".equals(s) ? "" : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
