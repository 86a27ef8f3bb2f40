package org.hearthsync.activesync.internal.command.settings;

import org.hearthsync.activesync.internal.command.DeviceInformation;
import org.hearthsync.activesync.internal.command.settings.SettingsRequest.Operation;
import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.protocol.CommandHandler;
import org.hearthsync.activesync.internal.protocol.EasResponse;
import org.hearthsync.activesync.internal.protocol.ProtocolVersion;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.DeviceRegistry;
import org.hearthsync.wbxml.Element;

/**
 * Settings (MS-ASCMD 2.2.1.18). Hearth has no mail, so Out of Office is reported off and can only
 * be set off; asking to turn it on is refused with status 7 (denied by policy) rather than
 * pretending. Device passwords are acknowledged and not stored (the policy never enables recovery).
 */
public final class SettingsHandler implements CommandHandler {
    static final int SUCCESS = 1;
    static final int PROTOCOL_ERROR = 2;
    static final int DENIED_BY_POLICY = 7;

    private final DeviceRegistry devices;

    public SettingsHandler(DeviceRegistry devices) {
        this.devices = devices;
    }

    @Override
    public Command command() {
        return Command.SETTINGS;
    }

    @Override
    public EasResponse handle(CommandContext ctx) {
        SettingsRequest req = SettingsRequest.from(ctx.document());
        SettingsResponse resp = new SettingsResponse();
        if (req == null || req.operations().isEmpty()) {
            return EasResponse.document(resp.status(PROTOCOL_ERROR).toElement());
        }
        for (Operation op : req.operations()) {
            switch (op.kind()) {
                case OOF_GET -> oofGet(resp);
                case OOF_SET -> resp.operation("Oof", oofSetAllowed(op.element()) ? SUCCESS : DENIED_BY_POLICY);
                case DEVICE_INFORMATION_SET -> deviceInformation(ctx, op.information(), resp);
                case USER_INFORMATION_GET -> userInformation(ctx.account(), ctx.version(), resp);
                case DEVICE_PASSWORD_SET -> resp.operation("DevicePassword", SUCCESS);
                case RIGHTS_MANAGEMENT_GET -> resp.operation("RightsManagementInformation", SUCCESS)
                        .add(SettingsRequest.NS, "Get");
                default -> {
                    return EasResponse.document(new SettingsResponse().status(PROTOCOL_ERROR).toElement());
                }
            }
        }
        return EasResponse.document(resp.toElement());
    }

    private static void oofGet(SettingsResponse resp) {
        String ns = SettingsRequest.NS;
        resp.operation("Oof", SUCCESS).add(ns, "Get").addText(ns, "OofState", "0");
    }

    /** Turning Out of Office off (or leaving it off) is true already; turning it on is not possible. */
    private static boolean oofSetAllowed(Element oof) {
        String state = oof.child(SettingsRequest.NS, "Set").map(s -> s.childText(SettingsRequest.NS, "OofState"))
                .orElse(null);
        return state == null || "0".equals(state.trim());
    }

    private void deviceInformation(CommandContext ctx, DeviceInformation info, SettingsResponse resp) {
        if (info != null) {
            devices.updateInformation(ctx.userName(), ctx.deviceId(), info.model(), info.operatingSystem(),
                    info.friendlyName());
        }
        resp.operation("DeviceInformation", info == null ? PROTOCOL_ERROR : SUCCESS);
    }

    private static void userInformation(Account account, ProtocolVersion version, SettingsResponse resp) {
        String ns = SettingsRequest.NS;
        Element get = resp.operation("UserInformation", SUCCESS).add(ns, "Get");
        if (version.atLeast(ProtocolVersion.V14_1)) {
            Element a = get.add(ns, "Accounts").add(ns, "Account");
            a.addText(ns, "UserDisplayName", account.userName());
            a.add(ns, "EmailAddresses").addText(ns, "PrimarySmtpAddress", account.emailAddress());
        } else {
            get.add(ns, "EmailAddresses").addText(ns, "SMTPAddress", account.emailAddress());
        }
    }
}
