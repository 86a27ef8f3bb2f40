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
import java.util.TreeMap;

import org.hearthsync.api.store.MemoryStore;
import org.hearthsync.api.store.PimStore;
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
}
