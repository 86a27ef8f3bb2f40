package org.hearthsync.transport.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hearthsync.api.net.AddressService;
import org.hearthsync.transport.Listeners;
import org.hearthsync.transport.ServerUrls;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

/**
 * Knows where Hearth is reachable once its listeners really accept connections, and tells the
 * person who started it, in a few plain lines on standard output: where to point a phone, where
 * the setup page is and where the console is. Printed again when the ports change; not a log, so
 * it does not depend on the log level.
 *
 * <p>"Up" is decided by connecting to the ports, not from the runtimes' advertised endpoints:
 * those list only non-loopback addresses, so a computer without a network would never look up.
 */
@Component(immediate = true, service = ServerUrls.class)
public final class StartupBanner implements ServerUrls {
    static final long PROBE_INTERVAL_MS = 100;
    static final int PROBE_ATTEMPTS = 600;
    static final int ADDRESS_WAIT_ATTEMPTS = 30;

    private final ListenerConfigurator listeners;
    private final Set<String> runtimes = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hearth-listener-probe");
        t.setDaemon(true);
        return t;
    });
    private final PrintStream out = System.out;
    private volatile AddressService addresses;
    private volatile ListenerSettings upSettings;
    private String lastPrinted;

    @Activate
    public StartupBanner(@Reference ListenerConfigurator listeners) {
        this.listeners = listeners;
        scheduleProbe();
    }

    @Deactivate
    void deactivate() {
        probe.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setAddresses(AddressService a) {
        this.addresses = a;
    }

    void unsetAddresses(AddressService a) {
        if (this.addresses == a) {
            this.addresses = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + Listeners.PROPERTY + "=*)")
    void addRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        runtimes.add(String.valueOf(props.get(Listeners.PROPERTY)));
        upSettings = null;
        scheduleProbe();
    }

    void updatedRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        addRuntime(runtime, props);
    }

    void removeRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        runtimes.remove(String.valueOf(props.get(Listeners.PROPERTY)));
        upSettings = null;
    }

    private void scheduleProbe() {
        if (!probe.isShutdown()) {
            probe.execute(() -> probeUntilUp(PROBE_ATTEMPTS));
        }
    }

    private void probeUntilUp(int attemptsLeft) {
        ListenerSettings s = listeners.settings();
        if (s == null || s.equals(upSettings)) {
            return;
        }
        // the address service usually arrives with the listeners; give it a moment so the banner names the LAN address
        boolean addressPending = addresses == null && attemptsLeft > PROBE_ATTEMPTS - ADDRESS_WAIT_ATTEMPTS;
        if (!addressPending && runtimes.contains(Listeners.PUBLIC) && runtimes.contains(Listeners.CONSOLE)
                && accepts(s.bindAddress(), s.easPort()) && accepts(s.bindAddress(), s.setupPort())
                && accepts(s.consoleHost(), s.consolePort()) && (!s.davLoopback()
                        || runtimes.contains(Listeners.DAV_LOOPBACK) && accepts(ListenerConfigurator.DAV_LOOPBACK_HOST,
                                s.davLoopbackPort()))) {
            upSettings = s;
            print(s);
        } else if (attemptsLeft > 1 && !probe.isShutdown()) {
            probe.schedule(() -> probeUntilUp(attemptsLeft - 1), PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
    }

    static boolean accepts(String bindAddress, int port) {
        String host = bindAddress == null || bindAddress.isEmpty() || "0.0.0.0".equals(bindAddress) ? "127.0.0.1" : bindAddress;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private boolean up() {
        ListenerSettings up = upSettings;
        return up != null && up.equals(listeners.settings());
    }

    @Override
    public Optional<String> easServer() {
        return up() ? Optional.of(host() + ":" + upSettings.easPort()) : Optional.empty();
    }

    @Override
    public Optional<String> easUrl() {
        return easServer().map(server -> "https://" + server + Listeners.EAS_PATH);
    }

    @Override
    public Optional<String> setupUrl() {
        return up() ? Optional.of("http://" + host() + ":" + upSettings.setupPort() + "/") : Optional.empty();
    }

    @Override
    public Optional<String> consoleUrl() {
        return up() ? Optional.of(consoleUrl(upSettings)) : Optional.empty();
    }

    @Override
    public Optional<String> davLoopbackUrl() {
        return up() && upSettings.davLoopback() ? Optional.of(davLoopbackUrl(upSettings)) : Optional.empty();
    }

    private static String davLoopbackUrl(ListenerSettings s) {
        return "http://" + ListenerConfigurator.DAV_LOOPBACK_HOST + ":" + s.davLoopbackPort() + "/dav/";
    }

    private static String consoleUrl(ListenerSettings s) {
        return "http://127.0.0.1:" + s.consolePort() + "/system/console";
    }

    private synchronized void print(ListenerSettings s) {
        String text = bannerText(s, host());
        if (!text.equals(lastPrinted)) {
            lastPrinted = text;
            out.print(text);
            out.flush();
        }
    }

    private String host() {
        AddressService a = addresses;
        Optional<InetAddress> primary = a == null ? Optional.empty() : a.primaryAddress();
        return primary.map(StartupBanner::literal).orElse("localhost");
    }

    private static String literal(InetAddress a) {
        String h = a.getHostAddress();
        return h.indexOf(':') >= 0 ? "[" + h + "]" : h;
    }

    static String bannerText(ListenerSettings s, String host) {
        return "Hearth is running.\n"
                + "  Phones (Exchange account): server " + host + ":" + s.easPort() + "  (https://" + host + ":"
                + s.easPort() + Listeners.EAS_PATH + ")\n"
                + "  Setup page for phones:     http://" + host + ":" + s.setupPort() + "/\n"
                + (s.davLoopback() ? "  Calendars and contacts for programs on this computer (CalDAV/CardDAV, plain HTTP): "
                        + davLoopbackUrl(s) + "\n" : "")
                + "  Console (this computer):   " + consoleUrl(s) + "\n";
    }
}
