package org.hearthsync.console.internal;

import static org.hearthsync.console.internal.WizardHtml.field;
import static org.hearthsync.console.internal.WizardHtml.str;
import static org.hearthsync.console.internal.WizardHtml.str0;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.hearthsync.activesync.settings.AccountSettings;
import org.hearthsync.api.account.Account;
import org.hearthsync.auth.PasswordHash;
import org.hearthsync.api.net.AddressService;
import org.osgi.service.cm.Configuration;

/** The phone's account: user name, e-mail address and password, written as the account's own configuration. */
final class CredentialsStep extends WritingStep {
    /** How long the account may take to be registered before the last step is shown anyway. */
    static final Duration ACCOUNT_WAIT = Duration.ofSeconds(5);
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    CredentialsStep(WizardServices services, ConfigWriter configs, ActionLog log) {
        super("credentials", services, configs, log);
    }

    @Override
    public void render(View v) {
        WizardState st = v.state();
        Ui ui = v.ui();
        Optional<Account> existing = services.account(st.userName());
        String user = v.posted().getOrDefault("user", st.userName());
        String email = v.posted().getOrDefault("email", existing.map(Account::emailAddress).filter(s -> !s.isBlank())
                .orElse(user.isEmpty() ? "" : user + "@" + mailDomain(st)));
        v.w().println("<p>" + ui.h("credentials.intro") + "</p>");
        field(v.w(), "user", ui.t("credentials.user"), "text", user, ui.t("credentials.user.help"), "username");
        field(v.w(), "email", ui.t("credentials.email"), "text", email, ui.t("credentials.email.help", mailDomain(st)), "off");
        field(v.w(), "password", ui.t("credentials.password"), "password", "", ui.t(existing.isPresent()
                ? "credentials.password.keep" : "credentials.password.help", Passwords.MIN_LENGTH), "new-password");
        field(v.w(), "password2", ui.t("credentials.password2"), "password", "", "", "new-password");
    }

    @Override
    public boolean save(Form f) throws IOException {
        Ui ui = f.ui();
        List<String> errors = f.errors();
        String user = f.param("user");
        String email = f.param("email");
        f.posted().put("user", user);
        f.posted().put("email", email);
        char[] password = str0(f.req().getParameter("password")).toCharArray();
        char[] again = str0(f.req().getParameter("password2")).toCharArray();
        try {
            if (!USER_NAME.matcher(user).matches()) {
                errors.add(ui.t("credentials.user.bad"));
            }
            if (!email.isEmpty() && !email.matches("[^@\\s]+@[^@\\s]+")) {
                errors.add(ui.t("credentials.email.bad"));
            }
            Optional<Configuration> existing = accountConfig(configs, user);
            boolean keep = password.length == 0 && again.length == 0 && existing.isPresent();
            if (!keep) {
                Passwords.problem(password, user).ifPresent(k -> errors.add(ui.t(k, Passwords.MIN_LENGTH)));
                if (!Arrays.equals(password, again)) {
                    errors.add(ui.t("password.mismatch"));
                }
            }
            if (errors.isEmpty()) {
                write(f.state(), user, email, keep ? null : password, existing);
            }
        } finally {
            PasswordHash.clear(password);
            PasswordHash.clear(again);
        }
        return false;
    }

    private void write(WizardState st, String user, String email, char[] password, Optional<Configuration> existing) throws IOException {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(AccountSettings.USER_NAME, existing.map(c -> str(ConfigWriter.properties(c).get(AccountSettings.USER_NAME)))
                .filter(s -> !s.isEmpty()).orElse(user));
        props.put(AccountSettings.EMAIL_ADDRESS, email.isEmpty() ? user + "@" + mailDomain(st) : email);
        if (password != null) {
            props.put(AccountSettings.PASSWORD_HASH, PasswordHash.hash(password));
            props.put(AccountSettings.LEGACY_PASSWORD_HASH, null); // an older version's hash must not outlive it
        }
        if (existing.isEmpty()) {
            props.put(AccountSettings.STORE_NAME, st.storeName());
            if (!st.collections().isEmpty()) {
                props.put(AccountSettings.COLLECTIONS, st.collections().toArray(String[]::new));
            }
            configs.updateFactory(AccountSettings.FACTORY_PID, null, user, props);
        } else {
            configs.updateFactory(AccountSettings.FACTORY_PID, existing.get(), null, props);
        }
        configs.update(WizardConfig.PID, Map.of("user.name", user));
        log.record((existing.isEmpty() ? "created the account " : "updated the account ") + user
                + (password == null ? "" : " with a new password"));
        // the last step shows the account: wait (bounded) until its owner has registered it
        if (existing.isEmpty()) {
            services.awaitAccount(user, ACCOUNT_WAIT);
        }
    }

    /** The configuration of the account with this user name, if there is one. */
    static Optional<Configuration> accountConfig(ConfigWriter configs, String user) {
        if (user.isEmpty()) {
            return Optional.empty();
        }
        return configs.factory(AccountSettings.FACTORY_PID, p -> user.equalsIgnoreCase(str(p.get(AccountSettings.USER_NAME)))).stream()
                .findFirst();
    }

    /** The domain of the suggested e-mail address: the Internet name, else a host name of this computer. */
    private String mailDomain(WizardState st) {
        String host = services.publicHost();
        if (st.internet() && !host.isEmpty()) {
            return host;
        }
        AddressService a = services.addresses;
        if (a != null) {
            List<String> names = new ArrayList<>(a.hostNames());
            Collections.sort(names);
            for (String n : names) {
                if (n.contains(".") && !n.startsWith("localhost") && !Character.isDigit(n.charAt(n.length() - 1)) && !n.contains(":")) {
                    return n.toLowerCase(Locale.ROOT);
                }
            }
            for (String n : names) {
                if (!n.equals("localhost") && !n.contains(":") && !n.matches("[0-9.]+")) {
                    return n.toLowerCase(Locale.ROOT) + ".local";
                }
            }
        }
        return "hearth.local";
    }
}
