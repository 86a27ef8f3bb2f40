package org.hearthsync.activesync.internal.command;

import org.hearthsync.wbxml.Element;

/**
 * What a phone says about itself in {@code settings:DeviceInformation/Set} (MS-ASCMD 2.2.3.50),
 * sent in Settings and, from 14.1 on, in the initial Provision. Only the fields Hearth records are
 * kept; the IMEI and phone number are not.
 */
public record DeviceInformation(String model, String operatingSystem, String friendlyName, String osLanguage,
        String userAgent, String mobileOperator) {
    public static final String NS = "Settings";

    /** Reads {@code DeviceInformation}; {@code null} when it has no {@code Set}. */
    public static DeviceInformation from(Element deviceInformation) {
        Element set = deviceInformation.child(NS, "Set").orElse(null);
        if (set == null) {
            return null;
        }
        return new DeviceInformation(set.childText(NS, "Model"), set.childText(NS, "OS"),
                set.childText(NS, "FriendlyName"), set.childText(NS, "OSLanguage"), set.childText(NS, "UserAgent"),
                set.childText(NS, "MobileOperator"));
    }
}
