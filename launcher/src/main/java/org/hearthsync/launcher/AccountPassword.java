package org.hearthsync.launcher;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hearthsync.auth.PasswordHash;

/**
 * {@code hearth --set-password USER}: writes the account's configuration file with a salted hash
 * of a password typed on the terminal (never on the command line, where other users of the
 * computer could read it). A running Hearth picks the change up within a second.
 */
final class AccountPassword {
    static final int MIN_LENGTH = 8;

    private final ConfigFiles etc;
    private final PrintStream out;
    private final PrintStream err;

    AccountPassword(java.nio.file.Path etcFolder, PrintStream out, PrintStream err) {
        this.etc = new ConfigFiles(etcFolder);
        this.out = out;
        this.err = err;
    }

    int set(String user, String email, Console console, InputStream stdin) throws IOException {
        char[] password = console != null ? ask(console) : firstLine(stdin);
        if (password == null) {
            return 1;
        }
        try {
            if (password.length < MIN_LENGTH) {
                err.println("hearth: the password must have at least " + MIN_LENGTH + " characters");
                return 1;
            }
            Map<String, String> values = new LinkedHashMap<>();
            values.put("user.name", user);
            // private (leading dot): DS keeps it out of the account's service properties, which any bundle can read;
            // the public name older versions wrote is removed
            values.put(".password.hash", PasswordHash.hash(password));
            values.put("password.hash", null);
            if (email != null) {
                values.put("email.address", email.trim());
            } else {
                values.putIfAbsent("email.address", user + "@" + hostName());
            }
            etc.merge("org.hearthsync.account-" + user, values, true, email == null ? "email.address" : null);
            out.println("Password set for account " + user + ".");
            return 0;
        } finally {
            PasswordHash.clear(password);
        }
    }

    private char[] ask(Console console) {
        char[] first = console.readPassword("Password for the phones: ");
        char[] second = console.readPassword("Once more: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            err.println("hearth: the two passwords differ; nothing changed");
            PasswordHash.clear(first);
            PasswordHash.clear(second);
            return null;
        }
        PasswordHash.clear(second);
        return first;
    }

    private char[] firstLine(InputStream stdin) throws IOException {
        String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            err.println("hearth: no password on standard input");
            return null;
        }
        return line.toCharArray();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
