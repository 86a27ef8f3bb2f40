package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The console's Import and export page as a program uses it (the way a browser's forms do): a session
 * cookie, the form token, the export button's POST and the upload form's multipart POST.
 */
final class ConsoleTransferClient {
    private final RunningHearth hearth;
    private final String console;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    ConsoleTransferClient(RunningHearth hearth) {
        this.hearth = hearth;
        this.console = "http://127.0.0.1:" + hearth.consolePort + "/system/console";
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(console + path))
                .header("Authorization", ConsoleBrowserIT.basic("admin", hearth.consolePassword())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String token(String html) {
        Matcher m = Pattern.compile("<input type='hidden' name='csrf' value='([^']+)'/>").matcher(html);
        assertTrue(m.find(), "the page has a form token");
        return m.group(1);
    }

    /** The id of the collection named {@code name} in the import form of the store's section. */
    static String collectionId(String html, String store, String name) {
        int at = html.indexOf("id='store-" + store + "'");
        assertTrue(at >= 0, "a section for store " + store);
        Matcher m = Pattern.compile("<option value='([^']+)'>(?i:" + Pattern.quote(name) + ") \\(contacts\\)</option>").matcher(html);
        assertTrue(m.find(at), "the store " + store + " offers its " + name + ":\n" + html);
        return m.group(1);
    }

    byte[] export(String store) throws Exception {
        String page = get("/hearth-transfer").body();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(console + "/hearth-transfer"))
                .header("Authorization", ConsoleBrowserIT.basic("admin", hearth.consolePassword()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://127.0.0.1:" + hearth.consolePort)
                .POST(HttpRequest.BodyPublishers.ofString("action=export&store=" + store + "&csrf="
                        + URLEncoder.encode(token(page), StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("application/zip", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.headers().firstValue("Content-Disposition").orElse("").contains("hearth-" + store + "-"));
        return r.body();
    }

    /** Imports through the form and returns the summary the redirect leads to. */
    String importFiles(String page, String store, String collection, boolean replace, String fileName, byte[] content)
            throws Exception {
        HttpResponse<String> r = postMultipart(page, store, collection, replace, fileName, content, true);
        assertEquals(302, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.contains("result="), location);
        String shown = get(location.substring(location.indexOf("/hearth-transfer"))).body();
        assertTrue(shown.contains("id='summary'"), shown);
        return shown;
    }

    HttpResponse<String> postMultipart(String page, String store, String collection, boolean replace, String fileName,
            byte[] content, boolean withToken) throws Exception {
        String boundary = "----hearth" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> fields = new LinkedHashMap<>();
        if (withToken) {
            fields.put("csrf", token(page));
        }
        fields.put("action", "import");
        fields.put("store", store);
        fields.put("collection", collection);
        if (replace) {
            fields.put("replace", "true");
        }
        for (Map.Entry<String, String> e : fields.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n" + e.getValue()
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(console + "/hearth-transfer"))
                .header("Authorization", ConsoleBrowserIT.basic("admin", hearth.consolePassword()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Origin", "http://127.0.0.1:" + hearth.consolePort)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                out.put(e.getName(), new String(z.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
