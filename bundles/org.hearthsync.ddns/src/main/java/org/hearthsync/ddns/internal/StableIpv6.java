package org.hearthsync.ddns.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses a stable IPv6 address for the AAAA record. A check-IP service sees the address the
 * operating system picked for the outgoing connection, which on most desktops is a temporary
 * (privacy, RFC 8981) address that changes about once a day: putting that into DNS would make
 * the name point at an address that soon stops working and make every rotation an update. When
 * the observed address is one of this computer's own and it is temporary or deprecated, the
 * computer's stable address on the same prefix is used instead.
 *
 * <p>Where the flags come from: on Linux {@code /proc/net/if_inet6} (flag {@code IFA_F_TEMPORARY}
 * 0x01, {@code IFA_F_DEPRECATED} 0x20, {@code IFA_F_TENTATIVE} 0x40, {@code IFA_F_DADFAILED} 0x08);
 * on macOS and the BSDs the words {@code temporary}, {@code deprecated}, {@code tentative} and
 * {@code duplicated} in {@code ifconfig} output; on Windows the address type {@code Temporary} and
 * the DAD state {@code Deprecated} in {@code netsh interface ipv6 show addresses} (English
 * output). Where none of these can be read, the observed address is used as it is.
 */
final class StableIpv6 {
    private static final Logger LOG = LoggerFactory.getLogger(StableIpv6.class);

    static final int TEMPORARY = 0x01;
    static final int DADFAILED = 0x08;
    static final int DEPRECATED = 0x20;
    static final int TENTATIVE = 0x40;
    static final int PERMANENT = 0x80;
    private static final int UNUSABLE = TEMPORARY | DADFAILED | DEPRECATED | TENTATIVE;

    /** One of this computer's IPv6 addresses with what the system says about it. */
    record Local(Inet6Address address, int prefixLength, int flags) {
        boolean stable() {
            return (flags & UNUSABLE) == 0;
        }
    }

    private final Supplier<List<Local>> locals;

    StableIpv6(Supplier<List<Local>> locals) {
        this.locals = locals;
    }

    /** Reads this computer's addresses the best way its operating system allows. */
    static StableIpv6 system() {
        return new StableIpv6(StableIpv6::readSystem);
    }

    /**
     * The address to publish for {@code observed}: itself when it is not one of this computer's
     * addresses (another machine, NAT66, the router's answer) or when it is stable; else this
     * computer's stable address on the same prefix (else on any public prefix); {@code null} when
     * the computer has only temporary addresses.
     */
    InetAddress choose(InetAddress observed) {
        if (!(observed instanceof Inet6Address)) {
            return observed;
        }
        List<Local> all;
        try {
            all = locals.get();
        } catch (RuntimeException e) {
            LOG.debug("cannot read this computer's IPv6 addresses: {}", e.toString());
            return observed;
        }
        Optional<Local> own = all.stream().filter(l -> l.address().equals(observed)).findFirst();
        if (own.isEmpty() || own.get().stable()) {
            return observed;
        }
        int prefix = own.get().prefixLength() > 0 && own.get().prefixLength() <= 128 ? own.get().prefixLength() : 64;
        Comparator<Local> order = Comparator.comparing((Local l) -> !samePrefix(l.address(), observed, prefix))
                .thenComparing(l -> (l.flags() & PERMANENT) == 0)
                .thenComparing(l -> HexFormat.of().formatHex(l.address().getAddress()));
        Optional<Local> stable = all.stream().filter(Local::stable).filter(l -> Addresses.isPublic(l.address()))
                .min(order);
        if (stable.isEmpty()) {
            LOG.debug("the public IPv6 address {} is temporary and this computer has no stable one: no IPv6 is used",
                    observed.getHostAddress());
            return null;
        }
        LOG.debug("using the stable IPv6 address {} rather than the temporary {}", stable.get().address().getHostAddress(),
                observed.getHostAddress());
        return stable.get().address();
    }

    static boolean samePrefix(InetAddress a, InetAddress b, int bits) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((x[i / 8] & mask) != (y[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    // ---- reading the system's addresses

    static List<Local> readSystem() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path proc = Path.of("/proc/net/if_inet6");
        try {
            if (Files.isReadable(proc)) {
                return parseProcNetIfInet6(Files.readString(proc, StandardCharsets.US_ASCII));
            }
            if (os.startsWith("windows")) {
                return parseNetsh(run("netsh", "interface", "ipv6", "show", "addresses"));
            }
            if (os.contains("mac") || os.contains("bsd") || os.contains("darwin")) {
                return parseIfconfig(run("ifconfig", "-a"));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read this computer's IPv6 addresses: {}", e.toString());
        }
        return List.of();
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            // the listing of a computer's addresses is small; more than this is not a listing
            byte[] out = in.readNBytes(256 * 1024);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return "";
        }
    }

    /** Lines {@code ADDRESS32HEX IFINDEX PREFIXLEN SCOPE FLAGS NAME}, numbers in hex. */
    static List<Local> parseProcNetIfInet6(String text) {
        List<Local> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || f[0].length() != 32) {
                continue;
            }
            try {
                byte[] raw = HexFormat.of().parseHex(f[0]);
                InetAddress a = InetAddress.getByAddress(raw);
                if (a instanceof Inet6Address v6) {
                    out.add(new Local(v6, Integer.parseInt(f[2], 16), Integer.parseInt(f[4], 16)));
                }
            } catch (IOException | IllegalArgumentException e) {
                // a line this reader does not understand is skipped
            }
        }
        return out;
    }

    /** macOS/BSD {@code ifconfig}: {@code inet6 ADDRESS[%scope] prefixlen N [autoconf] [temporary] [deprecated]...}. */
    static List<Local> parseIfconfig(String text) {
        List<Local> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || !f[0].equals("inet6")) {
                continue;
            }
            String literal = f[1].contains("%") ? f[1].substring(0, f[1].indexOf('%')) : f[1];
            Optional<InetAddress> a = Addresses.literal(literal);
            if (a.isEmpty() || !(a.get() instanceof Inet6Address v6)) {
                continue;
            }
            List<String> words = Arrays.asList(f);
            int prefix = 64;
            int i = words.indexOf("prefixlen");
            if (i >= 0 && i + 1 < f.length && f[i + 1].matches("\\d{1,3}")) {
                prefix = Integer.parseInt(f[i + 1]);
            }
            int flags = (words.contains("temporary") ? TEMPORARY : 0) | (words.contains("deprecated") ? DEPRECATED : 0)
                    | (words.contains("tentative") ? TENTATIVE : 0) | (words.contains("duplicated") ? DADFAILED : 0);
            out.add(new Local(v6, prefix, flags));
        }
        return out;
    }

    /**
     * Windows {@code netsh interface ipv6 show addresses}: rows {@code TYPE DADSTATE VALID PREFERRED ADDRESS}
     * such as {@code Temporary  Preferred  6d23h59m  23h59m  2001:db8::1}. The prefix length is not shown;
     * 64 is assumed.
     */
    static List<Local> parseNetsh(String text) {
        List<Local> out = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3) {
                continue;
            }
            String literal = f[f.length - 1];
            literal = literal.contains("%") ? literal.substring(0, literal.indexOf('%')) : literal;
            Optional<InetAddress> a = Addresses.literal(literal);
            if (a.isEmpty() || !(a.get() instanceof Inet6Address v6)) {
                continue;
            }
            String type = f[0].toLowerCase(Locale.ROOT);
            String state = f[1].toLowerCase(Locale.ROOT);
            int flags = (type.equals("temporary") ? TEMPORARY : 0) | (state.equals("deprecated") ? DEPRECATED : 0)
                    | (state.equals("tentative") ? TENTATIVE : 0) | (state.equals("duplicate") ? DADFAILED : 0)
                    | (type.equals("manual") ? PERMANENT : 0);
            out.add(new Local(v6, 64, flags));
        }
        return out;
    }
}
