package org.hearthsync.ddns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.hearthsync.api.ddns.DnsProvider;
import org.hearthsync.ddns.support.Dyndns2;
import org.hearthsync.api.ddns.TestConfigs;
import org.hearthsync.ddns.internal.AddressFinder.Found;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * The reference test of issue 19: the same scenarios run through ddclient (Debian's long-established
 * dynamic DNS client, started here with a generated configuration) and through each Hearth provider
 * driven by the real updater, both against one loopback recorder. Per step, Hearth's requests must
 * carry the same information as ddclient's (host, IPv4, IPv6), except where a named case below says
 * why Hearth follows the service's documentation instead; Hearth never sends two identical updates
 * in a row and never an empty address.
 *
 * <p>ddclient runs once per step as a new process ({@code -foreground -daemon=0}) with its cache file,
 * so every step is also a restart for it; Hearth's "restart" step builds a new updater and provider on
 * the same state file. The steps stand for checks minutes apart: Hearth's clock moves ten minutes a
 * step, and ddclient's 30-second {@code min-interval} is lifted ({@code min-interval=0}) because its
 * runs follow each other within seconds; its {@code min-error-interval} (5 minutes) is left as it is.
 *
 * <p>Outside CI a missing ddclient skips; with {@code CI=true} it fails (.ci/run installs it).
 */
class DdclientReferenceTest {
    static final String A1 = "203.0.113.1";
    static final String A2 = "203.0.113.2";
    static final String B1 = "2001:db8:1:2::1";
    static final String B2 = "2001:db8:1:2::2";
    static final String B3 = "2001:db8:1:2::3";

    /** One check: the addresses both clients are given and how the recorder answers. */
    record Step(String name, String v4, String v6, String answer, boolean restart) {
    }

    static final List<Step> STEPS = List.of(
            new Step("first update", A1, B1, "ok", false),
            new Step("unchanged", A1, B1, "ok", false),
            new Step("IPv6-only change", A1, B2, "ok", false),
            new Step("no IPv4", null, B3, "ok", false),
            new Step("restart, unchanged", null, B3, "ok", true),
            new Step("IPv4 back", A1, B3, "ok", false),
            new Step("error answer (badauth)", A2, B3, "badauth", false),
            new Step("after the error, address changed", A1, B3, "ok", false));

    /** The same again with a provider problem: 911 (No-IP: retry no sooner than 30 minutes). */
    static final List<Step> SERVER_ERROR_STEPS = List.of(
            new Step("first update answered 911", A1, null, "911", false),
            new Step("ten minutes later", A1, null, "ok", false));

    /**
     * A Hearth provider and the ddclient configuration that does the same job.
     *
     * @param ddclientIpv6    whether ddclient is given the IPv6 address (usev6): when the Hearth provider sends IPv6
     * @param ipv6Difference  why Hearth sends IPv6 that ddclient 3.10 does not (null when both send none)
     * @param stepDifferences steps where Hearth's requests differ from ddclient's, with the reason from the
     *                        service's documentation
     */
    record Case(String id, String providerClass, Map<String, Object> config, boolean ipv6, String dialect,
            String ddclientProtocol, boolean ddclientHttps, String ddclientHost, boolean ddclientIpv6,
            String ipv6Difference, Map<String, String> stepDifferences) {
    }

    static final String REPEATS = "ddclient 3.10 re-sends its unchanged IPv4-only request when only the IPv6 "
            + "address changed: the request is identical to the previous one, which dyndns2 services answer with "
            + "nochg and count as abuse (\"repeated instances of nochg updates will result in the host being "
            + "blocked\", https://help.dyn.com/return-codes/; No-IP: \"Excessive nochg responses may result in your "
            + "client being blocked\", https://www.noip.com/integrate/response)";
    static final String EMPTY_NEXT_RUN = "ddclient 3.10 sends the address empty (myip=, ip=) here, one run after "
            + "the IPv4 address disappeared; an empty address makes the service take the connection's address or "
            + "delete the record (deSEC: \"IP deletion can also be forced by providing an empty value\", "
            + "https://desec.readthedocs.io/en/latest/dyndns/update-api.html); Hearth never sends an empty address";
    static final String HELD_BACK = "when the IPv4 address disappears ddclient 3.10 counts its last run as failed, "
            + "holds the update back and sends an empty address on its next run; Hearth sends at the change, with the "
            + "service's documented word that keeps the A record";
    static final String RESTORES = "ddclient 3.10 puts back the IPv4 address it had blanked; Hearth never blanked it, "
            + "so nothing it would send has changed";
    static final String IPV6_DYNDNS2 = "ddclient 3.10's dyndns2 and duckdns code sends one address (its 'wantip', "
            + "the IPv4) and no IPv6 parameter; the service documents one";

    static List<Case> cases(String http, String https) {
        List<Case> l = new ArrayList<>();
        l.add(new Case("noip", "org.hearthsync.ddns.noip.internal.NoIpProvider",
                Map.of("hostname", "myhome.ddns.net", "username", "me@example.com", "_password", "pw", "base_url",
                        http + "/nic/update"),
                false, "dyndns2", "noip", true, "myhome.ddns.net", false, null, Map.of()));
        l.add(new Case("custom", "org.hearthsync.ddns.custom.internal.CustomProvider",
                Map.of("hostname", "myhome.example.net", "_update_url",
                        http + "/nic/update?hostname={hostname}&myip={ip}", "username", "me", "_password", "pw"),
                true, "dyndns2", "dyndns2", false, "myhome.example.net", true, null,
                Map.of("IPv6-only change", REPEATS + "; the template has no {ipv6}, so Hearth has nothing new to send",
                        "restart, unchanged", EMPTY_NEXT_RUN + "; the template's {ip} has no value, so Hearth "
                                + "skipped the call with that reason on the console",
                        "IPv4 back", RESTORES)));
        l.add(new Case("dynu", "org.hearthsync.ddns.dynu.internal.DynuProvider",
                Map.of("hostname", "myhome.freeddns.org", "username", "me", "_password", "pw", "base_url",
                        http + "/nic/update"),
                true, "dyndns2", "dyndns2", false, "myhome.freeddns.org", true,
                IPV6_DYNDNS2 + " (myipv6, https://www.dynu.com/DynamicDNS/IP-Update-Protocol)",
                Map.of("no IPv4", HELD_BACK + " (myip=no, https://www.dynu.com/DynamicDNS/IP-Update-Protocol)",
                        "restart, unchanged", EMPTY_NEXT_RUN, "IPv4 back", RESTORES)));
        l.add(new Case("desec", "org.hearthsync.ddns.desec.internal.DesecProvider",
                Map.of("hostname", "myhome.dedyn.io", "_token", "tok", "base_url", http + "/"),
                true, "dyndns2", "dyndns2", false, "myhome.dedyn.io", true,
                IPV6_DYNDNS2 + " (myipv6, https://desec.readthedocs.io/en/latest/dyndns/update-api.html)",
                Map.of("no IPv4", HELD_BACK + " (myipv4=preserve, "
                        + "https://desec.readthedocs.io/en/latest/dyndns/update-api.html)",
                        "restart, unchanged", EMPTY_NEXT_RUN, "IPv4 back", RESTORES)));
        l.add(new Case("duckdns", "org.hearthsync.ddns.duckdns.internal.DuckDnsProvider",
                Map.of("hostname", "myhome", "_token", "tok", "base_url", http + "/update"),
                true, "duckdns", "duckdns", true, "myhome", true,
                IPV6_DYNDNS2 + " (ipv6, https://www.duckdns.org/spec.jsp)",
                Map.of("no IPv4", "DuckDNS documents ipv6 alone (\"if you specify this then the autodetection for ip "
                        + "is not used\", https://www.duckdns.org/spec.jsp), which Hearth sends at the change; "
                        + HELD_BACK.substring(0, HELD_BACK.indexOf(';')),
                        "restart, unchanged", EMPTY_NEXT_RUN)));
        l.add(new Case("dnsdynamic", "org.hearthsync.ddns.dnsdynamic.internal.DnsDynamicProvider",
                Map.of("hostname", "myhome.dnsd.me", "username", "me@example.com", "_password", "pw", "base_url",
                        http + "/api/"),
                false, "dyndns2", "dyndns2", false, "myhome.dnsd.me", false, null, Map.of()));
        return l;
    }

    @TempDir
    static Path dir;
    static Recorder recorder;
    static Path ddclient;
    static Path caFile;

    @BeforeAll
    static void start() throws Exception {
        ddclient = requireDdclient();
        Path keystore = dir.resolve("recorder.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "recorder", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore",
                keystore.toString(), "-storetype", "PKCS12", "-storepass", "recorder", "-keypass", "recorder"));
        caFile = dir.resolve("recorder.pem");
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "recorder", "-keystore", keystore.toString(),
                "-storepass", "recorder", "-file", caFile.toString()));
        recorder = new Recorder(keystore, "recorder".toCharArray());
    }

    @AfterAll
    static void stop() {
        if (recorder != null) {
            recorder.close();
        }
    }

    static Path requireDdclient() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        for (String d : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")) {
            Path p = Path.of(d, "ddclient");
            // ddclient needs these Perl modules for https (noip, duckdns) and for usev6; Debian only recommends them
            if (Files.isExecutable(p) && run(List.of("perl", "-MIO::Socket::SSL", "-MIO::Socket::INET6", "-e", "1"))
                    .exit() == 0) {
                return p;
            }
        }
        String message = "ddclient or its Perl modules are missing: install the Debian packages ddclient "
                + "libio-socket-ssl-perl libio-socket-inet6-perl";
        if (ci) {
            fail(message + "; CI must have them (.ci/run installs them)");
        }
        Assumptions.abort(message);
        return null;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "noip", "custom", "dynu", "desec", "duckdns", "dnsdynamic" })
    void hearthCarriesWhatDdclientCarries(String id) throws Exception {
        Case c = cases(recorder.httpUrl(), recorder.httpsUrl()).stream().filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow();
        compare(c, STEPS, "main");
        compare(c, SERVER_ERROR_STEPS, "911");
    }

    private void compare(Case c, List<Step> steps, String run) throws Exception {
        Path work = Files.createDirectories(dir.resolve(c.id() + "-" + run));
        HearthSide hearth = new HearthSide(c, work);
        StringBuilder table = new StringBuilder();
        List<String> mismatches = new ArrayList<>();
        try {
            for (Step s : steps) {
                recorder.answer(s.answer(), c.dialect());
                recorder.clear();
                String said = runDdclient(c, s, work);
                List<Info> ours = infos(c, recorder.take("ddclient"));
                if (s.restart()) {
                    hearth.restart();
                }
                hearth.check(s);
                List<Recorded> hearthRequests = recorder.take("Hearth");
                List<Info> theirs = infos(c, hearthRequests);
                hearth.all.addAll(hearthRequests);
                List<Info> expected = expectedFromDdclient(c, s, ours);
                String line = String.format("%-10s %-34s ddclient %s%n%-45s Hearth   %s%n%s", c.id(), s.name(), ours, "",
                        theirs, said);
                table.append(line);
                String named = c.stepDifferences().get(s.name());
                if (named == null) {
                    if (!expected.equals(theirs)) {
                        mismatches.add(s.name() + ": ddclient " + ours + " (compared as " + expected + "), Hearth "
                                + theirs);
                    }
                } else {
                    assertNotEquals(expected, theirs, c.id() + " / " + s.name()
                            + ": named as a difference but both clients now agree; remove the named case: " + named);
                }
                for (Info i : theirs) {
                    assertFalse(i.v4().equals(Info.EMPTY) || i.v6().equals(Info.EMPTY),
                            c.id() + " / " + s.name() + ": Hearth sent an empty address " + i);
                }
            }
        } finally {
            hearth.close();
            System.out.print(table);
        }
        assertTrue(mismatches.isEmpty(), c.id() + ": Hearth's requests differ from ddclient's:\n"
                + String.join("\n", mismatches) + "\n" + table);
        for (int i = 1; i < hearth.all.size(); i++) {
            assertNotEquals(hearth.all.get(i - 1).target(), hearth.all.get(i).target(),
                    c.id() + ": Hearth sent the same update twice in a row");
        }
    }

    /**
     * What Hearth should send, from ddclient's requests: the same host and IPv4; for IPv6, where
     * ddclient 3.10 sends none but the service documents it (the named {@code ipv6Difference}), the
     * address ddclient was given, whenever ddclient sent an update at all.
     */
    private static List<Info> expectedFromDdclient(Case c, Step s, List<Info> ddclients) {
        if (c.ipv6Difference() == null) {
            return ddclients;
        }
        // with no IPv6 known, Dynu and deSEC are told to keep the AAAA record (myipv6=no, preserve): left out,
        // they would take the connection's address; DuckDNS leaves it alone when ipv6 is absent
        String untouched = c.dialect().equals("duckdns") ? Info.ABSENT : Info.KEEP;
        return ddclients.stream()
                .map(i -> new Info(i.host(), i.v4(), s.v6() == null ? untouched : canonical(s.v6())))
                .toList();
    }

    // ---- ddclient

    /** Runs ddclient for one step; returns what it said it did (its INFO, SUCCESS, WARNING and FAILED lines). */
    private String runDdclient(Case c, Step s, Path work) throws Exception {
        Path conf = work.resolve("ddclient.conf");
        Path cache = work.resolve("ddclient.cache");
        StringBuilder b = new StringBuilder();
        b.append("daemon=0\nmin-interval=0\n");
        if (c.ddclientHttps()) {
            b.append("ssl=yes\nssl_ca_file=").append(caFile).append('\n');
        } else {
            b.append("ssl=no\n");
        }
        // IPv4 through the classic use=ip (3.10's noip, dyndns2 and duckdns code reads only that address, and
        // its usev4 path leaves their status-ipv4 at "noconnect", which makes it retry a successful update)
        b.append(s.v4() == null ? "use=no\n" : "use=ip, ip=" + s.v4() + "\n");
        if (c.ddclientIpv6()) {
            b.append(s.v6() == null ? "usev6=disabled\n" : "usev6=ipv6, ipv6=" + s.v6() + "\n");
        }
        b.append("protocol=").append(c.ddclientProtocol()).append('\n');
        b.append("server=127.0.0.1:").append(c.ddclientHttps() ? recorder.httpsPort() : recorder.httpPort()).append('\n');
        b.append("login=me\npassword=pw\n");
        b.append(c.ddclientHost()).append('\n');
        Files.writeString(conf, b.toString());
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        Result r = run(List.of(ddclient.toString(), "-foreground", "-daemon=0", "-noquiet", "-verbose", "-file",
                conf.toString(), "-cache", cache.toString()));
        if (r.out().contains("FATAL")) {
            fail("ddclient failed (missing Perl modules? install libio-socket-ssl-perl libio-socket-inet6-perl):\n"
                    + r.out());
        }
        return r.out().lines().filter(l -> l.matches("(INFO|SUCCESS|WARNING|FAILED): .*"))
                .filter(l -> !l.contains("unable to determine IP address with strategy use=")
                        && !l.contains("is not a valid IPv4 or IPv6 address") && !l.contains("found neither IPv4"))
                .map(l -> "           | " + l.replaceAll("\\s+", " ") + "\n").collect(Collectors.joining());
    }

    // ---- Hearth: the real updater driving the real provider plugin

    final class HearthSide implements AutoCloseable {
        final Case c;
        final Path work;
        final ExecutorService callers = Executors.newCachedThreadPool();
        final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        final List<Recorded> all = new ArrayList<>();
        volatile Found found = new Found(null, null);
        UpdateEngine engine;

        HearthSide(Case c, Path work) throws Exception {
            this.c = c;
            this.work = work;
            restart();
        }

        void restart() throws Exception {
            Class<?> type = Class.forName(c.providerClass());
            Class<?> configType = Class.forName(c.providerClass().replace("Provider", "Config"));
            Constructor<?> k = type.getDeclaredConstructor(configType, String.class, HttpClient.class);
            k.setAccessible(true);
            Object config = TestConfigs.of(configType, c.config());
            DnsProvider p = (DnsProvider) k.newInstance(config, "0.1.0", Dyndns2.newClient());
            engine = new UpdateEngine(clock, new StateStore(work.resolve("state.properties")), () -> found, callers,
                    Duration.ofSeconds(20));
            Map<String, Object> props = new HashMap<>();
            props.put(DnsProvider.PROVIDER, c.id());
            props.put("service.pid", "org.hearthsync.ddns." + c.id() + "~home");
            // as Declarative Services does: the service property ddns.ipv6 is the configuration's ddns_ipv6 (its
            // default, here); IPv4-only plugins declare ddns.ipv6=false in their component
            props.put("ddns.ipv6", ipv6Setting(configType, config, c.ipv6()));
            engine.add(1, p, props, c.config());
        }

        private static boolean ipv6Setting(Class<?> configType, Object config, boolean otherwise) throws Exception {
            try {
                java.lang.reflect.Method m = configType.getMethod("ddns_ipv6");
                m.setAccessible(true);
                return (Boolean) m.invoke(config);
            } catch (NoSuchMethodException e) {
                return otherwise;
            }
        }

        void check(Step s) {
            clock.advance(Duration.ofMinutes(10));
            found = new Found(s.v4() == null ? null : addr(s.v4()), s.v6() == null ? null : addr(s.v6()));
            engine.check(false);
        }

        @Override
        public void close() {
            callers.shutdownNow();
        }
    }

    // ---- what a request carries

    /** The information of one update: host, IPv4 and IPv6 as canonical text or one of the markers. */
    record Info(String host, String v4, String v6) {
        static final String ABSENT = "-";
        static final String EMPTY = "(empty)";
        static final String KEEP = "(keep)";

        @Override
        public String toString() {
            return host + " A=" + v4 + " AAAA=" + v6;
        }
    }

    static List<Info> infos(Case c, List<Recorded> requests) {
        return requests.stream().map(r -> info(c, r)).toList();
    }

    static Info info(Case c, Recorded r) {
        Map<String, String> q = r.params();
        if (c.dialect().equals("duckdns")) {
            return new Info(q.getOrDefault("domains", "?"), value(q.get("ip"), true), value(q.get("ipv6"), false));
        }
        String v4raw = q.containsKey("myipv4") ? q.get("myipv4") : q.get("myip");
        String v6raw = q.get("myipv6");
        String v4 = Info.ABSENT;
        String v6 = value(v6raw, false);
        if (v4raw != null) {
            // dyndns2's myip may carry a list, or an IPv6 address
            for (String part : v4raw.split(",", -1)) {
                String p = part.strip();
                if (p.contains(":") && v6raw == null) {
                    v6 = value(p, false);
                } else if (!p.contains(":")) {
                    v4 = value(p, true);
                }
            }
        }
        return new Info(q.getOrDefault("hostname", "?"), v4, v6);
    }

    static String value(String raw, boolean v4) {
        if (raw == null) {
            return Info.ABSENT;
        }
        if (raw.isBlank()) {
            return Info.EMPTY;
        }
        if (raw.equals("no") || raw.equals("preserve")) {
            return Info.KEEP;
        }
        return canonical(raw);
    }

    static String canonical(String literal) {
        return Addresses.literal(literal).map(Dyndns2::text).orElse("?" + literal);
    }

    static InetAddress addr(String s) {
        return Addresses.literal(s).orElseThrow();
    }

    // ---- the loopback recorder: plain HTTP for Hearth and ddclient's dyndns2, HTTPS for the protocols
    // ddclient 3.10 always sends over https (noip, duckdns)

    record Recorded(String client, String method, String target, Map<String, String> params) {
    }

    static final class Recorder implements AutoCloseable {
        final HttpServer http;
        final HttpsServer https;
        final List<Recorded> requests = new CopyOnWriteArrayList<>();
        volatile String answer = "ok";
        volatile String dialect = "dyndns2";

        Recorder(Path keystore, char[] password) throws Exception {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", this::handle);
            http.start();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, password);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(ssl));
            https.createContext("/", this::handle);
            https.start();
        }

        int httpPort() {
            return http.getAddress().getPort();
        }

        int httpsPort() {
            return https.getAddress().getPort();
        }

        String httpUrl() {
            return "http://127.0.0.1:" + httpPort();
        }

        String httpsUrl() {
            return "https://127.0.0.1:" + httpsPort();
        }

        void answer(String answer, String dialect) {
            this.answer = answer;
            this.dialect = dialect;
        }

        void clear() {
            requests.clear();
        }

        /** The requests of one client ({@code ddclient} or {@code Hearth}, by User-Agent) since the last clear. */
        List<Recorded> take(String client) {
            List<Recorded> out = requests.stream().filter(r -> r.client().equals(client)).toList();
            requests.removeAll(out);
            return out;
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                String ua = ex.getRequestHeaders().getFirst("User-Agent");
                // only the two clients call the recorder: ddclient names itself, everything else is Hearth's
                String client = ua != null && ua.startsWith("ddclient") ? "ddclient" : "Hearth";
                String raw = ex.getRequestURI().getRawQuery();
                requests.add(new Recorded(client, ex.getRequestMethod(), ex.getRequestURI().getRawPath() + "?" + raw,
                        params(raw)));

                Map<String, String> q = params(raw);
                String body = switch (answer) {
                    case "ok" -> dialect.equals("duckdns") ? duckOk(q) : "good " + echo(q);
                    case "badauth" -> dialect.equals("duckdns") ? "KO" : "badauth";
                    default -> answer;
                };
                byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }

        /** As No-IP documents it: "good" and the address(es) the host now has, IPv4 and IPv6 comma-separated. */
        static String echo(Map<String, String> q) {
            String v4 = q.containsKey("myipv4") ? q.get("myipv4") : q.getOrDefault("myip", "");
            String v6 = q.getOrDefault("myipv6", "");
            v4 = v4.equals("no") || v4.equals("preserve") ? "" : v4;
            v6 = v6.equals("no") || v6.equals("preserve") ? "" : v6;
            return v4.isEmpty() ? v6 : v6.isEmpty() ? v4 : v4 + "," + v6;
        }

        /** As DuckDNS documents it: OK, and with verbose=true the addresses and UPDATED. */
        static String duckOk(Map<String, String> q) {
            return "true".equals(q.get("verbose"))
                    ? "OK\n" + q.getOrDefault("ip", "") + "\n" + q.getOrDefault("ipv6", "") + "\nUPDATED"
                    : "OK";
        }

        static Map<String, String> params(String raw) {
            Map<String, String> m = new LinkedHashMap<>();
            if (raw == null || raw.isEmpty()) {
                return m;
            }
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                m.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return m;
        }

        @Override
        public void close() {
            http.stop(0);
            https.stop(0);
        }
    }

    // ---- running programs

    record Result(int exit, String out) {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
