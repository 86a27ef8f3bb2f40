package org.hearthsync.upnp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import org.hearthsync.api.portmap.MappingResult;
import org.hearthsync.api.portmap.MappingResult.Outcome;
import org.hearthsync.api.portmap.PortMapper;
import org.hearthsync.api.portmap.PortMapping;
import org.jupnp.model.action.ActionArgumentValue;
import org.jupnp.model.action.ActionException;
import org.jupnp.model.action.ActionInvocation;
import org.jupnp.model.message.UpnpResponse;
import org.jupnp.model.message.control.IncomingActionResponseMessage;
import org.jupnp.model.meta.Action;
import org.jupnp.model.meta.RemoteDevice;
import org.jupnp.model.meta.RemoteService;
import org.jupnp.model.types.UnsignedIntegerFourBytes;
import org.jupnp.model.types.UnsignedIntegerTwoBytes;
import org.jupnp.protocol.sync.SendingAction;
import org.jupnp.support.igd.callback.GetExternalIP;
import org.jupnp.support.igd.callback.PortMappingAdd;
import org.jupnp.support.igd.callback.PortMappingDelete;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router over UPnP IGD, through jUPnP's control point: finds the router (the description address
 * remembered from an earlier run, else an SSDP search), then calls its WANIPConnection (v1/v2) or
 * WANPPPConnection service with jUPnP's IGD support actions: AddPortMapping, DeletePortMapping,
 * GetExternalIPAddress, and GetSpecificPortMappingEntry.
 *
 * <p>No HTTP server and no eventing: Hearth only controls the router, it never needs callbacks. The
 * jUPnP stack starts on the first need and stops on {@link #deactivate()} or when UPnP is switched off.
 * Every request has short timeouts; discovery runs at most once per {@link #REDISCOVERY_GAP}. With
 * {@code enabled=false} in {@code org.hearthsync.upnp} (or {@code HEARTH_UPNP=off} in the environment)
 * it opens no socket and sends nothing at all, whoever asks.
 */
@Component(service = { PortMapper.class, UpnpGateway.class }, property = "portmap.type=upnp",
        configurationPid = PortMappingManager.PID)
public final class IgdPortMapper implements UpnpGateway {
    static final String ENV_SWITCH = "HEARTH_UPNP";
    static final Duration REDISCOVERY_GAP = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(IgdPortMapper.class);

    /** Makes a jUPnP stack that reports gateway announcements to the given handler. */
    interface Stacks {
        UpnpStack open(java.util.function.Consumer<UpnpStack.Announcement> announcements);
    }

    private final Path memory;
    private final Stacks stacks;
    private final Duration searchWait;
    private final boolean networkAllowed;
    /** Set from the configuration when run as a component; a mapper built directly (tests, tools) is on. */
    private volatile boolean enabled = true;
    private final Set<Runnable> watchers = new CopyOnWriteArraySet<>();

    private volatile Igd igd;
    private volatile boolean known;
    private volatile Boolean permanentOnly;
    /** Also reset by announcements, which arrive on jUPnP's threads and never take this object's lock. */
    private volatile long lastDiscovery = Long.MIN_VALUE;
    // guarded by this
    private UpnpStack stack;
    // announcement tracking, guarded by announceLock
    private final Object announceLock = new Object();
    private String lastBootId;
    private long lastAliveNanos;
    private long aliveMaxAgeSeconds = 1800;
    private boolean sawByebye;

    @Activate
    public IgdPortMapper(BundleContext context, UpnpConfig config) {
        this(context.getDataFile("gateway.properties") == null ? null : context.getDataFile("gateway.properties").toPath(),
                announcements -> new UpnpStack(JupnpConfiguration.household(Duration.ofSeconds(3), Duration.ofSeconds(6)),
                        announcements),
                Duration.ofSeconds(3), !"off".equalsIgnoreCase(System.getenv(ENV_SWITCH)));
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

    IgdPortMapper(Path memory, Stacks stacks, Duration searchWait, boolean networkAllowed) {
        this.memory = memory;
        this.stacks = stacks;
        this.searchWait = searchWait;
        this.networkAllowed = networkAllowed;
        this.known = memory != null && Files.isRegularFile(memory);
        if (!networkAllowed) {
            LOG.debug("UPnP is switched off by {}=off: no discovery, no mappings", ENV_SWITCH);
        }
    }

    @Deactivate
    void deactivate() {
        watchers.clear();
        standDown();
    }

    /** Forgets the router and stops jUPnP: every socket and thread it opened ends. */
    @Override
    public synchronized void standDown() {
        igd = null;
        lastDiscovery = Long.MIN_VALUE;
        closeStack();
    }

    private void closeStack() {
        if (stack != null) {
            stack.close();
            stack = null;
            LOG.debug("UPnP stack stopped");
        }
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
            ActionInvocation<RemoteService> entry = call(g, specificEntry(g.service(), m));
            String client = output(entry, "NewInternalClient");
            String port = output(entry, "NewInternalPort");
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
            call(g, new PortMappingDelete(g.service(), jupnpMapping(m, 0)) {
                @Override
                public void success(ActionInvocation invocation) {
                    // read by call()
                }

                @Override
                public void failure(ActionInvocation invocation, UpnpResponse operation, String defaultMsg) {
                    // read by call()
                }
            }.getActionInvocation());
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
            return Addresses.parseV4(externalIp(found.get().service(), found.get()));
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
        // jUPnP listens on the SSDP group while it runs (it is started by the discovery before this)
        watchers.add(onReannounce);
        return () -> watchers.remove(onReannounce);
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
        if (g == null) {
            // start afresh: the interfaces or addresses of this computer may have changed; keep listening for
            // the router's announcements only if someone waits for them
            closeStack();
            if (!watchers.isEmpty()) {
                stack();
            }
        } else {
            known = true;
            remember(g);
            LOG.debug("using {} ({}) at {} as seen from {}", g.name(), g.serviceType(), g.controlUrl(),
                    g.localAddress().getHostAddress());
        }
        return Optional.ofNullable(g);
    }

    /** The running stack, started on first use; empty when this computer has no usable network. */
    private Optional<UpnpStack> stack() {
        if (stack == null) {
            UpnpStack s = stacks.open(this::announced);
            if (!s.start()) {
                s.close();
                LOG.debug("no network interface UPnP can use");
                return Optional.empty();
            }
            stack = s;
        }
        return Optional.of(stack);
    }

    private Optional<Igd> discover() {
        Optional<UpnpStack> running = stack();
        if (running.isEmpty()) {
            return Optional.empty();
        }
        UpnpStack s = running.get();
        Optional<Igd> g = usable(s);
        if (g.isPresent()) {
            return g; // it announced itself while Hearth was not looking
        }
        Optional<Remembered> remembered = remembered();
        if (remembered.isPresent()) {
            URL location = remembered.get().location();
            try {
                s.describe(location, remembered.get().udn(), localAddressTowards(location));
                g = usable(s);
                if (g.isPresent()) {
                    return g;
                }
            } catch (IOException e) {
                LOG.debug("the router remembered at {} is unusable: {}", location, e.toString());
            }
        }
        int mx = (int) Math.max(1, Math.min(5, searchWait.toSeconds() - 1));
        for (int round = 0; round < 2; round++) {
            s.search(mx);
            // answers come within MX seconds; their descriptions take a moment more
            long deadline = System.nanoTime() + searchWait.multipliedBy(2).plusSeconds(1).toNanos();
            do {
                g = usable(s);
                if (g.isPresent()) {
                    return g;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            } while (System.nanoTime() < deadline);
        }
        return Optional.empty();
    }

    /** The first gateway in jUPnP's registry with a WAN connection service that answers. */
    private Optional<Igd> usable(UpnpStack s) {
        for (RemoteDevice d : s.gateways()) {
            try {
                Optional<Igd> g = choose(d, localAddressTowards(d.getIdentity().getDescriptorURL()));
                if (g.isPresent()) {
                    return g;
                }
            } catch (IOException e) {
                LOG.debug("gateway {} unusable: {}", d.getIdentity().getDescriptorURL(), e.toString());
            }
        }
        return Optional.empty();
    }

    /**
     * Picks the WAN connection service that answers, best version first: WANIPConnection v2, v1, then
     * WANPPPConnection. A service whose control address is on another host than the description is
     * never used (Hearth posts nowhere else).
     */
    Optional<Igd> choose(RemoteDevice device, InetAddress local) {
        String host = device.getIdentity().getDescriptorURL().getHost();
        List<Igd> candidates = new ArrayList<>();
        for (RemoteService s : device.findServices()) {
            String type = s.getServiceType().toString();
            if (!(type.startsWith(UpnpStack.WAN_IP_PREFIX) || type.startsWith(UpnpStack.WAN_PPP_PREFIX))
                    || s.getAction("AddPortMapping") == null) {
                continue;
            }
            Igd c = new Igd(device, s, local);
            try {
                URL control = c.controlUrl();
                if ("http".equalsIgnoreCase(control.getProtocol()) && control.getHost().equalsIgnoreCase(host)) {
                    candidates.add(c);
                }
            } catch (IllegalArgumentException e) {
                LOG.debug("{} of {} has an unusable control address: {}", type, c.name(), e.getMessage());
            }
        }
        candidates.sort(Comparator.comparingInt(c -> preference(c.serviceType())));
        for (Igd c : candidates) {
            try {
                if (!externalIp(c.service(), c).isEmpty()) {
                    return Optional.of(c);
                }
            } catch (IOException e) {
                LOG.debug("{} of {}: {}", c.serviceType(), c.name(), e.getMessage());
            }
        }
        return candidates.stream().findFirst();
    }

    private static int preference(String type) {
        if (type.startsWith(UpnpStack.WAN_IP_PREFIX)) {
            return type.endsWith(":2") ? 0 : 1;
        }
        return 2;
    }

    private static InetAddress localAddressTowards(URL location) throws IOException {
        InetAddress router = Addresses.parseV4(location.getHost())
                .orElseThrow(() -> new IOException("the router's address is not an IPv4 literal: " + location));
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(router, location.getPort() > 0 ? location.getPort() : 80); // only consults the routing table
            return s.getLocalAddress();
        }
    }

    // ---- announcements

    private void announced(UpnpStack.Announcement a) {
        if (onNotify(a)) {
            for (Runnable w : watchers) {
                w.run();
            }
        }
    }

    /** Whether the announcement is the router's after a restart (or its first, or after a move or silence). */
    boolean onNotify(UpnpStack.Announcement a) {
        synchronized (announceLock) {
            return isFresh(a);
        }
    }

    private boolean isFresh(UpnpStack.Announcement a) {
        Igd g = igd;
        if (g != null && !a.udn().equalsIgnoreCase(g.udn())) {
            return false; // another device
        }
        if (a.searchAnswer()) {
            // the boot the router is in when found: a later announcement with another one is a restart
            if (!a.bootId().isEmpty() && lastBootId == null) {
                lastBootId = a.bootId();
            }
            return false;
        }
        if (!a.alive()) {
            LOG.debug("the router said goodbye");
            sawByebye = true;
            return false;
        }
        long now = System.nanoTime();
        String boot = a.bootId();
        boolean expired = lastAliveNanos != 0 && now - lastAliveNanos > Duration.ofSeconds(aliveMaxAgeSeconds).toNanos();
        boolean rebooted = !boot.isEmpty() && lastBootId != null && !boot.equals(lastBootId);
        boolean moved = g != null && a.location().isPresent() && !a.location().get().equals(g.location());
        boolean fresh = sawByebye || rebooted || moved || expired || g == null;
        if (!boot.isEmpty()) {
            lastBootId = boot;
        }
        lastAliveNanos = now;
        if (a.maxAgeSeconds() > 0) {
            aliveMaxAgeSeconds = Math.max(60, a.maxAgeSeconds());
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
        }
        return fresh;
    }

    // ---- actions (jUPnP builds the SOAP requests and reads the answers)

    private void add(Igd g, PortMapping m, int lease) throws IOException {
        call(g, new PortMappingAdd(g.service(), jupnpMapping(m, lease)) {
            @Override
            public void success(ActionInvocation invocation) {
                // read by call()
            }

            @Override
            public void failure(ActionInvocation invocation, UpnpResponse operation, String defaultMsg) {
                // read by call()
            }
        }.getActionInvocation());
    }

    private String externalIp(RemoteService service, Igd g) throws IOException {
        ActionInvocation<RemoteService> done = call(g, new GetExternalIP(service) {
            @Override
            protected void success(String externalIPAddress) {
                // read by call()
            }

            @Override
            public void failure(ActionInvocation invocation, UpnpResponse operation, String defaultMsg) {
                // read by call()
            }
        }.getActionInvocation());
        return output(done, "NewExternalIPAddress");
    }

    /** jUPnP's support classes have no GetSpecificPortMappingEntry: the invocation is built from the service's own description. */
    @SuppressWarnings("unchecked")
    private static ActionInvocation<RemoteService> specificEntry(RemoteService service, PortMapping m) throws UpnpException {
        Action<RemoteService> action = service.getAction("GetSpecificPortMappingEntry");
        if (action == null) {
            throw new UpnpException(UpnpException.OPTIONAL_ACTION_NOT_IMPLEMENTED, "not in the router's description");
        }
        ActionInvocation<RemoteService> i = new ActionInvocation<>(action);
        i.setInput("NewRemoteHost", "");
        i.setInput("NewExternalPort", new UnsignedIntegerTwoBytes(m.externalPort()));
        i.setInput("NewProtocol", m.protocol().toUpperCase(Locale.ROOT));
        return i;
    }

    private static org.jupnp.support.model.PortMapping jupnpMapping(PortMapping m, int lease) {
        org.jupnp.support.model.PortMapping p = new org.jupnp.support.model.PortMapping();
        p.setEnabled(true);
        p.setLeaseDurationSeconds(new UnsignedIntegerFourBytes(Math.max(0, lease)));
        p.setRemoteHost(null);
        p.setExternalPort(new UnsignedIntegerTwoBytes(m.externalPort()));
        p.setInternalPort(new UnsignedIntegerTwoBytes(m.internalPort()));
        p.setInternalClient(m.internalHost());
        p.setProtocol(org.jupnp.support.model.PortMapping.Protocol.valueOf(m.protocol().toUpperCase(Locale.ROOT)));
        p.setDescription(m.description());
        return p;
    }

    /**
     * Sends one action on the caller's thread through jUPnP's control point.
     *
     * @throws UpnpException when the router answers with a UPnP error
     * @throws IOException   when it does not answer, or not properly
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private ActionInvocation<RemoteService> call(Igd g, ActionInvocation<?> invocation) throws IOException {
        UpnpStack s;
        synchronized (this) {
            s = stack;
        }
        if (s == null) {
            throw new IOException("UPnP is stopped");
        }
        SendingAction sending = s.controlPoint().getProtocolFactory().createSendingAction(invocation, g.controlUrl());
        sending.run();
        IncomingActionResponseMessage response = sending.getOutputMessage();
        ActionException failure = invocation.getFailure();
        if (response == null) {
            throw new IOException(failure == null ? "no answer" : failure.getMessage());
        }
        if (response.getOperation().isFailed() || failure != null) {
            if (response.getOperation().getStatusCode() == 500 && failure != null) {
                String text = failure.getMessage() == null ? "" : failure.getMessage();
                throw new UpnpException(failure.getErrorCode(), text.length() > 200 ? text.substring(0, 200) : text);
            }
            throw new IOException("HTTP " + response.getOperation().getStatusCode() + " from the router"
                    + (failure == null ? "" : ": " + failure.getMessage()));
        }
        return (ActionInvocation<RemoteService>) invocation;
    }

    private static String output(ActionInvocation<RemoteService> i, String name) {
        ActionArgumentValue<RemoteService> v = i.getOutput(name);
        return v == null || v.getValue() == null ? "" : v.toString().trim();
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

    // ---- the router found last, for a quick start without SSDP

    private record Remembered(URL location, String udn) {
    }

    private Optional<Remembered> remembered() {
        if (memory == null || !Files.isRegularFile(memory)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(memory)) {
            p.load(in);
            String l = p.getProperty("location", "");
            if (l.isEmpty()) {
                return Optional.empty();
            }
            URI u = new URI(l);
            if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(new Remembered(u.toURL(), p.getProperty("udn", "")));
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
