package org.hearthsync.activesync.internal.protocol;

import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.Device;
import org.hearthsync.wbxml.Element;

/**
 * One authenticated, admitted request, as a handler sees it.
 *
 * @param command   the command
 * @param version   the protocol version the client speaks in this request
 * @param account   the signed-in account
 * @param device    the device's partnership as recorded for this request
 * @param query     the parsed query
 * @param document  the WBXML request body, or {@code null} when empty or not WBXML
 * @param body      the raw request body
 */
public record CommandContext(Command command, ProtocolVersion version, Account account, Device device, EasQuery query,
        Element document, byte[] body) {

    public String userName() {
        return account.userName();
    }

    public String deviceId() {
        return device.deviceId();
    }
}
