package org.hearthsync.activesync.internal.command.provision;

import org.hearthsync.activesync.internal.protocol.ProtocolVersion;
import org.hearthsync.wbxml.Element;

/**
 * The provisioning policy in force, and its MS-EAS-Provisioning-WBXML document (MS-ASPROV 2.2.2.28).
 */
public record Policy(boolean requirePassword, boolean alphanumeric, int minPasswordLength, boolean allowSimplePassword,
        int maxInactivitySeconds, int maxFailedAttempts, boolean requireEncryption, boolean allowNonProvisionable) {
    public static final String TYPE = "MS-EAS-Provisioning-WBXML";
    static final String NS = "Provision";

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

    /** The {@code EASProvisionDoc} for {@code version}; 12.0 gets only the settings it defines. */
    public Element document(ProtocolVersion version) {
        Element doc = new Element(NS, "EASProvisionDoc");
        doc.addText(NS, "DevicePasswordEnabled", bit(requirePassword))
                .addText(NS, "AlphanumericDevicePasswordRequired", bit(requirePassword && alphanumeric))
                .addText(NS, "PasswordRecoveryEnabled", "0")
                .addText(NS, "RequireStorageCardEncryption", bit(requireEncryption))
                .addText(NS, "AttachmentsEnabled", "1")
                .addText(NS, "MinDevicePasswordLength", Integer.toString(minPasswordLength))
                .addText(NS, "MaxInactivityTimeDeviceLock", Integer.toString(requirePassword ? maxInactivitySeconds : 0))
                .addText(NS, "MaxDevicePasswordFailedAttempts", Integer.toString(requirePassword ? maxFailedAttempts : 0))
                .addText(NS, "AllowSimpleDevicePassword", bit(allowSimplePassword))
                .addText(NS, "DevicePasswordExpiration", "0")
                .addText(NS, "DevicePasswordHistory", "0");
        if (version == ProtocolVersion.V12_0) {
            return doc;
        }
        doc.addText(NS, "AllowStorageCard", "1")
                .addText(NS, "AllowCamera", "1")
                .addText(NS, "RequireDeviceEncryption", bit(requireEncryption))
                .addText(NS, "AllowUnsignedApplications", "1")
                .addText(NS, "AllowUnsignedInstallationPackages", "1")
                .addText(NS, "MinDevicePasswordComplexCharacters", "1")
                .addText(NS, "AllowWiFi", "1")
                .addText(NS, "AllowTextMessaging", "1")
                .addText(NS, "AllowPOPIMAPEmail", "1")
                .addText(NS, "AllowBluetooth", "2")
                .addText(NS, "AllowIrDA", "1")
                .addText(NS, "RequireManualSyncWhenRoaming", "0")
                .addText(NS, "AllowDesktopSync", "1")
                .addText(NS, "MaxCalendarAgeFilter", "0")
                .addText(NS, "AllowHTMLEmail", "1")
                .addText(NS, "MaxEmailAgeFilter", "0")
                .addText(NS, "MaxEmailBodyTruncationSize", "-1")
                .addText(NS, "MaxEmailHTMLBodyTruncationSize", "-1")
                .addText(NS, "RequireSignedSMIMEMessages", "0")
                .addText(NS, "RequireEncryptedSMIMEMessages", "0")
                .addText(NS, "RequireSignedSMIMEAlgorithm", "0")
                .addText(NS, "RequireEncryptionSMIMEAlgorithm", "0")
                .addText(NS, "AllowSMIMEEncryptionAlgorithmNegotiation", "2")
                .addText(NS, "AllowSMIMESoftCerts", "1")
                .addText(NS, "AllowBrowser", "1")
                .addText(NS, "AllowConsumerEmail", "1")
                .addText(NS, "AllowRemoteDesktop", "1")
                .addText(NS, "AllowInternetSharing", "1");
        doc.add(NS, "UnapprovedInROMApplicationList");
        doc.add(NS, "ApprovedApplicationList");
        return doc;
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }
}
