package org.hearthsync.console.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import org.hearthsync.api.sync.ActivityJournal;
import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class ActivityPageTest {

    @Test
    void foldersAreShownByTheirNamesAndImportsAreListed() throws Exception {
        ActivityJournal j = mock(ActivityJournal.class);
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        when(j.conflicts(anyInt(), any(), any())).thenReturn(List.of(new ActivityJournal.Conflict("c1", t, "alice", "PHONE1",
                "f7a9e2", "x.vcf", "server", "fn: A", "fn: B", true, "Family & Friends")));
        when(j.recycleBin(anyInt())).thenReturn(List.of(new ActivityJournal.Deleted("d1", t, t, "alice", "PHONE1", "default",
                "col-4711", "y.vcf", "fn: Gone", "Work contacts")));
        when(j.recent(anyInt(), any(), any())).thenReturn(List.of(new ActivityJournal.Activity("a1", t, "default",
                TransferPage.SOURCE, "col-4711", "Work contacts", 3, 1, 0, 0, 0, 0, 0, 0)));
        ActivityPage page = new ActivityPage(new CsrfGuard(), new ActionLog());
        page.journal(j);
        HttpServletRequest req = mock(HttpServletRequest.class);
        HttpServletResponse resp = mock(HttpServletResponse.class);
        StringWriter out = new StringWriter();
        when(resp.getWriter()).thenReturn(new PrintWriter(out));
        page.doGet(req, resp);
        String html = out.toString();
        assertTrue(html.contains("<td>Family &amp; Friends</td>"), html);
        assertFalse(html.contains("f7a9e2"), "the conflict's folder id is not shown");
        assertTrue(html.contains("<td>Work contacts</td>"), html);
        assertFalse(html.contains("col-4711"), "the deleted item's collection id is not shown");
        assertTrue(html.contains("<td>console import<br/>"), html);
    }
}
