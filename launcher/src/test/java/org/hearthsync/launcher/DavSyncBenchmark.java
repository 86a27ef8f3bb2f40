package org.hearthsync.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.hearthsync.auth.PasswordHash;

/**
 * vdirsyncer's initial sync of an address book and a calendar (both directions configured, the local side empty)
 * from Hearth's DAV server and from Radicale holding the same items, on this machine. Not a test: see
 * launcher/BENCHMARK-dav.md for the command and the results. Arguments: pairs of contact and event counts, for
 * example {@code 1000 400 5000 2000}.
 */
public final class DavSyncBenchmark {
    static final String USER = "bench";
    static final String PASSWORD = "bench password 1";

    private DavSyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<int[]> sizes = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            sizes.add(new int[] { Integer.parseInt(args[i]), Integer.parseInt(args[i + 1]) });
        }
        if (sizes.isEmpty()) {
            sizes = List.of(new int[] { 1000, 400 }, new int[] { 5000, 2000 });
        }
        Path vdirsyncer = PeerTools.find("vdirsyncer").orElseThrow(() -> new IllegalStateException("install vdirsyncer"));
        List<String> modes = List.of(System.getProperty("dav.bench.modes", "tls,http,radicale").split(","));
        System.out.println("load before: " + PeerTools.run(Duration.ofSeconds(10), "uptime").out().strip());
        System.out.println("per server: wall s of the measured sync / vdirsyncer's CPU s (user+sys) / server CPU s");
        System.out.println("contacts  events  " + String.join("  ", modes.stream().map(m -> String.format(Locale.ROOT,
                "%-22s", m)).toList()) + "  radicale/tls  radicale/http  radicale/floor");
        for (int[] n : sizes) {
            Path tmp = Files.createTempDirectory("dav-bench");
            java.util.Map<String, Measured> m = new java.util.LinkedHashMap<>();
            for (String mode : modes) {
                m.put(mode, "radicale".equals(mode) ? radicale(tmp.resolve(mode), vdirsyncer, n[0], n[1])
                        : hearth(tmp.resolve(mode), vdirsyncer, n[0], n[1], mode));
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%8d  %6d", n[0], n[1]));
            for (Measured x : m.values()) {
                line.append(String.format(Locale.ROOT, "  %6.1f / %5.1f / %5.1f", x.wall, x.clientCpu, x.serverCpu));
            }
            for (String hearthMode : List.of("tls", "http", "floor")) {
                line.append(m.containsKey("radicale") && m.containsKey(hearthMode)
                        ? String.format(Locale.ROOT, "  %12.2f", m.get("radicale").wall / m.get(hearthMode).wall) : "  -");
            }
            System.out.println(line);
        }
        System.out.println("load after: " + PeerTools.run(Duration.ofSeconds(10), "uptime").out().strip());
    }

    /**
     * One measured sync: the wall time of the vdirsyncer process, the CPU time it used (user and system, from
     * /usr/bin/time), and the CPU time the server process used meanwhile: where the time goes.
     */
    record Measured(double wall, double clientCpu, double serverCpu) {
    }

    static String card(int i) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bench-c-" + i + "\r\nFN:Person " + i + "\r\nN:" + i + ";Person;;;\r\n"
                + "EMAIL;TYPE=INTERNET:person" + i + "@example.org\r\nTEL;TYPE=CELL:+1555" + (1000000 + i) + "\r\nEND:VCARD\r\n";
    }

    static String event(int i) {
        String day = String.format(Locale.ROOT, "2026%02d%02d", 1 + i % 12, 1 + i % 28);
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VEVENT\r\nUID:bench-e-" + i + "\r\nDTSTAMP:20260101T000000Z\r\n"
                + "DTSTART:" + day + "T090000Z\r\nDTEND:" + day + "T100000Z\r\nSUMMARY:Meeting " + i + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    /**
     * Hearth over TLS ({@code tls}), over the loopback plain-HTTP port ({@code http}), or the replay of what it
     * answered over that port ({@code floor}): see {@link ReplayDavServer}.
     */
    private static Measured hearth(Path dir, Path vdirsyncer, int contacts, int events, String mode) throws Exception {
        boolean loopbackHttp = !"tls".equals(mode);
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("etc"));
        Files.writeString(data.resolve("etc").resolve("org.hearthsync.account-bench.cfg"), "user.name = " + USER
                + "\nemail.address = bench@hearth.test\n.password.hash = " + PasswordHash.hash(PASSWORD.toCharArray()) + "\n");
        Path files = dir.resolve("import");
        Files.createDirectories(files);
        StringBuilder vcf = new StringBuilder();
        for (int i = 0; i < contacts; i++) {
            vcf.append(card(i));
        }
        Files.writeString(files.resolve("contacts.vcf"), vcf);
        for (int i = 0; i < events; i++) {
            Files.writeString(files.resolve("e" + i + ".ics"), event(i));
        }
        PeerTools.run(Duration.ofMinutes(10), Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                RunningHearth.dist().resolve("hearth.jar").toString(), "--data", data.toString(), "--import", files.toString())
                .assertOk("hearth --import");
        int loopbackPort = RunningHearth.freePorts(1)[0];
        String[] args = loopbackHttp ? new String[] { "--dav-loopback-port", Integer.toString(loopbackPort) } : new String[0];
        try (RunningHearth h = RunningHearth.start(data, args).awaitRunning()) {
            if ("floor".equals(mode)) {
                // a first sync straight to Hearth warms it, so that the recording shows a warm server's latencies
                once(dir.resolve("warm-direct"), vdirsyncer, "http://127.0.0.1:" + loopbackPort + "/dav/", USER, PASSWORD, "",
                        h.process.toHandle());
                try (ReplayDavServer replay = new ReplayDavServer(java.net.URI.create("http://127.0.0.1:" + loopbackPort))) {
                    Measured floor = sync(dir, vdirsyncer, replay.base("/dav/").toString(), USER, PASSWORD, "",
                            ProcessHandle.current(), replay::replay);
                    if (replay.misses() > 0) {
                        throw new IllegalStateException(replay.misses() + " requests of the measured sync were never recorded");
                    }
                    System.out.println("floor: " + replay.recordedCount() + " distinct requests recorded, all replayed;"
                            + " Hearth's answers while recorded (ms from request to the whole response, bytes):");
                    replay.timings().forEach(t -> System.out.println("    " + t));
                    return floor;
                }
            }
            if (loopbackHttp) {
                return sync(dir, vdirsyncer, "http://127.0.0.1:" + loopbackPort + "/dav/", USER, PASSWORD, "",
                        h.process.toHandle(), () -> { });
            }
            String url = "https://localhost:" + h.easPort + "/dav/";
            return sync(dir, vdirsyncer, url, USER, PASSWORD, "verify = \"" + data.resolve("certs").resolve("ca.pem") + "\"\n",
                    h.process.toHandle(), () -> { });
        }
    }

    private static Measured radicale(Path dir, Path vdirsyncer, int contacts, int events) throws Exception {
        Files.createDirectories(dir);
        try (Radicale r = Radicale.start(dir)) {
            r.createCollections();
            Path root = r.storage.resolve("collection-root").resolve(Radicale.USER);
            for (int i = 0; i < contacts; i++) {
                Files.writeString(root.resolve("contacts").resolve("bench-c-" + i + ".vcf"), card(i));
            }
            for (int i = 0; i < events; i++) {
                Files.writeString(root.resolve("calendar").resolve("bench-e-" + i + ".ics"), event(i));
            }
            return sync(dir, vdirsyncer, r.url().toString(), Radicale.USER, Radicale.PASSWORD, "", r.process().toHandle(),
                    () -> { });
        }
    }

    /**
     * Seconds of {@code vdirsyncer sync} after {@code discover}, into empty local folders; after one unreported
     * warm-up sync into other folders, so that neither server is measured cold (a JVM's first requests run
     * interpreted; Radicale fills its item cache).
     */
    private static Measured sync(Path dir, Path vdirsyncer, String url, String user, String password, String extra,
            ProcessHandle server, Runnable afterWarmUp) throws Exception {
        // -Ddav.bench.local=/dev/shm puts vdirsyncer's own files (status database, local storages) on a RAM disk:
        // the same for every server, it shows how much of the wall time is the client writing to disk
        String local = System.getProperty("dav.bench.local", "");
        Path base = local.isBlank() ? dir : Files.createTempDirectory(Path.of(local), "dav-bench-local");
        once(base.resolve("warm-up"), vdirsyncer, url, user, password, extra, server);
        afterWarmUp.run();
        return once(base.resolve("measured"), vdirsyncer, url, user, password, extra, server);
    }

    private static double cpuSeconds(ProcessHandle p) {
        return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static Measured once(Path v, Path vdirsyncer, String url, String user, String password, String extra,
            ProcessHandle server) throws Exception {
        Files.createDirectories(v);
        StringBuilder c = new StringBuilder("[general]\nstatus_path = \"" + v.resolve("status") + "/\"\n");
        for (String[] kind : new String[][] { { "cal", "caldav", ".ics" }, { "card", "carddav", ".vcf" } }) {
            c.append("\n[pair ").append(kind[0]).append("]\na = \"remote_").append(kind[0]).append("\"\nb = \"local_")
                    .append(kind[0]).append("\"\ncollections = [\"from a\"]\n\n[storage remote_").append(kind[0])
                    .append("]\ntype = \"").append(kind[1]).append("\"\nurl = \"").append(url).append("\"\nusername = \"")
                    .append(user).append("\"\npassword = \"").append(password).append("\"\n").append(extra)
                    .append("\n[storage local_").append(kind[0]).append("]\ntype = \"filesystem\"\npath = \"")
                    .append(v.resolve(kind[0])).append("/\"\nfileext = \"").append(kind[2]).append("\"\n");
        }
        Path config = v.resolve("config");
        Files.writeString(config, c.toString());
        PeerTools.run(Duration.ofMinutes(5), Optional.of("y\n".repeat(10).getBytes(StandardCharsets.UTF_8)),
                List.of(vdirsyncer.toString(), "-c", config.toString(), "discover")).assertOk("discover");
        Path times = v.resolve("time");
        double server0 = cpuSeconds(server);
        long t0 = System.nanoTime();
        PeerTools.run(Duration.ofMinutes(30), "/usr/bin/time", "-f", "%U %S", "-o", times.toString(), vdirsyncer.toString(),
                "-c", config.toString(), "sync").assertOk("sync");
        double wall = (System.nanoTime() - t0) / 1e9;
        String[] us = Files.readString(times).strip().split("\\s+");
        return new Measured(wall, Double.parseDouble(us[us.length - 2]) + Double.parseDouble(us[us.length - 1]),
                cpuSeconds(server) - server0);
    }
}
