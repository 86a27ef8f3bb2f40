package org.hearthsync.upnp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hearthsync.api.portmap.MappingResult;
import org.hearthsync.api.portmap.MappingResult.Outcome;
import org.hearthsync.api.portmap.PortMapping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The SOAP side against a scripted IGD on loopback (the real one, miniupnpd, is in {@link RealIgdTest}). */
class IgdPortMapperTest {
    static final String IP1 = "urn:schemas-upnp-org:service:WANIPConnection:1";
    static final String PPP1 = "urn:schemas-upnp-org:service:WANPPPConnection:1";

    HttpServer server;
    URI location;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, Function<String, String[]>> answers = new ConcurrentHashMap<>();
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/rootDesc.xml", ex -> reply(ex, 200, description()));
        server.createContext("/ctl/", this::control);
        server.start();
        location = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/rootDesc.xml");
        answers.put("GetExternalIPAddress", body -> ok("GetExternalIPAddress", "<NewExternalIPAddress>11.22.33.1</NewExternalIPAddress>"));
        answers.put("AddPortMapping", body -> ok("AddPortMapping", ""));
        answers.put("DeletePortMapping", body -> ok("DeletePortMapping", ""));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static String description() {
        return """
                <?xml version="1.0"?>
                <root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion>
                <device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>
                <friendlyName>Test router</friendlyName><UDN>uuid:1234</UDN>
                <deviceList><device><deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType>
                <deviceList><device><deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType>
                <serviceList>
                <service><serviceType>%s</serviceType><serviceId>urn:upnp-org:serviceId:WANPPPConn1</serviceId>
                <controlURL>/ctl/PPPConn</controlURL><eventSubURL>/evt/PPPConn</eventSubURL><SCPDURL>/p.xml</SCPDURL></service>
                <service><serviceType>%s</serviceType><serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId>
                <controlURL>/ctl/IPConn</controlURL><eventSubURL>/evt/IPConn</eventSubURL><SCPDURL>/i.xml</SCPDURL></service>
                <service><serviceType>%s</serviceType><serviceId>x</serviceId>
                <controlURL>http://203.0.113.9/ctl/elsewhere</controlURL></service>
                </serviceList></device></deviceList></device></deviceList></device></root>
                """.formatted(PPP1, IP1, "urn:schemas-upnp-org:service:WANIPConnection:2");
    }

    void control(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String soapAction = ex.getRequestHeaders().getFirst("SOAPAction");
        String action = soapAction.substring(soapAction.indexOf('#') + 1).replace("\"", "");
        requests.add(ex.getRequestURI().getPath() + " " + action + " " + body.replaceAll(".*<u:[^>]*>(.*)</u:.*", "$1"));
        Function<String, String[]> f = answers.get(action);
        String[] r = f == null ? fault(401, "Invalid Action") : f.apply(body);
        reply(ex, Integer.parseInt(r[0]), r[1]);
    }

    static String[] ok(String action, String args) {
        return new String[] { "200", "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<s:Body><u:" + action + "Response xmlns:u=\"" + IP1 + "\">" + args + "</u:" + action
                + "Response></s:Body></s:Envelope>" };
    }

    static String[] fault(int code, String text) {
        return new String[] { "500", "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail>"
                + "<UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>" + code + "</errorCode>"
                + "<errorDescription>" + text + "</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>" };
    }

    static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/xml; charset=\"utf-8\"");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    /** A mapper that finds the scripted router through its remembered location (no SSDP on loopback). */
    IgdPortMapper mapper() throws IOException {
        Path memory = dir.resolve("gateway.properties");
        Files.writeString(memory, "location=" + location + "\n");
        return new IgdPortMapper(memory, new IgdHttp(1000, 2000), Duration.ofMillis(200), true);
    }

    static PortMapping eas(int lease) {
        return new PortMapping("TCP", 443, "127.0.0.1", 8443, "Hearth EAS & co", lease);
    }

    static String arg(String request, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(request);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void picksTheWanIpServiceOnTheDescribingHostAndMaps() throws IOException {
        IgdPortMapper p = mapper();
        assertTrue(p.gatewayAvailable());
        assertEquals("Test router", p.gatewayName());
        assertEquals(Optional.of(InetAddress.getLoopbackAddress()), p.localAddress());
        MappingResult r = p.map(eas(3600));
        assertEquals(Outcome.MAPPED, r.outcome());
        String add = requests.stream().filter(s -> s.contains("AddPortMapping")).findFirst().orElseThrow();
        assertTrue(add.startsWith("/ctl/IPConn "), "WANIPConnection preferred over PPP, foreign control URL ignored: " + add);
        assertEquals("443", arg(add, "NewExternalPort"));
        assertEquals("TCP", arg(add, "NewProtocol"));
        assertEquals("8443", arg(add, "NewInternalPort"));
        assertEquals("127.0.0.1", arg(add, "NewInternalClient"));
        assertEquals("Hearth EAS &amp; co", arg(add, "NewPortMappingDescription"));
        assertEquals("3600", arg(add, "NewLeaseDuration"));
        assertEquals("", arg(add, "NewRemoteHost"));
        assertEquals(Optional.of(Addresses.v4(11, 22, 33, 1)), p.externalAddress());
        assertTrue(p.gatewayKnown());
        assertTrue(Files.readString(dir.resolve("gateway.properties")).contains("udn=uuid\\:1234"));
    }

    @Test
    void onlyPermanentLeasesRetriesWithZeroAndRemembers() throws IOException {
        answers.put("AddPortMapping", body -> "0".equals(arg(body, "NewLeaseDuration")) ? ok("AddPortMapping", "")
                : fault(725, "OnlyPermanentLeasesSupported"));
        IgdPortMapper p = mapper();
        MappingResult r = p.map(eas(3600));
        assertEquals(Outcome.MAPPED, r.outcome());
        assertTrue(r.message().contains("permanent"), r.message());
        requests.clear();
        assertEquals(Outcome.MAPPED, p.map(eas(3600)).outcome());
        assertEquals(1, requests.size(), "asks with lease 0 at once the next time: " + requests);
        assertEquals("0", arg(requests.get(0), "NewLeaseDuration"));
    }

    @Test
    void refusalsAreClassified() throws IOException {
        IgdPortMapper p = mapper();
        answers.put("AddPortMapping", body -> fault(718, "ConflictInMappingEntry"));
        MappingResult conflict = p.map(eas(3600));
        assertEquals(Outcome.CONFLICT, conflict.outcome());
        assertEquals(443, conflict.externalPort());
        assertTrue(conflict.message().contains("718"));
        answers.put("AddPortMapping", body -> fault(606, "Action not authorized"));
        assertEquals(Outcome.REFUSED, p.map(eas(3600)).outcome());
        answers.put("AddPortMapping", body -> fault(728, "NoPortMapsAvailable"));
        assertEquals(Outcome.REFUSED, p.map(eas(3600)).outcome());
    }

    @Test
    void unmapDeletesOnlyWhatPointsAtThisComputer() throws IOException {
        IgdPortMapper p = mapper();
        answers.put("GetSpecificPortMappingEntry", body -> ok("GetSpecificPortMappingEntry",
                "<NewInternalPort>80</NewInternalPort><NewInternalClient>192.168.1.33</NewInternalClient>"));
        p.unmap(eas(3600));
        assertFalse(requests.stream().anyMatch(s -> s.contains("DeletePortMapping")), requests.toString());

        answers.put("GetSpecificPortMappingEntry", body -> fault(714, "NoSuchEntryInArray"));
        p.unmap(eas(3600));
        assertFalse(requests.stream().anyMatch(s -> s.contains("DeletePortMapping")), requests.toString());

        answers.put("GetSpecificPortMappingEntry", body -> ok("GetSpecificPortMappingEntry",
                "<NewInternalPort>8443</NewInternalPort><NewInternalClient>127.0.0.1</NewInternalClient>"));
        p.unmap(eas(3600));
        String del = requests.stream().filter(s -> s.contains("DeletePortMapping")).findFirst().orElseThrow();
        assertEquals("443", arg(del, "NewExternalPort"));
    }

    @Test
    void aSilentRouterIsAFailureNotAHang() throws IOException {
        IgdPortMapper p = mapper();
        assertTrue(p.gatewayAvailable());
        answers.put("AddPortMapping", body -> {
            try {
                Thread.sleep(4000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ok("AddPortMapping", "");
        });
        long t0 = System.nanoTime();
        MappingResult r = p.map(eas(3600));
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(System.nanoTime() - t0 < 3_500_000_000L);
        // rediscovery waits a little instead of hammering
        assertFalse(p.gatewayAvailable());
    }

    @Test
    void switchedOffSendsNothing() throws IOException {
        Path memory = dir.resolve("gateway.properties");
        Files.writeString(memory, "location=" + location + "\n");
        IgdPortMapper p = new IgdPortMapper(memory, new IgdHttp(1000, 2000), Duration.ofMillis(200), false);
        assertEquals(Outcome.NO_GATEWAY, p.map(eas(3600)).outcome());
        assertEquals(Optional.empty(), p.externalAddress());
        assertTrue(requests.isEmpty());
    }

    @Test
    void reannouncementsAreThoseOfARestart() throws IOException {
        IgdPortMapper p = mapper();
        assertTrue(p.gatewayAvailable());
        int[] calls = { 0 };
        Runnable count = () -> calls[0]++;
        p.onNotify(notify("ssdp:alive", "uuid:1234", "7"), count);
        p.onNotify(notify("ssdp:alive", "uuid:1234", "7"), count);
        assertEquals(0, calls[0], "periodic alives are not restarts");
        p.onNotify(notify("ssdp:alive", "uuid:1234", "8"), count);
        assertEquals(1, calls[0], "a new BOOTID is a restart");
        p.onNotify(notify("ssdp:alive", "uuid:999", "1"), count);
        assertEquals(1, calls[0], "another device");
        p.onNotify(notify("ssdp:byebye", "uuid:1234", "8"), count);
        p.onNotify(notify("ssdp:alive", "uuid:1234", "8"), count);
        assertEquals(2, calls[0], "back after a goodbye");
    }

    SsdpMessage notify(String nts, String udn, String boot) {
        String text = "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=120\r\nLOCATION: " + location
                + "\r\nNT: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\nNTS: " + nts + "\r\nUSN: " + udn
                + "::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\nBOOTID.UPNP.ORG: " + boot + "\r\n\r\n";
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return SsdpMessage.parse(b, b.length, InetAddress.getLoopbackAddress()).orElseThrow();
    }

    @Test
    void ssdpAnswersAreReadWithinBounds() {
        String text = "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: urn:schemas-upnp-org:device:InternetGatewayDevice:2\r\n"
                + "USN: uuid:abc::urn:schemas-upnp-org:device:InternetGatewayDevice:2\r\nlocation: http://10.0.0.1:5000/rootDesc.xml\r\n"
                + "BOOTID.UPNP.ORG: 42\r\n\r\n";
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        SsdpMessage m = SsdpMessage.parse(b, b.length, Addresses.v4(10, 0, 0, 1)).orElseThrow();
        assertTrue(m.isSearchResponse());
        assertTrue(m.aboutGateway());
        assertEquals("uuid:abc", m.udn());
        assertEquals("42", m.bootId());
        assertEquals(Optional.of(URI.create("http://10.0.0.1:5000/rootDesc.xml")), m.location());
        byte[] junk = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertTrue(SsdpMessage.parse(junk, junk.length, null).isEmpty());
        byte[] ftp = "HTTP/1.1 200 OK\r\nST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\nLOCATION: file:///etc/passwd\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertTrue(SsdpMessage.parse(ftp, ftp.length, null).orElseThrow().location().isEmpty());
    }

    @Test
    void descriptionsWithDoctypesAreRejected() {
        byte[] evil = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><root>&x;</root>"
                .getBytes(StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> DeviceDescription.parse(evil, location));
    }
}
