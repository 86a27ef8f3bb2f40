package org.hearthsync.upnp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
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

/**
 * The control side (jUPnP's description binding and SOAP, Hearth's choices) against a scripted IGD on
 * loopback; jUPnP runs on the loopback interface only (the real router, miniupnpd, is in {@link RealIgdTest}).
 */
class IgdPortMapperTest {
    static final String IP1 = "urn:schemas-upnp-org:service:WANIPConnection:1";
    static final String PPP1 = "urn:schemas-upnp-org:service:WANPPPConnection:1";

    HttpServer server;
    URI location;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, Function<String, String[]>> answers = new ConcurrentHashMap<>();
    @TempDir
    Path dir;

    final List<IgdPortMapper> mappers = new ArrayList<>();
    int stacksOpened;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/rootDesc.xml", ex -> reply(ex, 200, description()));
        server.createContext("/i.xml", ex -> reply(ex, 200, scpd()));
        server.createContext("/p.xml", ex -> reply(ex, 200, scpd()));
        server.createContext("/l3f.xml", ex -> reply(ex, 200, SCPD_EMPTY));
        server.createContext("/ctl/", this::control);
        server.start();
        location = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/rootDesc.xml");
        answers.put("GetExternalIPAddress", body -> ok("GetExternalIPAddress", "<NewExternalIPAddress>11.22.33.1</NewExternalIPAddress>"));
        answers.put("AddPortMapping", body -> ok("AddPortMapping", ""));
        answers.put("DeletePortMapping", body -> ok("DeletePortMapping", ""));
    }

    @AfterEach
    void stop() {
        mappers.forEach(IgdPortMapper::deactivate);
        server.stop(0);
    }

    static String description() {
        return """
                <?xml version="1.0"?>
                <root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion>
                <device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>
                <friendlyName>Test router</friendlyName><manufacturer>Hearth tests</manufacturer><modelName>Scripted</modelName>
                <UDN>uuid:1234</UDN>
                <serviceList><service><serviceType>urn:schemas-upnp-org:service:Layer3Forwarding:1</serviceType>
                <serviceId>urn:upnp-org:serviceId:L3Forwarding1</serviceId><controlURL>/ctl/L3F</controlURL>
                <eventSubURL>/evt/L3F</eventSubURL><SCPDURL>/l3f.xml</SCPDURL></service></serviceList>
                <deviceList><device><deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType>
                <friendlyName>WAN</friendlyName><manufacturer>Hearth tests</manufacturer><modelName>Scripted</modelName>
                <UDN>uuid:1234-wan</UDN>
                <deviceList><device><deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType>
                <friendlyName>WAN connection</friendlyName><manufacturer>Hearth tests</manufacturer><modelName>Scripted</modelName>
                <UDN>uuid:1234-conn</UDN>
                <serviceList>
                <service><serviceType>%s</serviceType><serviceId>urn:upnp-org:serviceId:WANPPPConn1</serviceId>
                <controlURL>/ctl/PPPConn</controlURL><eventSubURL>/evt/PPPConn</eventSubURL><SCPDURL>/p.xml</SCPDURL></service>
                <service><serviceType>%s</serviceType><serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId>
                <controlURL>/ctl/IPConn</controlURL><eventSubURL>/evt/IPConn</eventSubURL><SCPDURL>/i.xml</SCPDURL></service>
                <service><serviceType>%s</serviceType><serviceId>urn:upnp-org:serviceId:WANIPConn2</serviceId>
                <controlURL>http://203.0.113.9/ctl/elsewhere</controlURL><eventSubURL>/evt/x</eventSubURL><SCPDURL>/i.xml</SCPDURL></service>
                </serviceList></device></deviceList></device></deviceList></device></root>
                """.formatted(PPP1, IP1, "urn:schemas-upnp-org:service:WANIPConnection:2");
    }

    static final String SCPD_EMPTY = """
            <?xml version="1.0"?>
            <scpd xmlns="urn:schemas-upnp-org:service-1-0"><specVersion><major>1</major><minor>0</minor></specVersion>
            <actionList/><serviceStateTable><stateVariable sendEvents="no"><name>X</name><dataType>string</dataType></stateVariable>
            </serviceStateTable></scpd>
            """;

    /** The part of a WANIPConnection/WANPPPConnection service description Hearth uses. */
    static String scpd() {
        return """
                <?xml version="1.0"?>
                <scpd xmlns="urn:schemas-upnp-org:service-1-0"><specVersion><major>1</major><minor>0</minor></specVersion>
                <actionList>
                %s
                %s
                %s
                %s
                </actionList>
                <serviceStateTable>
                <stateVariable sendEvents="no"><name>RemoteHost</name><dataType>string</dataType></stateVariable>
                <stateVariable sendEvents="no"><name>ExternalPort</name><dataType>ui2</dataType></stateVariable>
                <stateVariable sendEvents="no"><name>InternalPort</name><dataType>ui2</dataType></stateVariable>
                <stateVariable sendEvents="no"><name>PortMappingProtocol</name><dataType>string</dataType>
                <allowedValueList><allowedValue>TCP</allowedValue><allowedValue>UDP</allowedValue></allowedValueList></stateVariable>
                <stateVariable sendEvents="no"><name>InternalClient</name><dataType>string</dataType></stateVariable>
                <stateVariable sendEvents="no"><name>PortMappingEnabled</name><dataType>boolean</dataType></stateVariable>
                <stateVariable sendEvents="no"><name>PortMappingDescription</name><dataType>string</dataType></stateVariable>
                <stateVariable sendEvents="no"><name>PortMappingLeaseDuration</name><dataType>ui4</dataType></stateVariable>
                <stateVariable sendEvents="yes"><name>ExternalIPAddress</name><dataType>string</dataType></stateVariable>
                </serviceStateTable></scpd>
                """.formatted(
                action("AddPortMapping", in("NewRemoteHost", "RemoteHost"), in("NewExternalPort", "ExternalPort"),
                        in("NewProtocol", "PortMappingProtocol"), in("NewInternalPort", "InternalPort"),
                        in("NewInternalClient", "InternalClient"), in("NewEnabled", "PortMappingEnabled"),
                        in("NewPortMappingDescription", "PortMappingDescription"),
                        in("NewLeaseDuration", "PortMappingLeaseDuration")),
                action("DeletePortMapping", in("NewRemoteHost", "RemoteHost"), in("NewExternalPort", "ExternalPort"),
                        in("NewProtocol", "PortMappingProtocol")),
                action("GetSpecificPortMappingEntry", in("NewRemoteHost", "RemoteHost"),
                        in("NewExternalPort", "ExternalPort"), in("NewProtocol", "PortMappingProtocol"),
                        out("NewInternalPort", "InternalPort"), out("NewInternalClient", "InternalClient"),
                        out("NewEnabled", "PortMappingEnabled"), out("NewPortMappingDescription", "PortMappingDescription"),
                        out("NewLeaseDuration", "PortMappingLeaseDuration")),
                action("GetExternalIPAddress", out("NewExternalIPAddress", "ExternalIPAddress")));
    }

    static String action(String name, String... args) {
        return "<action><name>" + name + "</name><argumentList>" + String.join("", args) + "</argumentList></action>";
    }

    static String in(String name, String variable) {
        return "<argument><name>" + name + "</name><direction>in</direction><relatedStateVariable>" + variable
                + "</relatedStateVariable></argument>";
    }

    static String out(String name, String variable) {
        return "<argument><name>" + name + "</name><direction>out</direction><relatedStateVariable>" + variable
                + "</relatedStateVariable></argument>";
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
        return mapper(location, true);
    }

    IgdPortMapper mapper(URI remembered, boolean networkAllowed) throws IOException {
        Path memory = dir.resolve("gateway.properties");
        Files.writeString(memory, "location=" + remembered + "\n");
        IgdPortMapper p = new IgdPortMapper(memory, announcements -> {
            stacksOpened++;
            return new UpnpStack(new JupnpConfiguration(Duration.ofMillis(1000), Duration.ofMillis(2000), LoopbackNetwork::new,
                    false), announcements);
        }, Duration.ofMillis(200), networkAllowed);
        mappers.add(p);
        return p;
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

    /** A whole GetSpecificPortMappingEntry answer, as routers give it. */
    static String entry(int internalPort, String client) {
        return "<NewInternalPort>" + internalPort + "</NewInternalPort><NewInternalClient>" + client + "</NewInternalClient>"
                + "<NewEnabled>1</NewEnabled><NewPortMappingDescription>x</NewPortMappingDescription>"
                + "<NewLeaseDuration>0</NewLeaseDuration>";
    }

    @Test
    void unmapDeletesOnlyWhatPointsAtThisComputer() throws IOException {
        IgdPortMapper p = mapper();
        answers.put("GetSpecificPortMappingEntry", body -> ok("GetSpecificPortMappingEntry", entry(80, "192.168.1.33")));
        p.unmap(eas(3600));
        assertFalse(requests.stream().anyMatch(s -> s.contains("DeletePortMapping")), requests.toString());

        answers.put("GetSpecificPortMappingEntry", body -> fault(714, "NoSuchEntryInArray"));
        p.unmap(eas(3600));
        assertFalse(requests.stream().anyMatch(s -> s.contains("DeletePortMapping")), requests.toString());

        answers.put("GetSpecificPortMappingEntry", body -> ok("GetSpecificPortMappingEntry", entry(8443, "127.0.0.1")));
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
        IgdPortMapper p = mapper(location, false);
        assertEquals(Outcome.NO_GATEWAY, p.map(eas(3600)).outcome());
        assertEquals(Optional.empty(), p.externalAddress());
        assertTrue(requests.isEmpty());
        assertEquals(0, stacksOpened, "jUPnP is not even started");
    }

    @Test
    void reannouncementsAreThoseOfARestart() throws IOException {
        IgdPortMapper p = mapper();
        assertTrue(p.gatewayAvailable());
        int calls = 0;
        calls += p.onNotify(alive("uuid:1234", "7")) ? 1 : 0;
        calls += p.onNotify(alive("uuid:1234", "7")) ? 1 : 0;
        assertEquals(0, calls, "periodic alives are not restarts");
        calls += p.onNotify(alive("uuid:1234", "8")) ? 1 : 0;
        assertEquals(1, calls, "a new BOOTID is a restart");
        calls += p.onNotify(alive("uuid:999", "1")) ? 1 : 0;
        assertEquals(1, calls, "another device");
        calls += p.onNotify(new UpnpStack.Announcement("uuid:1234", false, "8", Optional.of(location), 0, false)) ? 1 : 0;
        calls += p.onNotify(alive("uuid:1234", "8")) ? 1 : 0;
        assertEquals(2, calls, "back after a goodbye");
    }

    @Test
    void aRestartIsSeenFromTheBootTheRouterWasFoundIn() throws IOException {
        IgdPortMapper p = mapper();
        assertTrue(p.gatewayAvailable());
        assertFalse(p.onNotify(new UpnpStack.Announcement("uuid:1234", true, "5", Optional.of(location), 0, true)),
                "a search answer is no announcement");
        assertTrue(p.onNotify(alive("uuid:1234", "6")), "the first announcement after a power cut has another boot");
    }

    UpnpStack.Announcement alive(String udn, String boot) {
        return new UpnpStack.Announcement(udn, true, boot, Optional.of(location), 120, false);
    }

    @Test
    void descriptionsWithDoctypesAreRejected() throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "LEAKED");
        server.createContext("/evil.xml", ex -> reply(ex, 200, "<?xml version=\"1.0\"?><!DOCTYPE root [<!ENTITY x SYSTEM \""
                + secret.toUri() + "\">]>" + description().substring(description().indexOf("<root")).replace("Test router", "&x;")));
        IgdPortMapper p = mapper(location.resolve("/evil.xml"), true);
        assertFalse(p.gatewayAvailable(), "a description with a DTD is not read at all");
        assertFalse(p.gatewayName().contains("LEAKED"));
        assertTrue(requests.isEmpty(), requests.toString());
    }

    @Test
    void oversizedAnswersAreRefused() throws IOException {
        String padding = "<!-- " + "x".repeat(JdkStreamClient.MAX_BODY) + " -->";
        server.createContext("/big.xml", ex -> reply(ex, 200, description().replace("<device>", padding + "<device>")));
        IgdPortMapper p = mapper(location.resolve("/big.xml"), true);
        assertFalse(p.gatewayAvailable());
        assertTrue(requests.isEmpty(), requests.toString());
    }

    @Test
    void deactivateEndsEveryUpnpThread() throws Exception {
        IgdPortMapper p = mapper();
        assertTrue(p.gatewayAvailable());
        assertEquals(Outcome.MAPPED, p.map(eas(3600)).outcome());
        assertFalse(upnpThreads().isEmpty(), "jUPnP runs while the mapper is in use");
        p.deactivate();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!upnpThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), upnpThreads());
    }

    static List<String> upnpThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("hearth-upnp")).toList();
    }
}
