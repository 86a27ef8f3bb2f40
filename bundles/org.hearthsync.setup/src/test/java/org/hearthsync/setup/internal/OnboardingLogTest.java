package org.hearthsync.setup.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.hearthsync.setup.Onboarding;
import org.hearthsync.setup.OnboardingEvents;
import org.junit.jupiter.api.Test;

class OnboardingLogTest {
    /** Outlook's computer: Edge on Windows 11. */
    private static final String DESKTOP_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0";
    @Test
    void remembersTheNewestDownloadsWithTheFamilyOnly() {
        OnboardingLog log = new OnboardingLog(Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC));
        assertTrue(log.latest().isEmpty());
        for (int i = 0; i < OnboardingEvents.CAPACITY + 5; i++) {
            log.record(Onboarding.Artifact.CERTIFICATE_CRT, PlatformTest.ANDROID, Optional.empty());
        }
        log.record(Onboarding.Artifact.IOS_PROFILE, PlatformTest.IPHONE, Optional.of("alice"));
        assertEquals(OnboardingEvents.CAPACITY, log.recent().size());
        Onboarding last = log.latest().orElseThrow();
        assertEquals(Onboarding.Artifact.IOS_PROFILE, last.what());
        assertEquals("iPhone", last.client());
        assertEquals(Optional.of("alice"), last.userName());
        assertEquals(OnboardingEvents.CAPACITY, log.since(Instant.parse("2026-01-01T10:00:00Z")).size());
        assertEquals(0, log.since(Instant.parse("2026-01-01T10:00:01Z")).size());
        log.deactivate();
        assertTrue(log.recent().isEmpty());
    }

    @Test
    void aDownloadIsAComputersWhenADesktopBrowserFetchedIt() {
        OnboardingLog log = new OnboardingLog(Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC));
        // what the computers' page links to: the same certificate files the phones fetch
        log.record(Onboarding.Artifact.CERTIFICATE_CER, DESKTOP_WINDOWS, Optional.empty());
        log.record(Onboarding.Artifact.CERTIFICATE_CRT, PlatformTest.DESKTOP_LINUX, Optional.empty());
        log.record(Onboarding.Artifact.MAC_PROFILE, PlatformTest.IPAD_DESKTOP, Optional.of("alice"));
        log.record(Onboarding.Artifact.CERTIFICATE_CER, PlatformTest.WINDOWS_PHONE_81, Optional.empty());
        log.record(Onboarding.Artifact.CERTIFICATE_CRT, PlatformTest.ANDROID, Optional.empty());
        // an iPad's Safari names itself a Mac; only iPhones and iPads install an iOS profile
        log.record(Onboarding.Artifact.IOS_PROFILE, PlatformTest.IPAD_DESKTOP, Optional.of("alice"));
        assertEquals(java.util.List.of(true, true, true, false, false, false),
                log.recent().stream().map(Onboarding::computer).toList(), log.recent().toString());
    }
}
