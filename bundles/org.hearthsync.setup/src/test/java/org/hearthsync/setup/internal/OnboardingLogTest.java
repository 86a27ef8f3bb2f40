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
}
