package org.hearthsync.setup.internal;

import java.util.Locale;
import java.util.Optional;

import org.hearthsync.api.publicname.PublicName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;

/**
 * Publishes the Internet name of the setup configuration as the {@link PublicName} fact. DS copies the
 * configuration into the service properties, so a change of name modifies the service and every dynamic
 * reference (ACME, the console) hears of it without knowing this bundle's PID or keys.
 */
@Component(service = PublicName.class, configurationPid = SetupConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class PublishedName implements PublicName {
    private volatile SetupConfig config;

    @Activate
    public PublishedName(SetupConfig config) {
        this.config = config;
    }

    @Modified
    void modified(SetupConfig config) {
        this.config = config;
    }

    @Override
    public Optional<String> host() {
        return host(config.public_host());
    }

    static Optional<String> host(String configured) {
        String h = configured == null ? "" : configured.strip().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.isEmpty() ? Optional.empty() : Optional.of(h);
    }

    @Override
    public int easPort() {
        return config.public_eas_port();
    }

    @Override
    public int setupPort() {
        return config.public_setup_port();
    }
}
