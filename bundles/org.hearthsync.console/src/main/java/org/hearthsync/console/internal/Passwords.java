package org.hearthsync.console.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The rule for the phones' password, said in plain words when a password does not pass. */
final class Passwords {
    static final int MIN_LENGTH = 10;
    /** A few of the passwords tried first by anyone guessing; a longer list would not change the advice. */
    private static final Set<String> COMMON = Set.of("password", "password1", "password12", "password123", "password1234",
            "1234567890", "0123456789", "12345678910", "1234512345", "qwertyuiop", "qwertyuiop1", "1q2w3e4r5t",
            "1qaz2wsx3edc", "iloveyou12", "letmein123", "welcome123", "abcdefghij", "abc1234567", "sunshine12",
            "football12", "baseball12", "princess12", "dragon1234", "monkey1234", "trustno1234", "passw0rd12",
            "p@ssw0rd12", "p@ssword123", "changeme123", "administrator", "0000000000", "1111111111", "qwerty1234",
            "qwerty12345", "superman12", "starwars12", "whatever12", "zaq12wsxcde");

    private Passwords() {
    }

    /** The key of the text that says why the password is refused, or empty when it is fine. */
    static Optional<String> problem(char[] password, String userName) {
        if (password.length < MIN_LENGTH) {
            return Optional.of("password.short");
        }
        String p = new String(password).toLowerCase(Locale.ROOT);
        if (COMMON.contains(p)) {
            return Optional.of("password.common");
        }
        if (p.chars().distinct().count() <= 2) {
            return Optional.of("password.common");
        }
        if (userName != null && !userName.isBlank() && p.contains(userName.toLowerCase(Locale.ROOT))) {
            return Optional.of("password.name");
        }
        return Optional.empty();
    }
}
