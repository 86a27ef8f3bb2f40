package org.hearthsync.activesync.internal.command.provision;

import org.hearthsync.activesync.internal.policy.Policy;
import org.hearthsync.activesync.internal.protocol.ProtocolVersion;
import org.hearthsync.wbxml.Element;

/** The MS-EAS-Provisioning-WBXML document of a {@link Policy} (MS-ASPROV 2.2.2.28), sent in phase one of Provision. */
final class ProvisionDocument {
    private static final String NS = ProvisionRequest.NS;

    private ProvisionDocument() {
    }

    /** The {@code EASProvisionDoc} for {@code version}; 12.0 gets only the settings it defines. */
    static Element of(Policy p, ProtocolVersion version) {
        Element doc = new Element(NS, "EASProvisionDoc");
        doc.addText(NS, "DevicePasswordEnabled", bit(p.requirePassword()))
                .addText(NS, "AlphanumericDevicePasswordRequired", bit(p.requirePassword() && p.alphanumeric()))
                .addText(NS, "PasswordRecoveryEnabled", "0")
                .addText(NS, "RequireStorageCardEncryption", bit(p.requireEncryption()))
                .addText(NS, "AttachmentsEnabled", "1")
                .addText(NS, "MinDevicePasswordLength", Integer.toString(p.minPasswordLength()))
                .addText(NS, "MaxInactivityTimeDeviceLock", Integer.toString(p.requirePassword() ? p.maxInactivitySeconds() : 0))
                .addText(NS, "MaxDevicePasswordFailedAttempts", Integer.toString(p.requirePassword() ? p.maxFailedAttempts() : 0))
                .addText(NS, "AllowSimpleDevicePassword", bit(p.allowSimplePassword()))
                .addText(NS, "DevicePasswordExpiration", "0")
                .addText(NS, "DevicePasswordHistory", "0");
        if (version == ProtocolVersion.V12_0) {
            return doc;
        }
        doc.addText(NS, "AllowStorageCard", "1")
                .addText(NS, "AllowCamera", "1")
                .addText(NS, "RequireDeviceEncryption", bit(p.requireEncryption()))
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
