package org.hearthsync.setup.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class MobileConfigTest {
    private static final byte[] DER = Base64.getMimeDecoder().decode(Fixtures.ROOT_B64);

    private static MobileConfig profile(Optional<String> user, Optional<String> email) {
        return new MobileConfig("0123456789abcdef0123456789abcdef", DER, "AB:CD", "Hearth local CA <test>",
                "192.0.2.2:8443", user, email);
    }

    @Test
    void holdsTheRootAndTheExchangeAccountWithoutAPassword() throws Exception {
        byte[] bytes = profile(Optional.of("alice"), Optional.of("alice@home.example")).toBytes();
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertFalse(text.matches("(?si).*<key>[^<]*password[^<]*</key>.*"), "no password key: " + text);
        Map<String, Object> plist = parse(bytes);
        assertEquals("Configuration", plist.get("PayloadType"));
        List<?> content = (List<?>) plist.get("PayloadContent");
        assertEquals(2, content.size());
        Map<?, ?> root = (Map<?, ?>) content.get(0);
        Map<?, ?> eas = (Map<?, ?>) content.get(1);
        assertEquals("com.apple.security.root", root.get("PayloadType"));
        assertArrayEquals(DER, (byte[]) root.get("PayloadContent"));
        assertEquals("Hearth local CA <test>", root.get("PayloadDisplayName"), "escaped and read back");
        assertEquals("com.apple.eas.account", eas.get("PayloadType"));
        assertEquals("192.0.2.2:8443", eas.get("Host"));
        assertEquals("alice", eas.get("UserName"));
        assertEquals("alice@home.example", eas.get("EmailAddress"));
        assertEquals(Boolean.TRUE, eas.get("SSL"));
        assertEquals(3, new HashSet<>(List.of(plist.get("PayloadUUID"), root.get("PayloadUUID"), eas.get("PayloadUUID"))).size());
    }

    @Test
    void aGenericProfileLetsThePhoneAsk() throws Exception {
        Map<?, ?> eas = (Map<?, ?>) ((List<?>) parse(profile(Optional.empty(), Optional.empty()).toBytes())
                .get("PayloadContent")).get(1);
        assertFalse(eas.containsKey("UserName"));
        assertFalse(eas.containsKey("EmailAddress"));
    }

    @Test
    void identifiersAreStablePerInstallationAccountAndRoot() {
        MobileConfig a = profile(Optional.of("alice"), Optional.empty());
        assertEquals(a.uuid("eas"), profile(Optional.of("alice"), Optional.empty()).uuid("eas"));
        assertNotEquals(a.uuid("eas"), profile(Optional.of("bob"), Optional.empty()).uuid("eas"));
        assertNotEquals(a.uuid("eas"), new MobileConfig("0123456789abcdef0123456789abcdef", DER, "EF:01", "x",
                "192.0.2.2:8443", Optional.of("alice"), Optional.empty()).uuid("eas"), "a new root is a new version");
        assertEquals("org.hearthsync.profile.0123456789abcdef0123456789abcdef.alice", a.identifier());
        assertTrue(profile(Optional.of("Ali Ce"), Optional.empty()).identifier().endsWith(".ali-ce"));
    }

    @Test
    void aMacProfileHoldsTheRootAndCalDavAndCardDavAccountsOnTheTlsPort() throws Exception {
        MobileConfig mac = new MobileConfig("0123456789abcdef0123456789abcdef", DER, "AB:CD", "Hearth local CA <test>",
                "192.0.2.2:8443", Optional.of("alice"), Optional.of("alice@home.example"), MobileConfig.Kind.MAC);
        byte[] bytes = mac.toBytes();
        assertFalse(new String(bytes, StandardCharsets.UTF_8).matches("(?si).*<key>[^<]*password[^<]*</key>.*"));
        Map<String, Object> plist = parse(bytes);
        List<?> content = (List<?>) plist.get("PayloadContent");
        assertEquals(List.of("com.apple.security.root", "com.apple.caldav.account", "com.apple.carddav.account"),
                content.stream().map(c -> ((Map<?, ?>) c).get("PayloadType")).toList());
        assertArrayEquals(DER, (byte[]) ((Map<?, ?>) content.get(0)).get("PayloadContent"));
        for (int i = 1; i <= 2; i++) {
            Map<?, ?> dav = (Map<?, ?>) content.get(i);
            String p = i == 1 ? "CalDAV" : "CardDAV";
            assertEquals("192.0.2.2", dav.get(p + "HostName"));
            assertEquals(8443L, dav.get(p + "Port"));
            assertEquals(Boolean.TRUE, dav.get(p + "UseSSL"));
            assertEquals("https://192.0.2.2:8443/dav/", dav.get(p + "PrincipalURL"));
            assertEquals("alice", dav.get(p + "Username"));
            assertEquals("Hearth", dav.get(p + "AccountDescription"));
        }
        assertTrue(mac.identifier().startsWith("org.hearthsync.profile.0123456789abcdef0123456789abcdef.mac"));
        MobileConfig phone = profile(Optional.of("alice"), Optional.empty());
        assertNotEquals(phone.uuid("profile"), mac.uuid("profile"), "a Mac's profile does not replace a phone's");
        assertNotEquals(phone.uuid("root"), mac.uuid("root"));
        Map<?, ?> v6 = (Map<?, ?>) ((List<?>) parse(new MobileConfig("0123456789abcdef0123456789abcdef", DER, "AB:CD", "CA",
                "[fd00::7]:443", Optional.empty(), Optional.empty(), MobileConfig.Kind.MAC).toBytes()).get("PayloadContent")).get(2);
        assertEquals("[fd00::7]", v6.get("CardDAVHostName"));
        assertEquals(443L, v6.get("CardDAVPort"));
        assertEquals("https://[fd00::7]/dav/", v6.get("CardDAVPrincipalURL"));
        assertFalse(v6.containsKey("CardDAVUsername"), "the Mac asks for it");
    }

    /** A minimal XML plist reader (dict, array, string, integer, true/false, data), with DOCTYPE loading off. */
    static Map<String, Object> parse(byte[] plist) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element top = f.newDocumentBuilder().parse(new ByteArrayInputStream(plist)).getDocumentElement();
        @SuppressWarnings("unchecked")
        Map<String, Object> dict = (Map<String, Object>) value(children(top).get(0));
        return dict;
    }

    private static Object value(Element e) {
        return switch (e.getTagName()) {
            case "dict" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                List<Element> c = children(e);
                for (int i = 0; i < c.size(); i += 2) {
                    m.put(c.get(i).getTextContent(), value(c.get(i + 1)));
                }
                yield m;
            }
            case "array" -> children(e).stream().map(MobileConfigTest::value).toList();
            case "string" -> e.getTextContent();
            case "integer" -> Long.parseLong(e.getTextContent().trim());
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "data" -> Base64.getMimeDecoder().decode(e.getTextContent().trim());
            default -> throw new AssertionError("unexpected " + e.getTagName());
        };
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }
}
