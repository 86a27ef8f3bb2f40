package org.hearthsync.upnp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hearthsync.api.portmap.MappingResult;
import org.hearthsync.api.portmap.MappingResult.Outcome;
import org.hearthsync.api.portmap.PortMapper;
import org.hearthsync.api.portmap.PortMapping;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compact UPnP IGD control point: finds the router (SSDP, or the description address remembered
 * from an earlier run), then speaks SOAP to its WANIPConnection (v1/v2) or WANPPPConnection service:
 * AddPortMapping, DeletePortMapping, GetSpecificPortMappingEntry and GetExternalIPAddress.
 *
 * <p>No HTTP server and no eventing: Hearth only controls the router, it never needs callbacks. Every
 * request has short timeouts; discovery runs at most once per {@link #REDISCOVERY_GAP}. With
 * {@code enabled=false} in {@code org.hearthsync.upnp} (or {@code HEARTH_UPNP=off} in the environment)
 * it sends nothing at all, whoever asks.
 */
@Component(service = { PortMapper.class, UpnpGateway.class }, property = "portmap.type=upnp",
        configurationPid = PortMappingManager.PID)
public final class IgdPortMapper implements UpnpGateway {
    static final String ENV_SWITCH = "HEARTH_UPNP";
    static final Duration REDISCOVERY_GAP = Duration.ofSeconds(30);
    private static final Pattern MAX_AGE = Pattern.compile("max-age\\s*=\\s*(\\d{1,7})", Pattern.CASE_INSENSITIVE);

    private static final Logger LOG = LoggerFactory.getLogger(IgdPortMapper.class);

    private final Path memory;
    private final IgdHttp http;
    private final Duration searchWait;
    private final boolean networkAllowed;
    /** Set from the configuration when run as a component; a mapper built directly (tests, tools) is on. */
    private volatile boolean enabled = true;
    private final Set<Ssdp.Listener> listeners = new CopyOnWriteArraySet<>();

    private volatile Igd igd;
    private volatile boolean known;
    private volatile Boolean permanentOnly;
    private long lastDiscovery = Long.MIN_VALUE;
    // announcement tracking, guarded by this
    private String lastBootId;
    private long lastAliveNanos;
    private long aliveMaxAgeSeconds = 1800;
    private boolean sawByebye;

    @Activate
    public IgdPortMapper(BundleContext context, UpnpConfig config) {
        this(context.getDataFile("gateway.properties") == null ? null : context.getDataFile("gateway.properties").toPath(),
                new IgdHttp(3000, 6000), Duration.ofSeconds(3), !"off".equalsIgnoreCase(System.getenv(ENV_SWITCH)));
        configure(config);
    }

    @Modified
    void modified(UpnpConfig config) {
        configure(config);
    }

    private void configure(UpnpConfig config) {
        this.enabled = config.enabled();
    }

    private boolean mayUseNetwork() {
        return networkAllowed && enabled;
    }

    IgdPortMapper(Path memory, IgdHttp http, Duration searchWait, boolean networkAllowed) {
        this.memory = memory;
        this.http = http;
        this.searchWait = searchWait;
        this.networkAllowed = networkAllowed;
        this.known = memory != null && Files.isRegularFile(memory);
        if (!networkAllowed) {
            LOG.debug("UPnP is switched off by {}=off: no discovery, no mappings", ENV_SWITCH);
        }
    }

    @Deactivate
    void deactivate() {
        for (Ssdp.Listener l : listeners) {
            l.close();
        }
        listeners.clear();
    }

    // ---- PortMapper

    @Override
    public boolean gatewayAvailable() {
        return current(true).isPresent();
    }

    @Override
    public MappingResult map(PortMapping m) {
        Optional<Igd> found = current(true);
        if (found.isEmpty()) {
            return new MappingResult(Outcome.NO_GATEWAY, 0, "no router answered UPnP on this network");
        }
        Igd g = found.get();
        int lease = Boolean.TRUE.equals(permanentOnly) ? 0 : m.leaseSeconds();
        try {
            add(g, m, lease);
            return mapped(m, lease);
        } catch (UpnpException e) {
            if (e.code == UpnpException.ONLY_PERMANENT_LEASES_SUPPORTED && lease != 0) {
                LOG.debug("{} accepts only permanent forwardings; asking again with lease 0", g.name());
                permanentOnly = true;
                try {
                    add(g, m, 0);
                    return mapped(m, 0);
                } catch (UpnpException again) {
                    return refusal(m, again);
                } catch (IOException again) {
                    return failure(g, "AddPortMapping", again);
                }
            }
            return refusal(m, e);
        } catch (IOException e) {
            return failure(g, "AddPortMapping", e);
        }
    }

    @Override
    public void unmap(PortMapping m) {
        Optional<Igd> found = current(true);
        if (found.isEmpty()) {
            LOG.debug("cannot remove the forwarding of port {}: no router", m.externalPort());
            return;
        }
        Igd g = found.get();
        try {
            Map<String, String> entry = http.soap(g, "GetSpecificPortMappingEntry", key(m));
            String client = entry.getOrDefault("NewInternalClient", "");
            String port = entry.getOrDefault("NewInternalPort", "");
            if (!client.equals(m.internalHost()) || !port.equals(Integer.toString(m.internalPort()))) {
                LOG.debug("port {} is forwarded to {}:{}, not to this computer: left alone", m.externalPort(), client, port);
                return;
            }
        } catch (UpnpException e) {
            if (e.code == UpnpException.NO_SUCH_ENTRY) {
                LOG.debug("port {} was no longer forwarded", m.externalPort());
                return;
            }
            if (e.code != UpnpException.INVALID_ACTION && e.code != UpnpException.OPTIONAL_ACTION_NOT_IMPLEMENTED) {
                LOG.warn("{} did not say who port {} is forwarded to ({}); left alone", g.name(), m.externalPort(),
                        e.getMessage());
                return;
            }
            // the router cannot list entries: delete ours blindly, as every control point does
        } catch (IOException e) {
            failure(g, "GetSpecificPortMappingEntry", e);
            return;
        }
        try {
            http.soap(g, "DeletePortMapping", key(m));
            LOG.debug("removed the forwarding of {} port {}", m.protocol(), m.externalPort());
        } catch (UpnpException e) {
            if (e.code != UpnpException.NO_SUCH_ENTRY) {
                LOG.warn("{} refused to remove the forwarding of port {}: {}", g.name(), m.externalPort(), e.getMessage());
            }
        } catch (IOException e) {
            failure(g, "DeletePortMapping", e);
        }
    }

    @Override
    public Optional<InetAddress> externalAddress() {
        Optional<Igd> found = current(true);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Addresses.parseV4(http.soap(found.get(), "GetExternalIPAddress", Map.of()).get("NewExternalIPAddress"));
        } catch (UpnpException e) {
            LOG.debug("{} did not tell its external address: {}", found.get().name(), e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            failure(found.get(), "GetExternalIPAddress", e);
            return Optional.empty();
        }
    }

    // ---- UpnpGateway

    @Override
    public boolean gatewayKnown() {
        return known;
    }

    @Override
    public String gatewayName() {
        Igd g = igd;
        return g == null ? "" : g.name();
    }

    @Override
    public Optional<InetAddress> localAddress() {
        Igd g = igd;
        return g == null ? Optional.empty() : Optional.of(g.localAddress());
    }

    @Override
    public AutoCloseable watchAnnouncements(Runnable onReannounce) {
        if (!mayUseNetwork()) {
            return () -> {
            };
        }
        Igd g = igd;
        try {
            Ssdp.Listener l = new Ssdp.Listener(g == null ? null : g.localAddress(), m -> onNotify(m, onReannounce));
            listeners.add(l);
            return () -> {
                listeners.remove(l);
                l.close();
            };
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot listen for the router's announcements ({}); forwardings are renewed on schedule only",
                    e.toString());
            return () -> {
            };
        }
    }

    // ---- discovery

    /** The gateway in use; discovers one when asked to and none is known (at most once per gap). */
    synchronized Optional<Igd> current(boolean discover) {
        Igd g = igd;
        if (g != null || !discover || !mayUseNetwork()) {
            return Optional.ofNullable(g);
        }
        long now = System.nanoTime();
        if (lastDiscovery != Long.MIN_VALUE && now - lastDiscovery < REDISCOVERY_GAP.toNanos()) {
            return Optional.empty();
        }
        lastDiscovery = now;
        g = discover().orElse(null);
        igd = g;
        if (g != null) {
            known = true;
            remember(g);
            LOG.debug("using {} ({}) at {} as seen from {}", g.name(), g.serviceType(), g.controlUrl(),
                    g.localAddress().getHostAddress());
        }
        return Optional.ofNullable(g);
    }

    private Optional<Igd> discover() {
        Optional<URI> remembered = rememberedLocation();
        if (remembered.isPresent()) {
            try {
                Optional<Igd> g = describe(remembered.get());
                if (g.isPresent()) {
                    return g;
                }
            } catch (IOException e) {
                LOG.debug("the router remembered at {} does not answer: {}", remembered.get(), e.toString());
            }
        }
        for (int round = 0; round < 2; round++) {
            List<SsdpMessage> answers;
            try {
                answers = Ssdp.search(null, searchWait);
            } catch (IOException e) {
                LOG.debug("SSDP search failed: {}", e.toString());
                return Optional.empty();
            }
            for (SsdpMessage a : answers) {
                URI location = a.location().orElseThrow();
                // the description must come from the device that answered, never from elsewhere
                if (!location.getHost().equals(a.sender().getHostAddress())) {
                    LOG.debug("ignoring an SSDP answer from {} pointing at {}", a.sender().getHostAddress(), location);
                    continue;
                }
                try {
                    Optional<Igd> g = describe(location);
                    if (g.isPresent()) {
                        synchronized (this) {
                            lastBootId = a.bootId().isEmpty() ? null : a.bootId();
                        }
                        return g;
                    }
                } catch (IOException e) {
                    LOG.debug("gateway description at {} unusable: {}", location, e.toString());
                }
            }
        }
        return Optional.empty();
    }

    /** Reads a description and picks the WAN connection service that answers, best version first. */
    Optional<Igd> describe(URI location) throws IOException {
        DeviceDescription d = DeviceDescription.parse(http.get(location), location);
        if (d.services().isEmpty()) {
            return Optional.empty();
        }
        InetAddress local = localAddressTowards(location);
        Igd first = null;
        for (DeviceDescription.Service s : d.services()) {
            Igd candidate = new Igd(location, s.controlUrl(), s.type(), d.friendlyName(), d.udn(), local);
            if (first == null) {
                first = candidate;
            }
            try {
                Map<String, String> out = http.soap(candidate, "GetExternalIPAddress", Map.of());
                if (!out.getOrDefault("NewExternalIPAddress", "").isEmpty()) {
                    return Optional.of(candidate);
                }
            } catch (UpnpException e) {
                LOG.debug("{} of {}: {}", s.type(), d.friendlyName(), e.getMessage());
            }
        }
        return Optional.ofNullable(first);
    }

    private static InetAddress localAddressTowards(URI location) throws IOException {
        InetAddress router = Addresses.parseV4(location.getHost())
                .orElseThrow(() -> new IOException("the router's address is not an IPv4 literal: " + location));
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(router, location.getPort() > 0 ? location.getPort() : 80); // only consults the routing table
            return s.getLocalAddress();
        }
    }

    // ---- announcements

    synchronized void onNotify(SsdpMessage m, Runnable onReannounce) {
        Igd g = igd;
        String udn = m.udn();
        if (g != null && !g.udn().isEmpty() && !udn.equalsIgnoreCase(g.udn())) {
            return; // another device
        }
        String nts = m.nts();
        if ("ssdp:byebye".equals(nts)) {
            LOG.debug("the router said goodbye");
            sawByebye = true;
            return;
        }
        if (!"ssdp:alive".equals(nts)) {
            return;
        }
        long now = System.nanoTime();
        String boot = m.bootId();
        Optional<URI> location = m.location();
        boolean expired = lastAliveNanos != 0 && now - lastAliveNanos > Duration.ofSeconds(aliveMaxAgeSeconds).toNanos();
        boolean rebooted = !boot.isEmpty() && lastBootId != null && !boot.equals(lastBootId);
        boolean moved = g != null && location.isPresent() && !location.get().equals(g.location());
        boolean fresh = sawByebye || rebooted || moved || expired || g == null;
        if (!boot.isEmpty()) {
            lastBootId = boot;
        }
        lastAliveNanos = now;
        Matcher ma = MAX_AGE.matcher(m.header("CACHE-CONTROL"));
        if (ma.find()) {
            aliveMaxAgeSeconds = Math.max(60, Long.parseLong(ma.group(1)));
        }
        sawByebye = false;
        if (fresh) {
            LOG.debug("the router announced itself anew (boot {}{}{})", boot.isEmpty() ? "?" : boot,
                    moved ? ", new address" : "", expired ? ", after silence" : "");
            if (moved) {
                igd = null;
                lastDiscovery = Long.MIN_VALUE;
            } else if (g == null) {
                lastDiscovery = Long.MIN_VALUE;
            }
            onReannounce.run();
        }
    }

    // ---- helpers

    private void add(Igd g, PortMapping m, int lease) throws IOException {
        Map<String, String> args = key(m);
        args.put("NewInternalPort", Integer.toString(m.internalPort()));
        args.put("NewInternalClient", m.internalHost());
        args.put("NewEnabled", "1");
        args.put("NewPortMappingDescription", m.description());
        args.put("NewLeaseDuration", Integer.toString(Math.max(0, lease)));
        http.soap(g, "AddPortMapping", args);
    }

    private static Map<String, String> key(PortMapping m) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("NewRemoteHost", "");
        args.put("NewExternalPort", Integer.toString(m.externalPort()));
        args.put("NewProtocol", m.protocol().toUpperCase(Locale.ROOT));
        return args;
    }

    private static MappingResult mapped(PortMapping m, int lease) {
        String text = "port " + m.externalPort() + " forwarded to " + m.internalHost() + ":" + m.internalPort()
                + (lease == 0 ? " (permanent: the router accepts no lease; Hearth removes it when it stops)"
                        : " for " + lease + " s");
        return new MappingResult(Outcome.MAPPED, m.externalPort(), text);
    }

    static MappingResult refusal(PortMapping m, UpnpException e) {
        int port = m.externalPort();
        String said = " (UPnP " + e.code + (e.description.isEmpty() ? "" : " " + e.description) + ")";
        return switch (e.code) {
        case UpnpException.CONFLICT_IN_MAPPING_ENTRY ->
            new MappingResult(Outcome.CONFLICT, port, "port " + port + " is already forwarded to another computer" + said);
        case UpnpException.CONFLICT_WITH_OTHER_MECHANISMS ->
            new MappingResult(Outcome.CONFLICT, port, "port " + port + " is in use by the router itself" + said);
        case UpnpException.NOT_AUTHORIZED ->
            new MappingResult(Outcome.REFUSED, port, "the router does not allow forwarding port " + port + said);
        default -> new MappingResult(Outcome.REFUSED, port, "the router refused to forward port " + port + said);
        };
    }

    private MappingResult failure(Igd g, String action, IOException e) {
        LOG.warn("{} did not answer {}: {}", g.name(), action, e.toString());
        synchronized (this) {
            if (igd == g) {
                igd = null; // find it again next time: it may have restarted or moved
            }
        }
        return new MappingResult(Outcome.FAILED, 0, g.name() + " did not answer: " + e.getMessage());
    }

    private Optional<URI> rememberedLocation() {
        if (memory == null || !Files.isRegularFile(memory)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(memory)) {
            p.load(in);
            String l = p.getProperty("location", "");
            return l.isEmpty() ? Optional.empty() : Optional.of(new URI(l));
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            LOG.debug("cannot read the remembered router: {}", e.toString());
            return Optional.empty();
        }
    }

    private void remember(Igd g) {
        if (memory == null) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("location", g.location().toString());
        p.setProperty("udn", g.udn());
        p.setProperty("name", g.friendlyName());
        p.setProperty("service", g.serviceType());
        try {
            Files.createDirectories(memory.toAbsolutePath().getParent());
            Path tmp = memory.resolveSibling(memory.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "the UPnP router Hearth found last");
            }
            Files.move(tmp, memory, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.debug("cannot remember the router: {}", e.toString());
        }
    }
}
