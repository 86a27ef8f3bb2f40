package org.hearthsync.activesync.internal.http;

import java.time.Clock;
import java.util.List;

import org.hearthsync.api.account.Account;

/** Lets tests in other packages run the POX decision without a servlet container. */
public final class AutodiscoverTestAccess {
    private AutodiscoverTestAccess() {
    }

    public static String answer(byte[] requestBody, String user, String email, String host) {
        return AutodiscoverServlet.answer(AutodiscoverXml.parse(requestBody), new Account(user, email, "default", List.of()),
                host, Clock.systemUTC());
    }
}
