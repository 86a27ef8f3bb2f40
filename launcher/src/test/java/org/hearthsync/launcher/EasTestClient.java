package org.hearthsync.launcher;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import javax.net.ssl.SSLContext;

import org.hearthsync.wbxml.Element;
import org.hearthsync.wbxml.WbxmlReader;
import org.hearthsync.wbxml.WbxmlWriter;

/**
 * A small EAS client for the end-to-end tests: one phone (device id, type, protocol version,
 * credentials) talking to Hearth over TLS, in the plain or the base64 query form.
 */
final class EasTestClient {
    static final String WBXML = "application/vnd.ms-sync.wbxml";

    private final HttpClient http;
    private final String base;
    final String user;
    final String password;
    final String deviceId;
    final String deviceType;
    final String version;
    final boolean base64;
    /** The policy key the client sends; null sends none. */
    String policyKey = "0";

    /** One response: HTTP status, headers, and the decoded WBXML body when there is one. */
    record Result(int status, java.net.http.HttpHeaders headers, Element document) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    EasTestClient(HttpClient http, String base, String user, String password, String deviceId, String deviceType,
            String version, boolean base64) {
        this.http = http;
        this.base = base;
        this.user = user;
        this.password = password;
        this.deviceId = deviceId;
        this.deviceType = deviceType;
        this.version = version;
        this.base64 = base64;
    }

    static EasTestClient of(SSLContext tls, int port, String user, String password, String deviceId, String deviceType,
            String version, boolean base64) {
        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        return new EasTestClient(http, "https://localhost:" + port + "/Microsoft-Server-ActiveSync", user, password,
                deviceId, deviceType, version, base64);
    }

    /** The same phone using another spelling of the endpoint path. */
    EasTestClient atPath(String path) {
        EasTestClient c = new EasTestClient(http, base.substring(0, base.indexOf('/', "https://".length())) + path, user,
                password, deviceId, deviceType, version, base64);
        c.policyKey = policyKey;
        return c;
    }

    EasTestClient withPassword(String other) {
        EasTestClient c = new EasTestClient(http, base, user, other, deviceId, deviceType, version, base64);
        c.policyKey = policyKey;
        return c;
    }

    EasTestClient withUser(String other) {
        EasTestClient c = new EasTestClient(http, base, other, password, deviceId, deviceType, version, base64);
        c.policyKey = policyKey;
        return c;
    }

    Result options() throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", basic()).timeout(Duration.ofSeconds(30)).build();
        HttpResponse<byte[]> resp = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
        return new Result(resp.statusCode(), resp.headers(), null);
    }

    /** The request, built the same way {@link #post} sends it, for callers that send it themselves (asynchronously). */
    HttpRequest request(String command, Element body, Duration timeout) throws Exception {
        byte[] bytes = body == null ? new byte[0] : WbxmlWriter.encode(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "?" + query(command)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).header("Content-Type", WBXML)
                .header("User-Agent", "HearthTest/" + version).header("Authorization", basic()).timeout(timeout);
        if (!base64) {
            b.header("MS-ASProtocolVersion", version);
            if (policyKey != null) {
                b.header("X-MS-PolicyKey", policyKey);
            }
        }
        return b.build();
    }

    HttpClient http() {
        return http;
    }

    static Result result(HttpResponse<byte[]> resp) throws Exception {
        Element doc = null;
        String type = resp.headers().firstValue("Content-Type").orElse("");
        if (resp.body().length > 0 && type.startsWith(WBXML)) {
            doc = WbxmlReader.create().read(resp.body());
        }
        return new Result(resp.statusCode(), resp.headers(), doc);
    }

    Result post(String command, Element body) throws Exception {
        byte[] bytes = body == null ? new byte[0] : WbxmlWriter.encode(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "?" + query(command)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).header("Content-Type", WBXML)
                .header("User-Agent", "HearthTest/" + version).header("Authorization", basic())
                .timeout(Duration.ofSeconds(30));
        if (!base64) {
            b.header("MS-ASProtocolVersion", version);
            if (policyKey != null) {
                b.header("X-MS-PolicyKey", policyKey);
            }
        }
        HttpResponse<byte[]> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        Element doc = null;
        String type = resp.headers().firstValue("Content-Type").orElse("");
        if (resp.body().length > 0 && type.startsWith(WBXML)) {
            doc = WbxmlReader.create().read(resp.body());
        }
        return new Result(resp.statusCode(), resp.headers(), doc);
    }

    private String query(String command) {
        if (!base64) {
            return "Cmd=" + command + "&User=" + enc(user) + "&DeviceId=" + enc(deviceId) + "&DeviceType=" + enc(deviceType);
        }
        return enc(Base64.getEncoder().encodeToString(base64Query(command)));
    }

    /** MS-ASHTTP 2.2.1.1.1.1: version, command code, locale, device id, policy key, device type, parameters. */
    byte[] base64Query(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(version.replace(".", "")));
        out.write(code(command));
        out.write(0x09);
        out.write(0x04);
        byte[] id = deviceId.getBytes(StandardCharsets.US_ASCII);
        out.write(id.length);
        out.writeBytes(id);
        if (policyKey == null) {
            out.write(0);
        } else {
            long k = Long.parseLong(policyKey);
            out.write(4);
            out.write((int) (k & 0xff));
            out.write((int) (k >> 8 & 0xff));
            out.write((int) (k >> 16 & 0xff));
            out.write((int) (k >> 24 & 0xff));
        }
        byte[] type = deviceType.getBytes(StandardCharsets.US_ASCII);
        out.write(type.length);
        out.writeBytes(type);
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        out.write(8);
        out.write(u.length);
        out.writeBytes(u);
        return out.toByteArray();
    }

    private static int code(String command) {
        return switch (command) {
            case "Sync" -> 0;
            case "SendMail" -> 1;
            case "MoveItems" -> 13;
            case "GetItemEstimate" -> 14;
            case "Ping" -> 18;
            case "ItemOperations" -> 19;
            case "FolderSync" -> 9;
            case "Settings" -> 17;
            case "Provision" -> 20;
            default -> throw new IllegalArgumentException(command);
        };
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- request documents

    static Element provisionInitial(boolean withDeviceInformation) {
        Element p = new Element("Provision", "Provision");
        if (withDeviceInformation) {
            p.add("Settings", "DeviceInformation").add("Settings", "Set").addText("Settings", "Model", "Hearth Test Phone")
                    .addText("Settings", "FriendlyName", "Test phone").addText("Settings", "OS", "TestOS 1.0");
        }
        p.add("Provision", "Policies").add("Provision", "Policy").addText("Provision", "PolicyType",
                "MS-EAS-Provisioning-WBXML");
        return p;
    }

    static Element provisionAck(String temporaryKey) {
        Element p = new Element("Provision", "Provision");
        p.add("Provision", "Policies").add("Provision", "Policy").addText("Provision", "PolicyType", "MS-EAS-Provisioning-WBXML")
                .addText("Provision", "PolicyKey", temporaryKey).addText("Provision", "Status", "1");
        return p;
    }

    static Element wipeAck(String element) {
        Element p = new Element("Provision", "Provision");
        p.add("Provision", element).addText("Provision", "Status", "1");
        return p;
    }

    static Element settings() {
        Element s = new Element("Settings", "Settings");
        s.add("Settings", "DeviceInformation").add("Settings", "Set").addText("Settings", "Model", "Hearth Test Phone")
                .addText("Settings", "OS", "TestOS 1.0");
        s.add("Settings", "UserInformation").add("Settings", "Get");
        return s;
    }

    static Element folderSync(String key) {
        return new Element("FolderHierarchy", "FolderSync").addText("FolderHierarchy", "SyncKey", key);
    }
}
