package org.hearthsync.setup.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class PlatformTest {
    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    static final String IPAD_DESKTOP = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.4 Safari/605.1.15";
    static final String ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0.0.0 Mobile Safari/537.36";
    static final String WINDOWS_PHONE_81 = "Mozilla/5.0 (Mobile; Windows Phone 8.1; Android 4.0; ARM; Trident/7.0; Touch; "
            + "rv:11.0; IEMobile/11.0; NOKIA; Lumia 635) like iPhone OS 7_0_3 Mac OS X AppleWebKit/537 (KHTML, like Gecko) "
            + "Mobile Safari/537";
    static final String WINDOWS_10_MOBILE = "Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) "
            + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.15063";
    static final String DESKTOP_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0.0.0 Safari/537.36";

    @Test
    void recognisesPhones() {
        assertEquals(Platform.IOS, Platform.fromUserAgent(IPHONE));
        assertEquals(Platform.IOS, Platform.fromUserAgent(IPAD_DESKTOP));
        assertEquals(Platform.ANDROID, Platform.fromUserAgent(ANDROID));
        assertEquals(Platform.WINDOWS_PHONE, Platform.fromUserAgent(WINDOWS_PHONE_81), "names Android and iPhone too");
        assertEquals(Platform.WINDOWS_PHONE, Platform.fromUserAgent(WINDOWS_10_MOBILE));
        assertEquals(Platform.OTHER, Platform.fromUserAgent(DESKTOP_LINUX));
        assertEquals(Platform.OTHER, Platform.fromUserAgent(null));
    }

    @Test
    void familiesAreCoarse() {
        assertEquals("iPhone", Platform.family(IPHONE));
        assertEquals("Mac", Platform.family(IPAD_DESKTOP));
        assertEquals("Android", Platform.family(ANDROID));
        assertEquals("Windows Phone", Platform.family(WINDOWS_PHONE_81));
        assertEquals("Linux", Platform.family(DESKTOP_LINUX));
        assertEquals("other", Platform.family(""));
    }

    @Test
    void parameterPicksAPlatform() {
        assertEquals(Optional.of(Platform.ANDROID), Platform.fromParameter("Android"));
        assertEquals(Optional.of(Platform.WINDOWS_PHONE), Platform.fromParameter("windowsphone"));
        assertEquals(Optional.empty(), Platform.fromParameter("<script>"));
        assertEquals(Optional.empty(), Platform.fromParameter(null));
    }
}
