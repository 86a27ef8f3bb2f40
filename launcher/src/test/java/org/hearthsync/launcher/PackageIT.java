package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installable package as a user gets it: the .deb (made by src/installer/Package.java with jlink and jpackage)
 * unpacked into an empty folder with {@code dpkg-deb -x}, run with a PATH that holds no Java, creates an account
 * and serves a phone over TLS; its background service is a systemd user unit that {@code systemd-analyze verify}
 * accepts and whose ExecStart runs the packaged launcher.
 */
class PackageIT {
    static final String USER = "alice";
    static final String PASSWORD = "packaged-secret-1";

    @Test
    void theDebRunsWithoutJavaCreatesAnAccountAndServesAPhone(@TempDir Path tmp) throws Exception {
        Path app = PackagedHearth.extract(PackagedHearth.deb(), tmp.resolve("root"));
        Path hearth = app.resolve("bin/hearth");
        assertTrue(Files.isExecutable(hearth), "the package holds the launcher " + hearth);
        assertTrue(Files.isExecutable(app.resolve("lib/runtime/bin/java")), "and its own runtime");

        Path noJava = Files.createDirectories(tmp.resolve("bin"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", noJava.toString());
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        assertFalse(Files.exists(noJava.resolve("java")));

        Path data = tmp.resolve("data");
        PeerTools.Result account = run(env, Optional.of(PASSWORD + "\n"), hearth.toString(), "--data", data.toString(),
                "--set-password", USER, "--email", "alice@home.test");
        account.assertOk("hearth --set-password");
        assertTrue(Files.readString(data.resolve("etc/org.hearthsync.account-alice.cfg")).contains("password.hash"));

        // the package's own postinst (from dpkg-deb -e), pointed at the unpacked folder instead of /: links the command
        // and records the class-data archive with a training run
        Path control = tmp.resolve("control");
        PeerTools.run(Duration.ofMinutes(2), "dpkg-deb", "-e", PackagedHearth.deb().toString(), control.toString()).assertOk("dpkg-deb -e");
        Path postinst = tmp.resolve("postinst");
        Files.createDirectories(tmp.resolve("root/usr/bin"));
        Files.writeString(postinst, Files.readString(control.resolve("postinst")).replace("/opt/hearth", app.toString())
                .replace("/usr/bin/hearth", tmp.resolve("root/usr/bin/hearth").toString()));
        Map<String, String> scriptEnv = new HashMap<>(env);
        scriptEnv.put("PATH", "/usr/bin:/bin");
        PeerTools.Result configured = run(scriptEnv, Optional.empty(), "sh", postinst.toString(), "configure");
        assertEquals(0, configured.exitCode(), configured.out());
        assertTrue(Files.size(app.resolve("lib/app/hearth.jsa")) > 1_000_000, "the class-data archive:\n" + configured.out());
        assertEquals(hearth, Files.readSymbolicLink(tmp.resolve("root/usr/bin/hearth")));

        String consolePassword;
        int consolePort;
        try (RunningHearth server = RunningHearth.start(List.of(hearth.toString()), env, data).awaitRunning()) {
            consolePassword = server.consolePassword();
            consolePort = server.consolePort;
            // the server is the packaged launcher on the packaged runtime, not a java of the machine
            ProcessHandle.Info info = server.process.toHandle().info();
            assertEquals(hearth.toRealPath().toString(), Path.of(info.command().orElseThrow()).toRealPath().toString());
            String maps = Files.readString(Path.of("/proc", Long.toString(server.process.pid()), "maps"));
            assertTrue(maps.contains(app.resolve("lib/runtime/lib/server/libjvm.so").toString()), "runs the packaged JVM");
            assertTrue(maps.contains(app.resolve("lib/app/hearth.jsa").toString()), "maps the class-data archive");

            SSLContext tls = server.trustingHearth();
            EasTestClient client = EasTestClient.of(tls, server.easPort, USER, PASSWORD, "PackagedPhone1", "TestPhone", "16.1", false);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (client.options().status() != 200) {
                assertTrue(System.nanoTime() < deadline, "the account is up within a minute");
                Thread.sleep(200);
            }
            assertEquals(401, client.withPassword("wrong password").options().status());
            EasPhone phone = new EasPhone(client).setUp();
            String contacts = phone.folder("Contacts");
            phone.sync(contacts);
            phone.add(contacts, EasPhone.item("Contacts", "Packaged Person", "one"));
            phone.syncAll(contacts);
            EasPhone second = new EasPhone(EasTestClient.of(tls, server.easPort, USER, PASSWORD, "PackagedPhone2", "TestPhone",
                    "16.1", false)).setUp();
            second.syncAll(second.folder("Contacts"));
            assertTrue(second.items(second.folder("Contacts")).values().stream()
                    .anyMatch(e -> EasPhone.label(e).equals("Packaged Person")), "the second phone gets the first one's contact");
            assertEquals(143, server.stop(), "SIGTERM, handled");
        }

        // the background service: a systemd user unit, written for this launcher and data folder
        PeerTools.Result install = run(env, Optional.empty(), hearth.toString(), "service", "install", "--data", data.toString());
        Path unit = home.resolve(".config/systemd/user/hearth.service");
        assertTrue(Files.isRegularFile(unit), "unit written:\n" + install.out() + install.err());
        String text = Files.readString(unit);
        assertTrue(text.contains("ExecStart=\"" + hearth + "\" \"--as-service\" \"--data\" \"" + data + "\""), text);
        Path analyze = PeerTools.require("systemd-analyze", "systemd");
        PeerTools.Result verify = PeerTools.run(Duration.ofMinutes(2), analyze.toString(), "verify", "--man=false", unit.toString());
        assertEquals(0, verify.exitCode(), "systemd-analyze verify:\n" + verify.out() + verify.err());
        // it warns about unknown keys and sections without failing: a unit it has nothing to say about
        assertEquals("", (verify.out() + verify.err()).strip(), "systemd-analyze verify has remarks");

        // what systemd runs: the unit's ExecStart words, as systemd splits them; the log goes to DATA/logs
        String execStart = text.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow().substring("ExecStart=".length());
        List<String> words = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(execStart);
        while (m.find()) {
            words.add(m.group(1).replace("%%", "%").replace("$$", "$").replaceAll("\\\\(.)", "$1"));
        }
        assertEquals(List.of(hearth.toString(), "--as-service", "--data", data.toString()), words);
        // a new console password, made while the service runs: it must reach no log, only the owner-only file
        Files.delete(data.resolve("console/admin.pwd"));
        ProcessBuilder service = new ProcessBuilder(words).redirectErrorStream(true).redirectOutput(tmp.resolve("service.out").toFile());
        service.environment().clear();
        service.environment().putAll(env);
        service.environment().put("HEARTH_UPNP", "off");
        Process p = service.start();
        try {
            Path log = data.resolve("logs/hearth.log");
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!(Files.exists(log) && Files.readString(log).contains("Hearth is running."))) {
                assertTrue(p.isAlive(), "the service's Hearth ended:\n" + Files.readString(tmp.resolve("service.out")));
                assertTrue(System.nanoTime() < deadline, "the service's Hearth logs that it runs");
                Thread.sleep(200);
            }
            assertTrue(Files.readString(tmp.resolve("service.out")).contains("Hearth logs to " + log));
            Path shown = data.resolve("console/first-password.txt");
            assertTrue(Files.readString(log).contains(shown.toString()), "the log names the password's file");
            String servicePassword = ServiceSecretsIT.line(Files.readString(shown), "password: ");
            assertFalse(servicePassword.equals(consolePassword));
            consolePassword = servicePassword;
            PeerTools.Result shownByStatus = run(env, Optional.empty(), hearth.toString(), "service", "status", "--data", data.toString());
            assertTrue(shownByStatus.out().contains("user admin, password " + consolePassword), shownByStatus.out());
            // the console's status page says the service is installed and that this Hearth is it
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest status = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + consolePort + "/system/console/hearth/fragment.htm"))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            ("admin:" + servicePassword).getBytes(StandardCharsets.UTF_8))).build();
            String page = "";
            while (!page.contains("id='service'")) {
                assertTrue(System.nanoTime() < deadline, "the console's status shows the service:\n" + page);
                Thread.sleep(500);
                try {
                    page = http.send(status, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException notYet) {
                    page = notYet.toString();
                }
            }
            assertTrue(page.contains("yes: systemd user unit " + unit), page);
            assertTrue(page.contains("runs as the background service"), page);
        } finally {
            p.toHandle().destroy();
            assertTrue(p.waitFor(40, java.util.concurrent.TimeUnit.SECONDS), "stops on SIGTERM");
        }
        assertTrue(Files.readString(data.resolve("logs/hearth.log")).contains("Hearth stopped."));
        assertFalse(Files.exists(data.resolve("console/first-password.txt")), "deleted at the first sign-in");
        // every log the package and its service wrote: the rotating log, what systemd's journal would get, the
        // installer's (postinst and its training run)
        ServiceSecretsIT.assertNoFileHolds(data.resolve("logs"), consolePassword);
        assertFalse(Files.readString(tmp.resolve("service.out")).contains(consolePassword), "the journal holds the password");
        assertFalse(configured.out().matches("(?s).*user admin, password \\S+.*"), "the installer's output:\n" + configured.out());

        PeerTools.Result status = run(env, Optional.empty(), hearth.toString(), "service", "status", "--data", data.toString());
        assertTrue(status.out().contains("installed: systemd user unit " + unit), status.out());
    }

    static PeerTools.Result run(Map<String, String> env, Optional<String> stdin, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            if (stdin.isPresent()) {
                in.write(stdin.get().getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor();
        return new PeerTools.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), "");
    }
}
