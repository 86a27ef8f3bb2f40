package org.hearthsync.console.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.api.account.Account;

/**
 * The wizard's remembered choices: its own configuration ({@link WizardConfig}), with the store and collections
 * of the account once there is one (the account is where they take effect).
 */
record WizardState(String mode, String phoneType, String storeName, List<String> collections, String userName) {

    boolean internet() {
        return "internet".equals(mode);
    }

    static WizardState read(ConfigWriter configs, WizardServices services) {
        Map<String, Object> p = configs.read(WizardConfig.PID);
        Optional<Account> acc = services.account(WizardHtml.str(p.get("user.name")));
        String store = WizardHtml.str(p.get("store.name"));
        List<String> cols = WizardHtml.strings(p.get("collections"));
        if (acc.isPresent()) {
            store = acc.get().storeName();
            cols = acc.get().collections();
        }
        return new WizardState(WizardHtml.str(p.get("mode")), WizardHtml.str(p.get("phone.type")), store.isEmpty() ? "default" : store,
                cols, acc.map(Account::userName).orElse(WizardHtml.str(p.get("user.name"))));
    }
}
