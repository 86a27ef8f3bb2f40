package org.hearthsync.certs.acme.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class ChallengeServletTest {
    private final ChallengeServlet servlet = new ChallengeServlet();

    @Test
    void answersOnlyTheTokensItExpects() throws Exception {
        servlet.put("tok_en-1", "tok_en-1.thumbprint");
        assertEquals("tok_en-1.thumbprint", get("/tok_en-1", false));
        assertEquals("404", get("/other", false));
        assertEquals("404", get("/tok_en-1/x", false));
        assertEquals("404", get(null, false));
        servlet.remove("tok_en-1");
        assertEquals("404", get("/tok_en-1", false));
    }

    @Test
    void neverOnTheTlsPort() throws Exception {
        servlet.put("token", "token.thumbprint");
        assertEquals("404", get("/token", true));
    }

    private String get(String pathInfo, boolean secure) throws Exception {
        HttpServletRequest req = mock(HttpServletRequest.class);
        HttpServletResponse resp = mock(HttpServletResponse.class);
        when(req.getPathInfo()).thenReturn(pathInfo);
        when(req.isSecure()).thenReturn(secure);
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
            public void setWriteListener(WriteListener listener) {
            }
        });
        servlet.doGet(req, resp);
        if (body.size() == 0) {
            verify(resp).sendError(HttpServletResponse.SC_NOT_FOUND);
            return "404";
        }
        verify(resp).setStatus(200);
        return body.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
