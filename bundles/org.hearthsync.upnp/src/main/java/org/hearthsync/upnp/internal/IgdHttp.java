package org.hearthsync.upnp.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * HTTP to the router: the description GET and the SOAP control POSTs. Always direct (never through a
 * configured proxy), short timeouts, bounded bodies, no redirects.
 */
final class IgdHttp {
    static final int MAX_BODY = 128 * 1024;

    private final int connectMillis;
    private final int readMillis;

    IgdHttp(int connectMillis, int readMillis) {
        this.connectMillis = connectMillis;
        this.readMillis = readMillis;
    }

    byte[] get(URI uri) throws IOException {
        HttpURLConnection c = open(uri);
        try {
            c.setRequestMethod("GET");
            int status = c.getResponseCode();
            if (status != 200) {
                throw new IOException("HTTP " + status + " from " + uri);
            }
            return read(c.getInputStream());
        } finally {
            c.disconnect();
        }
    }

    /**
     * Calls a WAN connection action and returns its output arguments by name.
     *
     * @throws UpnpException when the router answers with a UPnP error
     * @throws IOException   when it does not answer properly
     */
    Map<String, String> soap(Igd igd, String action, Map<String, String> args) throws IOException {
        StringBuilder body = new StringBuilder(512)
                .append("<?xml version=\"1.0\"?>\r\n")
                .append("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" ")
                .append("s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>")
                .append("<u:").append(action).append(" xmlns:u=\"").append(Xml.escape(igd.serviceType())).append("\">");
        for (Map.Entry<String, String> a : args.entrySet()) {
            body.append('<').append(a.getKey()).append('>').append(Xml.escape(a.getValue()))
                    .append("</").append(a.getKey()).append('>');
        }
        body.append("</u:").append(action).append("></s:Body></s:Envelope>\r\n");
        byte[] request = body.toString().getBytes(StandardCharsets.UTF_8);

        HttpURLConnection c = open(igd.controlUrl());
        try {
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(request.length);
            c.setRequestProperty("Content-Type", "text/xml; charset=\"utf-8\"");
            c.setRequestProperty("SOAPAction", "\"" + igd.serviceType() + "#" + action + "\"");
            try (OutputStream out = c.getOutputStream()) {
                out.write(request);
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] answer = in == null ? new byte[0] : read(in);
            if (status == 200) {
                return outputs(answer, action);
            }
            if (status == 500 && answer.length > 0) {
                throw fault(answer);
            }
            throw new IOException("HTTP " + status + " from the router for " + action);
        } finally {
            c.disconnect();
        }
    }

    static Map<String, String> outputs(byte[] answer, String action) throws IOException {
        Document d = Xml.parse(answer);
        for (Element e : Xml.descendants(d, action + "Response")) {
            Map<String, String> out = new LinkedHashMap<>();
            for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element arg && out.size() < 32) {
                    out.put(Xml.localNameOf(arg), arg.getTextContent().trim());
                }
            }
            return out;
        }
        throw new IOException("the router's answer to " + action + " has no " + action + "Response");
    }

    static IOException fault(byte[] answer) {
        try {
            Document d = Xml.parse(answer);
            var codes = Xml.descendants(d, "errorCode");
            if (!codes.isEmpty()) {
                int code = Integer.parseInt(codes.get(0).getTextContent().trim());
                var desc = Xml.descendants(d, "errorDescription");
                String text = desc.isEmpty() ? "" : desc.get(0).getTextContent().trim();
                return new UpnpException(code, text.length() > 200 ? text.substring(0, 200) : text);
            }
            return new IOException("SOAP fault without a UPnP error code");
        } catch (IOException | NumberFormatException e) {
            return new IOException("unreadable SOAP fault: " + e.getMessage());
        }
    }

    private HttpURLConnection open(URI uri) throws IOException {
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IOException("not an http address: " + uri);
        }
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        c.setConnectTimeout(connectMillis);
        c.setReadTimeout(readMillis);
        c.setUseCaches(false);
        c.setInstanceFollowRedirects(false);
        c.setRequestProperty("User-Agent", "Java/17 UPnP/1.1 Hearth/0.1");
        return c;
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > MAX_BODY) {
                    throw new IOException("the router's answer is larger than " + MAX_BODY + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
