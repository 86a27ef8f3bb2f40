package org.hearthsync.activesync.internal.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.activesync.AuthThrottle;
import org.hearthsync.auth.CredentialCache;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sign-in throttle shared by the EAS endpoint, Autodiscover and DAV. Configuration PID {@value #PID}. */
@Component(service = { AuthThrottle.class, AuthThrottleImpl.class }, configurationPid = AuthThrottleImpl.PID)
@Designate(ocd = ThrottleConfig.class)
public final class AuthThrottleImpl implements AuthThrottle {
    public static final String PID = "org.hearthsync.activesync.auth";
    private static final Logger LOG = LoggerFactory.getLogger(AuthThrottleImpl.class);

    /** Remembered partnerships at most; the oldest are forgotten first (they then sign in as any request does). */
    static final int MAX_PARTNERSHIPS = 10_000;

    private final Throttle throttle;
    /**
     * For each account and DeviceId that signed in: a digest of the Authorization header it signed in
     * with (never the header). A request that repeats it is the phone itself, not a guess, so no pause
     * applies to it; its password is still verified. In memory only: after a restart a phone is
     * remembered again at its first sign-in.
     */
    private final Map<String, String> partnerships = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > MAX_PARTNERSHIPS;
                }
            });

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
                Duration.ofSeconds(Math.max(1, c.lockout_seconds())), Math.max(1, c.account_max_failures()));
    }

    /**
     * How long a sign-in must wait: the longer remaining pause of the address and the account
     * ({@code userName} as the client sent it), if either is paused. A request that repeats the
     * credentials a known phone signed in with ({@link #trusted}) is never asked this.
     */
    @Override
    public Optional<Duration> lockedFor(String address, String userName) {
        Optional<Duration> a = throttle.lockedFor(Kind.ADDRESS, address);
        Optional<Duration> u = throttle.lockedFor(Kind.ACCOUNT, account(userName));
        if (a.isPresent() && u.isPresent()) {
            return Optional.of(a.get().compareTo(u.get()) >= 0 ? a.get() : u.get());
        }
        return a.isPresent() ? a : u;
    }

    /** Whether this is the Authorization header the account's phone with this DeviceId last signed in with. */
    public boolean trusted(String userName, String deviceId, String authorization) {
        if (userName == null || deviceId == null || authorization == null) {
            return false;
        }
        String known = partnerships.get(partnership(userName, deviceId));
        return known != null && java.security.MessageDigest.isEqual(
                known.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                CredentialCache.digest(authorization).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** A sign-in that succeeded: the phone's header is remembered, so others' guesses never pause it. */
    public void success(String userName, String deviceId, String authorization) {
        if (userName != null && deviceId != null && authorization != null) {
            partnerships.put(partnership(userName, deviceId), CredentialCache.digest(authorization));
        }
    }

    /** A remembered header that failed (its password was changed): it is a stranger's from now on. */
    public void forget(String userName, String deviceId) {
        if (userName != null && deviceId != null) {
            partnerships.remove(partnership(userName, deviceId));
        }
    }

    /**
     * A wrong user name or password. Counts for the address, the DeviceId (shown, never locking)
     * and the account named. A remembered phone stays remembered: a guess that names its DeviceId is
     * not the phone.
     */
    @Override
    public void failure(String address, String deviceId, String userName) {
        if (throttle.failure(Kind.ADDRESS, address)) {
            LOG.warn("too many failed sign-ins from {}; locked out for a while", address);
        }
        throttle.failure(Kind.DEVICE, deviceId);
        String account = account(userName);
        if (throttle.failure(Kind.ACCOUNT, account)) {
            LOG.warn("too many failed sign-ins for account {}; new sign-ins to it pause for a while", account);
        }
    }

    private static String account(String userName) {
        return userName == null ? null : userName.strip().toLowerCase(Locale.ROOT);
    }

    private static String partnership(String userName, String deviceId) {
        return account(userName) + "\n" + deviceId;
    }

    @Override
    public List<Entry> entries() {
        return throttle.entries();
    }

    @Override
    public boolean release(Kind kind, String subject) {
        return throttle.release(kind, kind == Kind.ACCOUNT ? account(subject) : subject);
    }
}
