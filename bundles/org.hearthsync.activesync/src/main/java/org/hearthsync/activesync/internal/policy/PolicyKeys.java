package org.hearthsync.activesync.internal.policy;

import java.security.SecureRandom;
import java.util.Objects;

import org.hearthsync.activesync.internal.device.DeviceStateStore;

/**
 * Policy keys per device (MS-ASPROV 3.2.5.1): the temporary key handed out with the policy, and
 * the final key the phone gets once it acknowledged, stored with the fingerprint of the policy it
 * acknowledged. Keys are random 31-bit numbers, never logged.
 */
public final class PolicyKeys {
    static final String KIND = "policy";
    private static final String NONE = "-";

    private final DeviceStateStore store;
    private final SecureRandom random = new SecureRandom();

    /** How a request's policy key compares with the device's. */
    public enum Check {
        /** The key is the device's current key for the policy in force. */
        VALID,
        /** No key, or 0: the phone never provisioned (status 142). */
        MISSING,
        /** The phone's key was valid, but the policy changed since (status 143). */
        POLICY_CHANGED,
        /** Not a key Hearth gave this phone (status 144). */
        INVALID
    }

    private record Stored(String current, String pending, String fingerprint, String acknowledgedTemporary) {
        String encode() {
            return "k1 " + or(current) + " " + or(pending) + " " + or(fingerprint) + " " + or(acknowledgedTemporary);
        }

        static Stored decode(String s) {
            String[] f = s == null ? new String[0] : s.split(" ");
            if (f.length != 5 || !"k1".equals(f[0])) {
                return new Stored(null, null, null, null);
            }
            return new Stored(val(f[1]), val(f[2]), val(f[3]), val(f[4]));
        }

        private static String or(String s) {
            return s == null ? NONE : s;
        }

        private static String val(String s) {
            return NONE.equals(s) ? null : s;
        }
    }

    public PolicyKeys(DeviceStateStore store) {
        this.store = store;
    }

    private Stored load(String user, String deviceId) {
        return Stored.decode(store.state(user, deviceId, KIND).orElse(null));
    }

    /** Phase one: a fresh temporary key for the policy with {@code fingerprint}. */
    public String issueTemporary(String user, String deviceId, String fingerprint) {
        Stored s = load(user, deviceId);
        String temp = newKey();
        store.putState(user, deviceId, KIND, new Stored(s.current(), temp, fingerprint, null).encode());
        return temp;
    }

    /**
     * Phase two: the phone acknowledges {@code key}. Returns the final key, or {@code null} when
     * {@code key} is not the temporary key handed out. A repeated acknowledgement of the same
     * temporary key (the phone lost the answer) gets the same final key.
     */
    public String acknowledge(String user, String deviceId, String key) {
        Stored s = load(user, deviceId);
        if (key != null && key.equals(s.acknowledgedTemporary()) && s.current() != null) {
            return s.current();
        }
        if (key == null || s.pending() == null || !s.pending().equals(key)) {
            return null;
        }
        String fin = newKey();
        store.putState(user, deviceId, KIND, new Stored(fin, null, s.fingerprint(), key).encode());
        return fin;
    }

    public Check check(String user, String deviceId, String clientKey, String fingerprint) {
        if (clientKey == null || clientKey.isBlank() || "0".equals(clientKey.trim())) {
            return Check.MISSING;
        }
        Stored s = load(user, deviceId);
        if (s.current() == null || !s.current().equals(clientKey.trim())) {
            return Check.INVALID;
        }
        return Objects.equals(fingerprint, s.fingerprint()) ? Check.VALID : Check.POLICY_CHANGED;
    }

    private String newKey() {
        return Integer.toString(1 + random.nextInt(Integer.MAX_VALUE - 1));
    }
}
