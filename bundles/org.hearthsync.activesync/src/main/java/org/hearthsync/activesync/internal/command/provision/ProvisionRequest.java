package org.hearthsync.activesync.internal.command.provision;

import org.hearthsync.activesync.internal.command.DeviceInformation;
import org.hearthsync.wbxml.Element;

/**
 * A Provision request (MS-ASPROV 2.2.2.44): an initial request (policy type only), an
 * acknowledgement (policy type, key and the phone's status), or a remote wipe acknowledgement.
 *
 * @param deviceInformation   14.1+: what the phone says about itself, or {@code null}
 * @param hasPolicy           whether a {@code Policies/Policy} was sent
 * @param policyType          its {@code PolicyType}, or {@code null}
 * @param policyKey           its {@code PolicyKey} (acknowledgement), or {@code null} (initial request)
 * @param policyStatus        the phone's status for the policy it applied, or {@code null}
 * @param remoteWipeStatus    the status of a {@code RemoteWipe} acknowledgement, or {@code null}
 * @param accountWipeStatus   the status of an {@code AccountOnlyRemoteWipe} acknowledgement, or {@code null}
 */
public record ProvisionRequest(DeviceInformation deviceInformation, boolean hasPolicy, String policyType,
        String policyKey, String policyStatus, String remoteWipeStatus, String accountWipeStatus) {
    static final String NS = "Provision";

    /** Reads a request; {@code null} when the document is not a Provision request at all. */
    public static ProvisionRequest from(Element root) {
        if (root == null || !root.is(NS, "Provision")) {
            return null;
        }
        DeviceInformation info = root.child(DeviceInformation.NS, "DeviceInformation").map(DeviceInformation::from)
                .orElse(null);
        Element policy = root.child(NS, "Policies").flatMap(p -> p.child(NS, "Policy")).orElse(null);
        String wipe = root.child(NS, "RemoteWipe").map(w -> text(w.childText(NS, "Status"))).orElse(null);
        String accountWipe = root.child(NS, "AccountOnlyRemoteWipe").map(w -> text(w.childText(NS, "Status")))
                .orElse(null);
        return new ProvisionRequest(info, policy != null, policy == null ? null : trim(policy.childText(NS, "PolicyType")),
                policy == null ? null : trim(policy.childText(NS, "PolicyKey")),
                policy == null ? null : trim(policy.childText(NS, "Status")), wipe, accountWipe);
    }

    /** A wipe acknowledgement without a status still acknowledges; it counts as a failed wipe. */
    private static String text(String s) {
        return s == null ? "" : s.trim();
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
