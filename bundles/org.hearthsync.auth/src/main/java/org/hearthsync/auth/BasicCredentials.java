package org.hearthsync.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The user name and password of an HTTP Basic Authorization header (RFC 7617), UTF-8 with a
 * Latin-1 fallback for old clients. The password is a char array the caller clears; neither the
 * header nor the password is ever put in a message or log.
 */
public record BasicCredentials(String userName, char[] password) {
    private static final int MAX_HEADER = 4096;

    public static Optional<BasicCredentials> parse(String header) {
        if (header == null || header.length() > MAX_HEADER || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        char[] text;
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw));
            text = Arrays.copyOf(cb.array(), cb.limit());
            Arrays.fill(cb.array(), '\0');
        } catch (CharacterCodingException e) {
            text = new char[raw.length];
            for (int i = 0; i < raw.length; i++) {
                text[i] = (char) (raw[i] & 0xff);
            }
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        int colon = -1;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0) {
            Arrays.fill(text, '\0');
            return Optional.empty();
        }
        String user = new String(text, 0, colon);
        char[] password = Arrays.copyOfRange(text, colon + 1, text.length);
        Arrays.fill(text, '\0');
        return Optional.of(new BasicCredentials(user, password));
    }

    @Override
    public String toString() {
        return "BasicCredentials[" + userName + ", password hidden]";
    }
}
