package org.hearthsync.transport.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

import org.hearthsync.transport.ServletIo;
import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpServletRequest;

/** The body reading and answer writing the EAS and DAV servlets share ({@link ServletIo}). */
class ServletIoTest {

    private static HttpServletRequest request(long declared, byte[] body) throws IOException {
        HttpServletRequest r = mock(HttpServletRequest.class);
        when(r.getContentLengthLong()).thenReturn(declared);
        when(r.getInputStream()).thenReturn(EasServletTest.stream(new ByteArrayInputStream(body), l -> {
        }));
        return r;
    }

    @Test
    void aBodyWithinTheLimitIsReadWhateverItDeclared() throws Exception {
        byte[] body = new byte[20_000];
        body[19_999] = 7;
        assertArrayEquals(body, ServletIo.readBody(request(-1, body), 20_000));
        // a declared length far above what came (but within the limit) is not what the buffer is sized by
        assertArrayEquals(new byte[] { 1, 2 }, ServletIo.readBody(request(1L << 30, new byte[] { 1, 2 }), Integer.MAX_VALUE));
    }

    @Test
    void aBodyOverTheLimitIsTooLargeWhetherDeclaredOrNot() throws Exception {
        HttpServletRequest declared = request(1001, new byte[1001]);
        assertThrows(ServletIo.TooLarge.class, () -> ServletIo.readBody(declared, 1000));
        verify(declared, never()).getInputStream(); // refused from the header alone
        assertThrows(ServletIo.TooLarge.class, () -> ServletIo.readBody(request(-1, new byte[1001]), 1000));
        assertThrows(ServletIo.TooLarge.class, () -> ServletIo.readBody(request(10, new byte[1001]), 1000));
    }

    @Test
    void anAnswerIsWrittenWholeWithItsLength() throws Exception {
        EasServletTest.Response resp = new EasServletTest.Response();
        ServletIo.write(resp.mock, 207, Map.of("DAV", "1, 3"), "application/xml; charset=utf-8", new byte[] { 'o', 'k' });
        assertEquals(207, resp.status);
        assertEquals(Map.of("DAV", "1, 3"), resp.headers);
        verify(resp.mock).setContentType("application/xml; charset=utf-8");
        verify(resp.mock).setContentLength(2);
        assertArrayEquals(new byte[] { 'o', 'k' }, resp.body.toByteArray());

        EasServletTest.Response empty = new EasServletTest.Response();
        ServletIo.write(empty.mock, 204, Map.of(), null, new byte[0]);
        assertEquals(204, empty.status);
        verify(empty.mock).setContentLength(0);
        verify(empty.mock, never()).setContentType(org.mockito.ArgumentMatchers.anyString());
        assertEquals(0, empty.body.size());
    }
}
