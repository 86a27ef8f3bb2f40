package org.hearthsync.activesync.internal.command.settings;

import java.util.ArrayList;
import java.util.List;

import org.hearthsync.activesync.internal.command.DeviceInformation;
import org.hearthsync.wbxml.Element;

/**
 * A Settings request (MS-ASCMD 2.2.1.18): one or more operations, in the order sent.
 *
 * @param operations the operations; an element Hearth does not know becomes {@link Kind#UNKNOWN}
 */
public record SettingsRequest(List<Operation> operations) {
    static final String NS = DeviceInformation.NS;

    public enum Kind {
        OOF_GET, OOF_SET, DEVICE_INFORMATION_SET, USER_INFORMATION_GET, DEVICE_PASSWORD_SET,
        RIGHTS_MANAGEMENT_GET, UNKNOWN
    }

    /**
     * One operation.
     *
     * @param kind        what it asks
     * @param element     the operation's element, as sent
     * @param information for {@link Kind#DEVICE_INFORMATION_SET}, the information; else {@code null}
     */
    public record Operation(Kind kind, Element element, DeviceInformation information) {
    }

    public SettingsRequest {
        operations = List.copyOf(operations);
    }

    /** Reads a request; {@code null} when the document is not a Settings request. */
    public static SettingsRequest from(Element root) {
        if (root == null || !root.is(NS, "Settings")) {
            return null;
        }
        List<Operation> ops = new ArrayList<>();
        for (Element e : root.children()) {
            ops.add(operation(e));
        }
        return new SettingsRequest(ops);
    }

    private static Operation operation(Element e) {
        if (!NS.equals(e.namespace())) {
            return new Operation(Kind.UNKNOWN, e, null);
        }
        boolean get = e.child(NS, "Get").isPresent();
        boolean set = e.child(NS, "Set").isPresent();
        Kind kind = switch (e.name()) {
            case "Oof" -> get ? Kind.OOF_GET : set ? Kind.OOF_SET : Kind.UNKNOWN;
            case "DeviceInformation" -> set ? Kind.DEVICE_INFORMATION_SET : Kind.UNKNOWN;
            case "UserInformation" -> get ? Kind.USER_INFORMATION_GET : Kind.UNKNOWN;
            case "DevicePassword" -> set ? Kind.DEVICE_PASSWORD_SET : Kind.UNKNOWN;
            case "RightsManagementInformation" -> get ? Kind.RIGHTS_MANAGEMENT_GET : Kind.UNKNOWN;
            default -> Kind.UNKNOWN;
        };
        return new Operation(kind, e, kind == Kind.DEVICE_INFORMATION_SET ? DeviceInformation.from(e) : null);
    }
}
