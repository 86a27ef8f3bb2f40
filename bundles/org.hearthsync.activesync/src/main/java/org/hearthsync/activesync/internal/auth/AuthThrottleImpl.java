package org.hearthsync.activesync.internal.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.hearthsync.activesync.AuthThrottle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sign-in throttle shared by the EAS endpoint and Autodiscover. Configuration PID {@value #PID}. */
@Component(service = { AuthThrottle.class, AuthThrottleImpl.class }, configurationPid = AuthThrottleImpl.PID)
@Designate(ocd = ThrottleConfig.class)
public final class AuthThrottleImpl implements AuthThrottle {
    public static final String PID = "org.hearthsync.activesync.auth";
    private static final Logger LOG = LoggerFactory.getLogger(AuthThrottleImpl.class);

    private final Throttle throttle;

    @Activate
    public AuthThrottleImpl(ThrottleConfig config) {
        this(Clock.systemUTC(), settings(config));
    }

    public AuthThrottleImpl(Clock clock, int maxFailures, Duration window, Duration lockout) {
        this(clock, new Throttle.Settings(maxFailures, window, lockout));
    }

    private AuthThrottleImpl(Clock clock, Throttle.Settings settings) {
        this.throttle = new Throttle(clock, settings);
    }

    @Modified
    void modified(ThrottleConfig config) {
        throttle.settings(settings(config));
    }

    private static Throttle.Settings settings(ThrottleConfig c) {
        return new Throttle.Settings(Math.max(1, c.max_failures()), Duration.ofSeconds(Math.max(1, c.window_seconds())),
                Duration.ofSeconds(Math.max(1, c.lockout_seconds())));
    }

    @Override
    public Optional<Duration> lockedFor(String address, String deviceId) {
        Optional<Duration> a = throttle.lockedFor(Kind.ADDRESS, address);
        Optional<Duration> d = throttle.lockedFor(Kind.DEVICE, deviceId);
        if (a.isPresent() && d.isPresent()) {
            return Optional.of(a.get().compareTo(d.get()) >= 0 ? a.get() : d.get());
        }
        return a.isPresent() ? a : d;
    }

    @Override
    public void failure(String address, String deviceId) {
        if (throttle.failure(Kind.ADDRESS, address)) {
            LOG.warn("too many failed sign-ins from {}; locked out for a while", address);
        }
        if (throttle.failure(Kind.DEVICE, deviceId)) {
            LOG.warn("too many failed sign-ins for device {}; locked out for a while", deviceId);
        }
    }

    @Override
    public List<Entry> entries() {
        return throttle.entries();
    }

    @Override
    public boolean release(Kind kind, String subject) {
        return throttle.release(kind, subject);
    }
}
