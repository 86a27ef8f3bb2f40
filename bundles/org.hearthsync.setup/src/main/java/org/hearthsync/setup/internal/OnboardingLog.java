package org.hearthsync.setup.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.hearthsync.setup.Onboarding;
import org.hearthsync.setup.OnboardingEvents;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The in-memory record of downloads from the setup page; the setup servlet adds to it. */
@Component(service = { OnboardingEvents.class, OnboardingLog.class })
public final class OnboardingLog implements OnboardingEvents {
    private static final Logger LOG = LoggerFactory.getLogger(OnboardingLog.class);

    private final Clock clock;
    private final Deque<Onboarding> entries = new ArrayDeque<>(); // guarded by itself

    @Activate
    public OnboardingLog() {
        this(Clock.systemUTC());
    }

    OnboardingLog(Clock clock) {
        this.clock = clock;
    }

    @Deactivate
    void deactivate() {
        synchronized (entries) {
            entries.clear();
        }
    }

    void record(Onboarding.Artifact what, String userAgent, Optional<String> userName) {
        Onboarding o = new Onboarding(Instant.now(clock), what, Platform.family(userAgent), userName);
        synchronized (entries) {
            entries.addLast(o);
            while (entries.size() > CAPACITY) {
                entries.removeFirst();
            }
        }
        LOG.debug("A phone ({}) fetched {}", o.client(), describe(what));
    }

    private static String describe(Onboarding.Artifact what) {
        return switch (what) {
            case CERTIFICATE_CRT, CERTIFICATE_CER -> "Hearth's certificate";
            case IOS_PROFILE -> "the Hearth profile";
            case MAC_PROFILE -> "the Hearth profile for a Mac";
        };
    }

    @Override
    public List<Onboarding> recent() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }
}
