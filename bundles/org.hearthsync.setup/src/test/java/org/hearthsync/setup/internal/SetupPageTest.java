package org.hearthsync.setup.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SetupPageTest {
    private static final Texts EN = Texts.forLocales(List.of(Locale.ENGLISH));
    private static final ServerAddress SERVER = new ServerAddress("192.0.2.2", 8443);

    private static String render(Platform p, Optional<String> user) {
        return new SetupPage(p, "AB:CD", "Hearth local CA vm", SERVER, user, Optional.empty()).render(EN);
    }

    @Test
    void offersTheRightDownloadFirst() {
        assertTrue(render(Platform.IOS, Optional.empty()).contains("id=\"download-profile\" href=\"/hearth.mobileconfig\""));
        assertTrue(render(Platform.ANDROID, Optional.empty()).contains("id=\"download-crt\" href=\"/hearth-ca.crt\""));
        assertTrue(render(Platform.WINDOWS_PHONE, Optional.empty()).contains("id=\"download-cer\" href=\"/hearth-ca.cer\""));
        String other = render(Platform.OTHER, Optional.empty());
        for (String id : List.of("download-profile", "download-crt", "download-cer", "download-pem")) {
            assertTrue(other.contains("id=\"" + id + "\""), id);
        }
    }

    @Test
    void theOtherChoicesAreOneTapAway() {
        String ios = render(Platform.IOS, Optional.of("alice"));
        assertTrue(ios.contains("href=\"/?os=android&amp;user=alice\""), ios);
        assertTrue(ios.contains("href=\"/?os=windowsphone&amp;user=alice\""), ios);
        assertFalse(ios.contains("id=\"switch-ios\""), ios);
        assertTrue(ios.contains("href=\"/hearth.mobileconfig?user=alice\""), ios);
    }

    @Test
    void explainsTheTrustSwitchAndTheAndroidAccountType() {
        String ios = render(Platform.IOS, Optional.empty());
        assertTrue(ios.contains("Settings &gt; General &gt; About &gt; Certificate Trust Settings"), ios);
        assertTrue(ios.contains("Not Signed"), ios);
        assertTrue(ios.contains("Hearth local CA vm"), ios);
        String android = render(Platform.ANDROID, Optional.empty());
        assertTrue(android.contains("Add account &gt; Exchange</b>") && android.contains("<b>Corporate</b>"), android);
        assertTrue(android.contains("<code id=\"server-host\">192.0.2.2</code>"), android);
        assertTrue(android.contains("<code id=\"server-port\">8443</code>"), android);
        assertTrue(android.contains("<code id=\"fingerprint\">AB:CD</code>"), android);
    }

    @Test
    void withoutAnAccountItOffersAForm() {
        assertTrue(render(Platform.ANDROID, Optional.empty()).contains("<input name=\"user\""));
        assertFalse(render(Platform.ANDROID, Optional.of("alice")).contains("<input name=\"user\""));
    }

    @Test
    void escapesWhatComesFromOutside() {
        String page = new SetupPage(Platform.ANDROID, "AB", "CA", new ServerAddress("<img src=x>", 1),
                Optional.of("a\"b"), Optional.of("<e@x>")).render(EN);
        assertFalse(page.contains("<img"), page);
        assertFalse(page.contains("<e@x>"), page);
        assertTrue(page.contains("a&quot;b"), page);
    }

    @Test
    void textsComeFromTheResourceBundle() {
        assertEquals("en", EN.language());
        assertEquals("en", Texts.forLocales(List.of(Locale.JAPANESE, Locale.GERMAN)).language(), "falls back to English");
        assertEquals("Set up this phone", EN.get("page.heading"));
    }

    @Test
    void theComputersPageGivesTheDavAddressAndStepsPerProgram() {
        String page = new SetupPage(Platform.OTHER, "AB:CD", "Hearth local CA vm", SERVER, Optional.of("alice"),
                Optional.empty()).renderComputers(EN);
        String url = "https://" + SERVER.hostAndPort() + "/dav/";
        assertTrue(page.contains("<code id=\"dav-url\">" + url + "</code>"), page);
        assertTrue(page.contains("id=\"download-mac-profile\" href=\"/hearth-mac.mobileconfig?user=alice\""), page);
        for (String client : List.of("macos", "thunderbird", "gnome", "kde", "outlook", "davx5")) {
            assertTrue(page.contains("id=\"client-" + client + "\""), client);
        }
        assertTrue(page.contains("Other CalDAV Account"), page);
        assertTrue(page.contains("Add CardDAV Address Book"), page);
        assertTrue(page.contains("Login with URL and user name"), page);
        assertTrue(page.contains("DAV groupware resource"), page);
        assertTrue(page.contains("Generic CalDAV/CardDAV"), page);
        assertTrue(page.contains("id=\"download-crt-outlook\" href=\"/hearth-ca.cer?user=alice\""), page);
        assertTrue(page.contains("user name <b>alice</b>"), page);
        assertFalse(page.matches("(?s).*\\b(macos|thunderbird|gnome|kde|outlook|davx5|computers)\\.[a-z0-9.]+\\b.*"), "every text key resolved");
        assertTrue(render(Platform.IOS, Optional.of("alice")).contains("id=\"computers\" href=\"/computers?user=alice\""));
    }
}
