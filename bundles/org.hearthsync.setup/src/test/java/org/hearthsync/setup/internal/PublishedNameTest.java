package org.hearthsync.setup.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.Optional;

import org.hearthsync.setup.SetupSettings;
import org.junit.jupiter.api.Test;

class PublishedNameTest {

    static SetupConfig config(String host, int eas) {
        return new SetupConfig() {
            @Override public Class<? extends Annotation> annotationType() { return SetupConfig.class; }
            @Override public String public_host() { return host; }
            @Override public int public_eas_port() { return eas; }
            @Override public int public_setup_port() { return 0; }
        };
    }

    @Test
    void publishesTheConfiguredNameAndFollowsChanges() {
        PublishedName p = new PublishedName(config("", 443));
        assertEquals(Optional.empty(), p.host());
        p.modified(config(" Home.Example.ORG. ", 8443));
        assertEquals(Optional.of("home.example.org"), p.host());
        assertEquals(8443, p.easPort());
        assertEquals(0, p.setupPort());
    }

    @Test
    void theNamesOthersWriteAreTheConfigurationsOwn() {
        assertEquals(SetupConfig.PID, SetupSettings.PID);
        assertEquals(1, Arrays.stream(SetupConfig.class.getDeclaredMethods())
                .filter(m -> m.getName().replace('_', '.').equals(SetupSettings.PUBLIC_HOST)).count());
    }
}
