package org.hearthsync.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.hearthsync.api.store.MemoryStore;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.dav.HomeNetworkAnnouncement;
import org.hearthsync.dav.HomeNetworkAnnouncement.Mode;
import org.hearthsync.transport.ServerUrls;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class StatusPageTest {
    private final StatusPage page = new StatusPage(new CsrfGuard(), new ActionLog(), mock(BundleContext.class));

    /** A store that left files out, as the vdir store reports them. */
    private static PimStore leavingOut(Map<String, Map<String, String>> notTaken) throws Exception {
        PimStore s = mock(PimStore.class);
        when(s.collections()).thenReturn(List.of());
        when(s.notTaken()).thenReturn(notTaken);
        return s;
    }

    private String get() throws Exception {
        HttpServletRequest req = mock(HttpServletRequest.class);
        when(req.getLocale()).thenReturn(Locale.ENGLISH);
        HttpServletResponse resp = mock(HttpServletResponse.class);
        StringWriter out = new StringWriter();
        when(resp.getWriter()).thenReturn(new PrintWriter(out));
        page.doGet(req, resp);
        return out.toString();
    }

    @Test
    void filesAStoreDoesNotTakeAreNamedEscapedWithTheReason() throws Exception {
        page.addStore(leavingOut(Map.of("notes", new TreeMap<>(Map.of(
                "<script>x</script>.txt", "not a .vcf, .ics or .vnt file",
                "two.vnt", "holds 2 vNotes; a note is one file, so none of them is taken")))),
                Map.of(PimStore.NAME, "home", PimStore.TYPE, "vdir"));
        String html = get();
        assertTrue(html.contains("Files home does not take (2)"), html);
        assertTrue(html.contains("<li>notes/&lt;script&gt;x&lt;/script&gt;.txt: not a .vcf, .ics or .vnt file</li>"), html);
        assertTrue(html.contains("<li>notes/two.vnt: holds 2 vNotes; a note is one file, so none of them is taken</li>"), html);
        assertFalse(html.contains("<script>x"), html);
    }

    @Test
    void aStoreThatTookEverythingShowsNoList() throws Exception {
        page.addStore(new MemoryStore(), Map.of(PimStore.NAME, "default", PimStore.TYPE, "embedded"));
        String html = get();
        assertTrue(html.contains("default (embedded)"), html);
        assertFalse(html.contains("hearth-not-taken"), html);
    }

    @Test
    void aFolderFullOfOtherFilesIsCountedNotListedInFull() throws Exception {
        Map<String, String> files = new TreeMap<>();
        for (int i = 0; i < StatusPage.NOT_TAKEN_SHOWN + 7; i++) {
            files.put(String.format("f%03d.jpg", i), "not a .vcf, .ics or .vnt file");
        }
        page.addStore(leavingOut(Map.of("photos", files)), Map.of(PimStore.NAME, "home", PimStore.TYPE, "vdir"));
        String html = get();
        assertTrue(html.contains("Files home does not take (" + (StatusPage.NOT_TAKEN_SHOWN + 7) + ")"), html);
        assertEquals(StatusPage.NOT_TAKEN_SHOWN, html.split("<li>photos/", -1).length - 1, html);
        assertTrue(html.contains("<li>and 7 more (the store&#39;s log names every one)</li>"), html);
    }

    @Test
    void theListenersSayWhetherAndFromWhereHearthAnnouncesItselfOnTheHomeNetwork() throws Exception {
        ServerUrls urls = mock(ServerUrls.class);
        when(urls.easServer()).thenReturn(Optional.of("192.0.2.20:8443"));
        when(urls.setupUrl()).thenReturn(Optional.of("http://192.0.2.20:54321/"));
        when(urls.consoleUrl()).thenReturn(Optional.of("http://127.0.0.1:54322/system/console"));
        page.setUrls(urls);
        assertTrue(mdnsRow().contains("unknown: the CalDAV/CardDAV part is not running"), mdnsRow());

        HomeNetworkAnnouncement.State[] state = { new HomeNetworkAnnouncement.State(Mode.ON, "Hearth on <den>",
                List.of("192.0.2.20"), "wlan0", 8443, 54321, "") };
        page.setAnnouncement(() -> state[0]);
        assertEquals("<td>on, as \u201cHearth on &lt;den&gt;\u201d, from 192.0.2.20 (wlan0)</td>", mdnsRow());

        state[0] = HomeNetworkAnnouncement.State.off(Mode.OFF_BY_SETTING);
        assertTrue(mdnsRow().startsWith("<td>off: switched off (enabled = false in DATA/etc/org.hearthsync.dav.mdns.cfg)"), mdnsRow());
        state[0] = HomeNetworkAnnouncement.State.off(Mode.OFF_BY_ENVIRONMENT);
        assertTrue(mdnsRow().startsWith("<td>off: HEARTH_MDNS=off"), mdnsRow());
        state[0] = HomeNetworkAnnouncement.State.off(Mode.WAITING);
        assertTrue(mdnsRow().startsWith("<td>on, but nothing announced yet"), mdnsRow());
        state[0] = new HomeNetworkAnnouncement.State(Mode.FAILED, "", List.of("192.0.2.20"), "", 0, 0, "No route to host");
        assertEquals("<td>on, but announcing from 192.0.2.20 failed: No route to host (tried again every two minutes)</td>", mdnsRow());
    }

    /** The value cell of the status page's mDNS line. */
    private String mdnsRow() throws Exception {
        String html = get();
        int row = html.indexOf("<tr id='mdns'>");
        assertTrue(row >= 0, html);
        String tr = html.substring(row, html.indexOf("</tr>", row));
        return tr.substring(tr.indexOf("<td>"));
    }
}
