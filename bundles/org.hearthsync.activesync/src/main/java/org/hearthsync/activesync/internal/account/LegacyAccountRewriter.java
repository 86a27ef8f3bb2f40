package org.hearthsync.activesync.internal.account;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;

import org.hearthsync.activesync.settings.AccountSettings;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves an account's password hash from the public name earlier versions wrote ({@code password.hash}, which DS
 * copied into the account's service properties for any bundle to read) to the private {@code .password.hash}:
 * for the accounts there are at start (a data folder of an older version) and for any configuration updated later
 * with the old name (an old file dropped into {@code etc/}). FileInstall writes the rewritten configuration back to
 * its file. Until the rewrite lands, {@link ConfiguredAccount} still reads the old name, so no phone is refused.
 */
@Component(service = ConfigurationListener.class)
public final class LegacyAccountRewriter implements ConfigurationListener {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyAccountRewriter.class);
    private static final String WITH_LEGACY = "(&(service.factoryPid=" + AccountSettings.FACTORY_PID + ")("
            + AccountSettings.LEGACY_PASSWORD_HASH + "=*))";

    private final ConfigurationAdmin configAdmin;

    @Activate
    public LegacyAccountRewriter(@Reference ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
        rewriteAll();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() == ConfigurationEvent.CM_UPDATED
                && AccountSettings.FACTORY_PID.equals(event.getFactoryPid())) {
            rewriteAll();
        }
    }

    private void rewriteAll() {
        try {
            Configuration[] found = configAdmin.listConfigurations(WITH_LEGACY);
            if (found != null) {
                for (Configuration c : found) {
                    rewrite(c);
                }
            }
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            LOG.warn("Could not move account password hashes to their private name: {}", e.toString());
        }
    }

    private static void rewrite(Configuration c) throws IOException {
        Dictionary<String, Object> props = c.getProperties();
        if (props == null) {
            return; // deleted meanwhile
        }
        Dictionary<String, Object> moved = moved(props);
        if (moved != null) {
            c.update(moved);
            LOG.debug("Account {}: password hash moved to its private setting {}", props.get(AccountSettings.USER_NAME),
                    AccountSettings.PASSWORD_HASH);
        }
    }

    /** The properties with the hash under its private name, or null when there is nothing to move. */
    static Dictionary<String, Object> moved(Dictionary<String, Object> props) {
        Object legacy = props.get(AccountSettings.LEGACY_PASSWORD_HASH);
        if (legacy == null) {
            return null;
        }
        Hashtable<String, Object> out = new Hashtable<>();
        for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            out.put(k, props.get(k));
        }
        out.remove(AccountSettings.LEGACY_PASSWORD_HASH);
        Object current = out.get(AccountSettings.PASSWORD_HASH);
        if (current == null || current.toString().isBlank()) {
            // a newer hash under the private name wins; the old one is only dropped
            out.put(AccountSettings.PASSWORD_HASH, legacy);
        }
        return out;
    }
}
