package org.hearthsync.activesync.internal.policy;

/**
 * The provisioning policy in force; its MS-EAS-Provisioning-WBXML document is built by the Provision
 * command ({@code ProvisionDocument}), the engine only compares fingerprints.
 */
public record Policy(boolean requirePassword, boolean alphanumeric, int minPasswordLength, boolean allowSimplePassword,
        int maxInactivitySeconds, int maxFailedAttempts, boolean requireEncryption, boolean allowNonProvisionable) {
    public static final String TYPE = "MS-EAS-Provisioning-WBXML";

    /** The default: nothing required. */
    public static final Policy NONE = new Policy(false, false, 4, true, 900, 0, false, false);

    /**
     * Names what the phone was asked to apply; a device whose acknowledged policy has another
     * fingerprint must provision again. Not a secret.
     */
    public String fingerprint() {
        return "p1;pw=" + bit(requirePassword) + ";an=" + bit(alphanumeric) + ";len=" + minPasswordLength + ";simple="
                + bit(allowSimplePassword) + ";idle=" + maxInactivitySeconds + ";fail=" + maxFailedAttempts + ";enc="
                + bit(requireEncryption);
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }
}
