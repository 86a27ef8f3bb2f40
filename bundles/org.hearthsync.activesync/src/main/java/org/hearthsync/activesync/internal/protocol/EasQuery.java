package org.hearthsync.activesync.internal.protocol;

import java.util.Map;

/**
 * What the request URI's query says, in either form (MS-ASHTTP 2.2.1.1.1).
 *
 * @param commandName the command as sent ({@code Cmd=...}, or the name of the base64 command code)
 * @param user        the {@code User} parameter, or {@code null}; informational only, the credentials decide
 * @param deviceId    the {@code DeviceId}, or {@code null} when absent
 * @param deviceType  the {@code DeviceType}, or {@code null} when absent
 * @param version     the protocol version byte of the base64 form, or {@code null} (plain form: a header carries it)
 * @param policyKey   the policy key of the base64 form, or {@code null} (plain form: a header carries it)
 * @param locale      the base64 form's locale, or 0
 * @param parameters  the command parameters ({@code CollectionId}, {@code ItemId}, {@code SaveInSent}, {@code Options}, ...)
 * @param base64      whether the query was in the base64 form
 */
public record EasQuery(String commandName, String user, String deviceId, String deviceType, ProtocolVersion version,
        String policyKey, int locale, Map<String, String> parameters, boolean base64) {

    public EasQuery {
        parameters = Map.copyOf(parameters);
    }
}
