package org.hearthsync.activesync.internal.command.provision;

import org.hearthsync.activesync.internal.command.DeviceInformation;
import org.hearthsync.wbxml.Element;

/** Builds the Provision response document (MS-ASPROV 3.2.5.1), in the element order the spec gives. */
public final class ProvisionResponse {
    private static final String NS = ProvisionRequest.NS;

    private Integer deviceInformationStatus;
    private int status = 1;
    private boolean remoteWipe;
    private boolean accountOnlyRemoteWipe;
    private String policyType;
    private Integer policyStatus;
    private String policyKey;
    private Element policyData;

    public ProvisionResponse deviceInformationStatus(int s) {
        this.deviceInformationStatus = s;
        return this;
    }

    public ProvisionResponse status(int s) {
        this.status = s;
        return this;
    }

    public ProvisionResponse remoteWipe() {
        this.remoteWipe = true;
        return this;
    }

    public ProvisionResponse accountOnlyRemoteWipe() {
        this.accountOnlyRemoteWipe = true;
        return this;
    }

    /** Adds the Policies/Policy part; {@code key} and {@code data} may be null. */
    public ProvisionResponse policy(String type, int pStatus, String key, Element data) {
        this.policyType = type;
        this.policyStatus = pStatus;
        this.policyKey = key;
        this.policyData = data;
        return this;
    }

    public Element toElement() {
        Element root = new Element(NS, "Provision");
        if (deviceInformationStatus != null) {
            root.add(DeviceInformation.NS, "DeviceInformation")
                    .addText(DeviceInformation.NS, "Status", deviceInformationStatus.toString());
        }
        root.addText(NS, "Status", Integer.toString(status));
        if (policyStatus != null) {
            Element policy = root.add(NS, "Policies").add(NS, "Policy");
            policy.addText(NS, "PolicyType", policyType == null ? "" : policyType);
            policy.addText(NS, "Status", policyStatus.toString());
            if (policyKey != null) {
                policy.addText(NS, "PolicyKey", policyKey);
            }
            if (policyData != null) {
                policy.add(NS, "Data").add(policyData);
            }
        }
        if (remoteWipe) {
            root.add(NS, "RemoteWipe");
        }
        if (accountOnlyRemoteWipe) {
            root.add(NS, "AccountOnlyRemoteWipe");
        }
        return root;
    }
}
