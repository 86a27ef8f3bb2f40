package org.hearthsync.activesync.internal.command.provision;

import org.hearthsync.activesync.internal.command.DeviceInformation;
import org.hearthsync.activesync.internal.policy.Policy;
import org.hearthsync.activesync.internal.policy.PolicyKeys;
import org.hearthsync.activesync.internal.policy.ProvisioningPolicy;
import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.protocol.CommandHandler;
import org.hearthsync.activesync.internal.protocol.EasResponse;
import org.hearthsync.activesync.internal.protocol.EasStatus;
import org.hearthsync.activesync.internal.protocol.ProtocolVersion;
import org.hearthsync.api.account.DeviceRegistry;
import org.hearthsync.api.account.DeviceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provision (MS-ASPROV): the two-phase policy exchange, and the remote wipe and account-only remote
 * wipe directives for devices the user asked to wipe.
 */
public final class ProvisionHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionHandler.class);
    static final int PROTOCOL_ERROR = 2;
    static final int POLICY_UNKNOWN_TYPE = 3;
    static final int POLICY_WRONG_KEY = 5;

    private final DeviceRegistry devices;
    private final PolicyKeys keys;
    private final ProvisioningPolicy policy;

    public ProvisionHandler(DeviceRegistry devices, PolicyKeys keys, ProvisioningPolicy policy) {
        this.devices = devices;
        this.keys = keys;
        this.policy = policy;
    }

    @Override
    public Command command() {
        return Command.PROVISION;
    }

    @Override
    public EasResponse handle(CommandContext ctx) {
        ProvisionRequest req = ProvisionRequest.from(ctx.document());
        ProvisionResponse resp = new ProvisionResponse();
        if (req == null) {
            return EasResponse.document(resp.status(PROTOCOL_ERROR).toElement());
        }
        ProtocolVersion version = ctx.version();
        if (req.deviceInformation() != null && version.atLeast(ProtocolVersion.V14_1)) {
            DeviceInformation info = req.deviceInformation();
            devices.updateInformation(ctx.userName(), ctx.deviceId(), info.model(), info.operatingSystem(),
                    info.friendlyName());
            resp.deviceInformationStatus(1);
        }
        DeviceState state = ctx.device().state();
        boolean accountWipe = state == DeviceState.ACCOUNT_WIPE_PENDING;
        if (state == DeviceState.BLOCKED || state == DeviceState.WIPED
                || (accountWipe && !version.atLeast(ProtocolVersion.V16_1))) {
            if (!version.hasCommonStatusCodes()) {
                return EasResponse.http(403);
            }
            return EasResponse.document(resp.status(EasStatus.DEVICE_BLOCKED).toElement());
        }
        if (state == DeviceState.WIPE_PENDING) {
            return wipe(ctx, req.remoteWipeStatus(), resp, false);
        }
        if (accountWipe) {
            return wipe(ctx, req.accountWipeStatus(), resp, true);
        }
        if (!req.hasPolicy()) {
            // a wipe acknowledgement for a wipe nobody asked for, or an empty request
            return EasResponse.document(resp.status(req.remoteWipeStatus() != null || req.accountWipeStatus() != null
                    ? 1 : PROTOCOL_ERROR).toElement());
        }
        if (!Policy.TYPE.equals(req.policyType())) {
            return EasResponse.document(resp.policy(req.policyType(), POLICY_UNKNOWN_TYPE, null, null).toElement());
        }
        Policy p = policy.current();
        if (req.policyKey() == null) {
            String temporary = keys.issueTemporary(ctx.userName(), ctx.deviceId(), p.fingerprint());
            LOG.debug("sent the policy to device {} of {}", ctx.deviceId(), ctx.userName());
            return EasResponse.document(resp.policy(Policy.TYPE, 1, temporary, ProvisionDocument.of(p, version)).toElement());
        }
        if (p.requirePassword() && "3".equals(req.policyStatus()) && version.hasCommonStatusCodes()) {
            LOG.debug("device {} of {} did not apply the policy", ctx.deviceId(), ctx.userName());
            return EasResponse.document(resp.status(EasStatus.DEVICE_NOT_FULLY_PROVISIONABLE).toElement());
        }
        String fin = keys.acknowledge(ctx.userName(), ctx.deviceId(), req.policyKey());
        if (fin == null) {
            LOG.debug("device {} of {} acknowledged a policy key it was not given", ctx.deviceId(), ctx.userName());
            return EasResponse.document(resp.policy(Policy.TYPE, POLICY_WRONG_KEY, req.policyKey(), null).toElement());
        }
        LOG.debug("device {} of {} is provisioned", ctx.deviceId(), ctx.userName());
        return EasResponse.document(resp.policy(Policy.TYPE, 1, fin, null).toElement());
    }

    private EasResponse wipe(CommandContext ctx, String ackStatus, ProvisionResponse resp, boolean accountOnly) {
        if (ackStatus == null) {
            LOG.debug("asking device {} of {} to wipe {}", ctx.deviceId(), ctx.userName(),
                    accountOnly ? "the account's data" : "itself");
            return EasResponse.document(accountOnly ? resp.accountOnlyRemoteWipe().toElement() : resp.remoteWipe().toElement());
        }
        if ("1".equals(ackStatus)) {
            devices.setState(ctx.userName(), ctx.deviceId(), DeviceState.WIPED);
            LOG.debug("device {} of {} confirmed the wipe", ctx.deviceId(), ctx.userName());
            return EasResponse.document(resp.toElement());
        }
        resp.status(2);
        return EasResponse.document(accountOnly ? resp.accountOnlyRemoteWipe().toElement() : resp.remoteWipe().toElement());
    }
}
