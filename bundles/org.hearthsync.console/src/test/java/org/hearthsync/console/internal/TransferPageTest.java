package org.hearthsync.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.MemoryStore;
import org.hearthsync.api.sync.ActivityJournal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

class TransferPageTest {
    private final CsrfGuard guard = new CsrfGuard();
    private final ActionLog log = new ActionLog();
    private final MemoryStore store = new MemoryStore();
    private final ActivityJournal journal = mock(ActivityJournal.class);
    private TransferPage page;
    private String cookie;
    private String token;

    private static TransferPage.Config config(int mb) {
        return new TransferPage.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TransferPage.Config.class;
            }

            @Override
            public int max_upload_mb() {
                return mb;
            }
        };
    }

    @BeforeEach
    void setUp() {
        page = new TransferPage(guard, log, config(1));
        page.addStore(store, Map.of(PimStore.NAME, "default", PimStore.TYPE, "embedded"));
        AccountRegistry accounts = mock(AccountRegistry.class);
        when(accounts.accounts()).thenReturn(List.of(new Account("alice", "alice@x", "default", List.of()),
                new Account("bob", "bob@x", "gone", List.of())));
        page.accounts(accounts);
        page.journal(journal);
        HttpServletRequest get = mock(HttpServletRequest.class);
        HttpServletResponse resp = mock(HttpServletResponse.class);
        token = guard.token(get, resp);
        ArgumentCaptor<String> header = ArgumentCaptor.forClass(String.class);
        verify(resp).addHeader(org.mockito.ArgumentMatchers.eq("Set-Cookie"), header.capture());
        cookie = header.getValue().substring(header.getValue().indexOf('=') + 1, header.getValue().indexOf(';'));
    }

    private String get(String query) throws Exception {
        HttpServletRequest req = mock(HttpServletRequest.class);
        when(req.getCookies()).thenReturn(new Cookie[] { new Cookie(CsrfGuard.COOKIE, cookie) });
        if (query != null) {
            String[] kv = query.split("=", 2);
            when(req.getParameter(kv[0])).thenReturn(kv[1]);
        }
        HttpServletResponse resp = mock(HttpServletResponse.class);
        StringWriter out = new StringWriter();
        when(resp.getWriter()).thenReturn(new PrintWriter(out));
        page.doGet(req, resp);
        return out.toString();
    }

    private HttpServletRequest post(Map<String, String> params, long length, Part... parts) throws Exception {
        HttpServletRequest req = mock(HttpServletRequest.class);
        when(req.getHeader("Host")).thenReturn("127.0.0.1:54322");
        when(req.getHeader("Origin")).thenReturn("http://127.0.0.1:54322");
        when(req.getCookies()).thenReturn(new Cookie[] { new Cookie(CsrfGuard.COOKIE, cookie) });
        when(req.getContentType()).thenReturn(parts.length > 0 ? "multipart/form-data; boundary=x" : "application/x-www-form-urlencoded");
        when(req.getContentLengthLong()).thenReturn(length);
        params.forEach((k, v) -> when(req.getParameter(k)).thenReturn(v));
        when(req.getParts()).thenReturn(List.of(parts));
        byte[] body = new byte[(int) Math.max(0, Math.min(length, 1 << 22))];
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        when(req.getInputStream()).thenReturn(new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
            }
        });
        return req;
    }

    private static Part file(String name, String text) throws Exception {
        Part p = mock(Part.class);
        when(p.getName()).thenReturn("files");
        when(p.getSubmittedFileName()).thenReturn(name);
        when(p.getInputStream()).thenAnswer(i -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        return p;
    }

    private static String redirect(HttpServletResponse resp) throws Exception {
        ArgumentCaptor<String> to = ArgumentCaptor.forClass(String.class);
        verify(resp).sendRedirect(to.capture());
        return to.getValue();
    }

    @Test
    void thePageListsTheStoresTheirCollectionsAndTheAccountsWhoseStoreIsAway() throws Exception {
        String html = get(null);
        assertTrue(html.contains("id='store-default'"), html);
        assertTrue(html.contains("Used by: alice"), html);
        assertTrue(html.contains("id='missing-gone'"), "bob's store is not running");
        assertTrue(html.contains("<option value='contacts'>Contacts (contacts)</option>"), html);
        assertTrue(html.contains("enctype='multipart/form-data'") && html.contains("value='" + token + "'"), "a protected upload form");
        assertTrue(html.contains("Download all 4 collections (.zip)"), html);
    }

    @Test
    void anImportAddsAndUpdatesNamesTheBrokenItemsAndIsJournaled() throws Exception {
        store.put("contacts", "x.vcf", StoreTransferTest.card("old", "Old Name"), org.hearthsync.api.store.WriteCondition.create());
        Part a = file("a.vcf", StoreTransferTest.card("old", "New Name") + StoreTransferTest.card("n1", "Neu")
                + "BEGIN:VCARD\r\nFN:Cut Off\r\n");
        HttpServletRequest req = post(Map.of(CsrfGuard.FIELD, token, "action", "import", "store", "default", "collection", "contacts",
                "replace", "true"), 1000, a);
        HttpServletResponse resp = mock(HttpServletResponse.class);
        page.doPost(req, resp);
        String to = redirect(resp);
        assertTrue(to.startsWith("/system/console/hearth-transfer?result="), to);
        String html = get("result=" + to.substring(to.indexOf('=') + 1));
        assertTrue(html.contains("data-imported='2' data-added='1' data-updated='1' data-broken='1'"), html);
        assertTrue(html.contains("a.vcf: Cut Off (the file ends inside it (END:VCARD missing))"), html);
        assertTrue(html.contains("Imported 2 items into \u201cContacts\u201d of store \u201cdefault\u201d from 1 file."), html);
        assertTrue(html.contains("1 broken item was left out"), html);
        assertTrue(store.get("contacts", "x.vcf").orElseThrow().content().contains("New Name"));
        verify(journal).recordChange(TransferPage.SOURCE, "default", "contacts", "Contacts", 1, 1, 0);
        assertTrue(log.recent().get(0).text().startsWith("imported 2 items into 'Contacts' of store 'default'"), log.recent().toString());
        assertFalse(log.recent().get(0).text().contains("Neu"), "no item content in the log");
    }

    /** What gives no item is named with why on the page (PimImport's leftOut), not only counted as nothing. */
    @Test
    void anImportNamesWhatWasLeftOutAndWhy() throws Exception {
        String freeBusy = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VFREEBUSY\r\nUID:fb\r\n"
                + "DTSTAMP:20240101T000000Z\r\nFREEBUSY:20240102T100000Z/PT1H\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n";
        HttpServletRequest req = post(Map.of(CsrfGuard.FIELD, token, "action", "import", "store", "default", "collection", "contacts",
                "replace", "true"), 1000, file("a.vcf", StoreTransferTest.card("a", "A")), file("busy.ics", freeBusy));
        HttpServletResponse resp = mock(HttpServletResponse.class);
        page.doPost(req, resp);
        String to = redirect(resp);
        String html = get("result=" + to.substring(to.indexOf('=') + 1));
        assertTrue(html.contains("id='summary-left-out'"), html);
        assertTrue(html.contains("1 file or part gave nothing to import and was left out"), html);
        assertTrue(html.contains("busy.ics: nothing imported (it holds only VFREEBUSY, no event, task or note)"), html);
    }

    @Test
    void anImportThatStopsSaysWhyAndCountsWhatCameBefore() throws Exception {
        HttpServletRequest req = post(Map.of(CsrfGuard.FIELD, token, "action", "import", "store", "default", "collection", "contacts",
                "replace", "true"), 1000, file("a.vcf", StoreTransferTest.card("a", "A")),
                file("b.vcf", StoreTransferTest.card("b", "B".repeat(2 << 20))));
        HttpServletResponse resp = mock(HttpServletResponse.class);
        page.doPost(req, resp);
        String to = redirect(resp);
        String html = get("result=" + to.substring(to.indexOf('=') + 1));
        assertTrue(html.contains("id='summary-error'") && html.contains("b.vcf is larger than 1 MB"), html);
        assertTrue(html.contains("data-imported='1'"), html);
        assertTrue(log.recent().get(0).text().contains("stopped early: b.vcf is larger than 1 MB"), log.recent().toString());
        verify(journal).recordChange(TransferPage.SOURCE, "default", "contacts", "Contacts", 1, 0, 0);
    }

    @Test
    void withoutTheFormTokenNothingIsImported() throws Exception {
        HttpServletRequest req = post(Map.of("action", "import", "store", "default", "collection", "contacts"), 1000,
                file("a.vcf", StoreTransferTest.card("a", "A")));
        HttpServletResponse resp = mock(HttpServletResponse.class);
        when(resp.getWriter()).thenReturn(new PrintWriter(new StringWriter()));
        page.doPost(req, resp);
        verify(resp).setStatus(HttpServletResponse.SC_FORBIDDEN);
        assertTrue(store.writes.isEmpty());
        verify(journal, never()).recordChange(anyString(), anyString(), anyString(), anyString(), org.mockito.ArgumentMatchers.anyInt(),
                org.mockito.ArgumentMatchers.anyInt(), org.mockito.ArgumentMatchers.anyInt());
    }

    @Test
    void anUploadOverTheLimitIsRefusedWithAMessageBeforeItIsRead() throws Exception {
        HttpServletRequest req = post(Map.of(CsrfGuard.FIELD, token, "action", "import", "store", "default", "collection", "contacts"),
                2L << 20, file("a.vcf", StoreTransferTest.card("a", "A")));
        HttpServletResponse resp = mock(HttpServletResponse.class);
        page.doPost(req, resp);
        assertEquals("/system/console/hearth-transfer?error=too-large", redirect(resp));
        verify(req, never()).getParts();
        assertTrue(get("error=too-large").contains("The upload is larger than 1 MB"));
        assertTrue(store.writes.isEmpty());

        HttpServletRequest huge = post(Map.of(), 100L << 20, file("a.vcf", ""));
        HttpServletResponse refused = mock(HttpServletResponse.class);
        when(refused.getWriter()).thenReturn(new PrintWriter(new StringWriter()));
        page.doPost(huge, refused);
        verify(refused).setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        verify(huge, never()).getInputStream();
    }

    @Test
    void anExportStreamsAZipOfTheStore() throws Exception {
        store.put("contacts", "a.vcf", StoreTransferTest.card("a", "Ann"), org.hearthsync.api.store.WriteCondition.create());
        HttpServletRequest req = post(Map.of(CsrfGuard.FIELD, token, "action", "export", "store", "default"), 100);
        HttpServletResponse resp = mock(HttpServletResponse.class);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        when(resp.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        });
        page.doPost(req, resp);
        verify(resp).setContentType("application/zip");
        ArgumentCaptor<String> disposition = ArgumentCaptor.forClass(String.class);
        verify(resp).setHeader(org.mockito.ArgumentMatchers.eq("Content-Disposition"), disposition.capture());
        assertTrue(disposition.getValue().matches("attachment; filename=\"hearth-default-\\d{4}-\\d\\d-\\d\\d\\.zip\""), disposition.getValue());
        try (java.util.zip.ZipInputStream z = new java.util.zip.ZipInputStream(new ByteArrayInputStream(body.toByteArray()))) {
            assertEquals("Contacts.vcf", z.getNextEntry().getName());
            assertTrue(new String(z.readAllBytes(), StandardCharsets.UTF_8).contains("FN:Ann"));
        }
        assertTrue(log.recent().get(0).text().startsWith("exported 1 items in 4 collections"), log.recent().toString());
    }
}
