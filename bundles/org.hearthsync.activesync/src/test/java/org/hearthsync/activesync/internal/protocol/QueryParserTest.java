package org.hearthsync.activesync.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParserTest {

    @Test
    void plainFormAsPhonesSendIt() throws Exception {
        EasQuery q = QueryParser.parse("Cmd=FolderSync&User=t1%40dev.fd&DeviceId=Nine45069EA34A52&DeviceType=Android");
        assertEquals("FolderSync", q.commandName());
        assertEquals("t1@dev.fd", q.user());
        assertEquals("Nine45069EA34A52", q.deviceId());
        assertEquals("Android", q.deviceType());
        assertNull(q.version());
        assertNull(q.policyKey());
        assertFalse(q.base64());
    }

    @Test
    void plainFormWithDomainUserAndCommandParameters() throws Exception {
        EasQuery q = QueryParser.parse(
                "Cmd=SmartReply&User=tst%5Ct1&DeviceId=1235668051&DeviceType=TestActiveSyncConnectivity&ItemId=5%3A1&CollectionId=7&SaveInSent=T");
        assertEquals("tst\\t1", q.user());
        assertEquals("5:1", q.parameters().get("ItemId"));
        assertEquals("7", q.parameters().get("CollectionId"));
        assertEquals("T", q.parameters().get("SaveInSent"));
    }

    @Test
    void parameterNamesAreCaseInsensitive() throws Exception {
        EasQuery q = QueryParser.parse("cmd=Ping&user=a&deviceid=D1&devicetype=iPhone");
        assertEquals("Ping", q.commandName());
        assertEquals("D1", q.deviceId());
    }

    /** MS-ASHTTP 2.2.1.1.1.1: the example URI of the base64 form (14.0, Sync, en-US, v140Device, SmartPhone). */
    @Test
    void base64FormSpecExample() throws Exception {
        EasQuery q = QueryParser.parse("jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l");
        assertTrue(q.base64());
        assertEquals(ProtocolVersion.V14_0, q.version());
        assertEquals("Sync", q.commandName());
        assertEquals(0x0409, q.locale());
        assertEquals("v140Device", q.deviceId());
        assertNull(q.policyKey(), "a zero-length policy key is no key");
        assertEquals("SmartPhone", q.deviceType());
    }

    /** A real Windows Mail request (syncgw trace 806): binary device id, policy key 0, Options AcceptMultiPart. */
    @Test
    void base64FormFromARealClient() throws Exception {
        EasQuery q = QueryParser.parse("oRMHBBA04HKKtWjKEFxAc0UHjCybBAAAAAALV2luZG93c01haWwHAQI=");
        assertEquals(ProtocolVersion.V16_1, q.version());
        assertEquals("ItemOperations", q.commandName());
        assertEquals(0x0407, q.locale());
        assertEquals(32, q.deviceId().length(), "16 binary bytes become 32 hex digits");
        assertTrue(q.deviceId().matches("[0-9A-F]{32}"), q.deviceId());
        assertEquals("0", q.policyKey());
        assertEquals("WindowsMail", q.deviceType());
        assertEquals("T", q.parameters().get("AcceptMultiPart"));
        assertEquals("F", q.parameters().get("SaveInSent"));
    }

    @Test
    void base64FormWithPolicyKeyAndUser() throws Exception {
        byte[] b = { (byte) 161, 20, 0x09, 0x04, 2, 'D', '1', 4, (byte) 0x78, 0x56, 0x34, (byte) 0xF2, 3, 'i', 'P', 'd', 8,
                4, 'u', 's', 'e', 'r' };
        EasQuery q = QueryParser.parse(Base64.getEncoder().encodeToString(b));
        assertEquals("Provision", q.commandName());
        assertEquals(Long.toString(0xF2345678L), q.policyKey(), "little-endian unsigned 32-bit");
        assertEquals("user", q.user());
        assertEquals("iPd", q.deviceType());
    }

    @Test
    void base64FormMayBePercentEncoded() throws Exception {
        String b64 = "oRMHBBA04HKKtWjKEFxAc0UHjCybBAAAAAALV2luZG93c01haWwHAQI=";
        assertEquals(QueryParser.parse(b64), QueryParser.parse(b64.replace("=", "%3D").replace("+", "%2B")));
    }

    @Test
    void unknownCommandCodeIsReportedNotRejected() throws Exception {
        byte[] b = { (byte) 141, 99, 0, 0, 1, 'X', 0, 1, 'T' };
        assertEquals("#99", QueryParser.parse(Base64.getEncoder().encodeToString(b)).commandName());
    }

    @Test
    void everyTruncationOfAValidQueryIsRejectedCleanly() {
        byte[] full = Base64.getDecoder().decode("oRMHBBA04HKKtWjKEFxAc0UHjCybBAAAAAALV2luZG93c01haWwHAQI=");
        // the parameter list may end at a parameter boundary; everything else must fail with QueryException
        for (int n = 0; n < full.length; n++) {
            String q = Base64.getEncoder().encodeToString(Arrays.copyOf(full, n));
            try {
                EasQuery parsed = QueryParser.parse(q);
                assertTrue(n == 38, "a query cut at byte " + n + " parsed: " + parsed);
            } catch (QueryException expected) {
                // fine
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Cmd=", "User=a&DeviceId=b", "Cmd=Sync&Cmd=Ping", "Cmd=Sync&DeviceId=a%2", "Cmd=Sync&DeviceId=a%zz",
            "Cmd=Sync&DeviceId=has%20space", "Cmd=Sync&User=a%0Ab", "!!!notbase64!!!", "jAAJ", "AAAAAAAA",
            "oRMHBBA04HKKtWjKEFxAc0UHjCybBQAAAAAALV2luZG93c01haWwHAQI=" })
    void malformedQueriesAreRejected(String query) {
        assertThrows(QueryException.class, () -> QueryParser.parse(query));
    }

    @Test
    void overlongQueriesAreRejected() {
        assertThrows(QueryException.class, () -> QueryParser.parse("Cmd=Sync&X=" + "a".repeat(QueryParser.MAX_QUERY_LENGTH)));
        assertThrows(QueryException.class, () -> QueryParser.parse("Cmd=Sync&DeviceId=" + "a".repeat(65)));
    }

    @Test
    void oldVersionsAreRefusedInTheBinaryForm() {
        byte[] b = { 25, 0, 0, 0, 1, 'X', 0, 1, 'T' };
        assertThrows(QueryException.class, () -> QueryParser.parse(Base64.getEncoder().encodeToString(b)));
    }
}
