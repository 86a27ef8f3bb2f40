package org.hearthsync.dav.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;

import org.hearthsync.api.net.AddressService;
import org.hearthsync.dav.DavPaths;
import org.hearthsync.dav.DavSettings;
import org.hearthsync.dav.HomeNetworkAnnouncement;
import org.hearthsync.transport.Listeners;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces Hearth on the home network over mDNS/DNS-SD (RFC 6762, RFC 6763): the RFC 6764 service types
 * {@code _caldavs._tcp} and {@code _carddavs._tcp} on the TLS port with the TXT record {@code path=/dav/}, and the
 * setup page as {@code _http._tcp} on the plain port, so DAVx5, macOS and GNOME list the server by themselves.
 *
 * <p>JmDNS is bound to the LAN address only (the adapter that reaches the router, {@link AddressService}), never to
 * every interface: a VPN or a container bridge learns nothing. The ports are the ones actually listening, read from
 * the public HTTP runtime, and the announcements follow them and the LAN address (looked at again every
 * {@value #RECHECK_MINUTES} minutes). {@code enabled=false} in {@value #PID} (or
 * {@code HEARTH_MDNS=off} in the environment) opens no socket and sends nothing; switching off or stopping Hearth
 * withdraws the announcements (goodbye packets). JmDNS probes and announces for a few seconds, so all of it runs on
 * one thread of this component's own, never on the thread that activates components.
 */
@Component(configurationPid = DavAnnouncer.PID, service = HomeNetworkAnnouncement.class, immediate = true)
@Designate(ocd = MdnsConfig.class)
public final class DavAnnouncer implements HomeNetworkAnnouncement {
    static final String PID = DavSettings.MDNS_PID;
    static final String ENV_SWITCH = "HEARTH_MDNS";
    static final String CALDAVS = "_caldavs._tcp.local.";
    static final String CARDDAVS = "_carddavs._tcp.local.";
    static final String HTTP = "_http._tcp.local.";
    static final long RECHECK_MINUTES = 2;

    private static final Logger LOG = LoggerFactory.getLogger(DavAnnouncer.class);

    /** What is announced: the same plan twice announces nothing new. */
    record Plan(InetAddress address, String host, String name, int tlsPort, int setupPort) {
        List<ServiceInfo> services() {
            List<ServiceInfo> out = new ArrayList<>();
            if (tlsPort > 0) {
                out.add(ServiceInfo.create(CALDAVS, name, tlsPort, 0, 0, Map.of("path", DavPaths.ROOT)));
                out.add(ServiceInfo.create(CARDDAVS, name, tlsPort, 0, 0, Map.of("path", DavPaths.ROOT)));
            }
            if (setupPort > 0) {
                out.add(ServiceInfo.create(HTTP, name + " setup", setupPort, 0, 0, Map.of("path", "/")));
            }
            return out;
        }
    }

    private final AddressService addresses;
    private final boolean networkAllowed;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hearth-mdns");
        t.setDaemon(true);
        return t;
    });
    private volatile MdnsConfig config;
    private volatile Map<String, Object> runtime;
    // touched only on the worker thread
    private JmDNS jmdns;
    private Plan announced;
    /** What the status page shows; written on the worker thread. */
    private volatile State state;

    @Activate
    public DavAnnouncer(@Reference AddressService addresses, MdnsConfig config) {
        this(addresses, config, !"off".equalsIgnoreCase(System.getenv(ENV_SWITCH)));
    }

    DavAnnouncer(AddressService addresses, MdnsConfig config, boolean networkAllowed) {
        this.addresses = addresses;
        this.config = config;
        this.networkAllowed = networkAllowed;
        this.state = State.off(idle());
        refresh();
        // the LAN address can change under a running Hearth (DHCP, another Wi-Fi): look again now and then; an
        // unchanged plan announces nothing new
        worker.scheduleWithFixedDelay(() -> apply(plan()), RECHECK_MINUTES, RECHECK_MINUTES, TimeUnit.MINUTES);
    }

    @Modified
    void modified(MdnsConfig changed) {
        this.config = changed;
        refresh();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = Listeners.PUBLIC_TARGET, updated = "setRuntime", unbind = "unsetRuntime")
    void setRuntime(HttpServiceRuntime r, Map<String, Object> props) {
        runtime = Map.copyOf(props);
        refresh();
    }

    void unsetRuntime(HttpServiceRuntime r, Map<String, Object> props) {
        runtime = null;
        refresh();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.execute(this::withdraw);
        worker.shutdown();
        // JmDNS sends its goodbyes and closes in about a second; past that, stopping Hearth does not wait for it
        if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
            LOG.debug("mDNS: withdrawal still running at stop");
        }
    }

    @Override
    public State state() {
        return state;
    }

    /** Why nothing is announced when {@link #plan()} is empty. */
    private Mode idle() {
        MdnsConfig c = config;
        return !networkAllowed ? Mode.OFF_BY_ENVIRONMENT : c != null && !c.enabled() ? Mode.OFF_BY_SETTING : Mode.WAITING;
    }

    /** The name of the interface holding {@code address}, for the status page; empty when the system does not say. */
    static String interfaceOf(InetAddress address) {
        try {
            java.net.NetworkInterface n = java.net.NetworkInterface.getByInetAddress(address);
            return n == null ? "" : n.getName();
        } catch (java.net.SocketException | RuntimeException e) {
            return "";
        }
    }

    private void refresh() {
        try {
            worker.execute(() -> apply(plan()));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // a reference changed while the component is being deactivated: the withdrawal is already queued
        }
    }

    /** What should be announced now, or empty for nothing. */
    private Optional<Plan> plan() {
        MdnsConfig c = config;
        Map<String, Object> r = runtime;
        if (!networkAllowed || c == null || !c.enabled() || r == null) {
            return Optional.empty();
        }
        Object endpoints = r.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        int tls = Listeners.endpointPort(endpoints, "https");
        int setup = Listeners.endpointPort(endpoints, "http");
        Optional<InetAddress> lan = addresses.primaryAddress();
        if (lan.isEmpty() || (tls == 0 && setup == 0)) {
            return Optional.empty();
        }
        // a computer whose name resolves to nothing better than localhost is announced by its address
        String host = hostLabel(addresses.hostNames().stream()
                .filter(n -> !n.equalsIgnoreCase("localhost") && !n.toLowerCase(java.util.Locale.ROOT).startsWith("localhost."))
                .findFirst().orElse(lan.get().getHostAddress()));
        String name = c.name().isBlank() ? "Hearth on " + host : c.name().strip();
        return Optional.of(new Plan(lan.get(), host, name, tls, setup));
    }

    /** The first label of a host name, as a DNS label for {@code NAME.local.}; an address becomes one, dashed. */
    static String hostLabel(String hostName) {
        boolean literal = hostName.contains(":") || hostName.matches("[0-9.]+");
        String first = literal ? hostName : hostName.split("\\.", 2)[0];
        String label = first.replaceAll("[^A-Za-z0-9-]", "-").replaceAll("^-+|-+$", "");
        label = label.length() > 63 ? label.substring(0, 63) : label;
        return label.isEmpty() ? "hearth" : label;
    }

    void apply(Optional<Plan> wanted) {
        if (wanted.isEmpty()) {
            state = State.off(idle());
        }
        if (Objects.equals(wanted.orElse(null), announced)) {
            return;
        }
        withdraw();
        if (wanted.isEmpty()) {
            return;
        }
        Plan p = wanted.get();
        try {
            jmdns = JmDNS.create(p.address(), p.host());
            for (ServiceInfo s : p.services()) {
                jmdns.registerService(s);
            }
            announced = p;
            state = new State(Mode.ON, p.name(), List.of(p.address().getHostAddress()), interfaceOf(p.address()), p.tlsPort(),
                    p.setupPort(), "");
            LOG.debug("mDNS: announced '{}' on {} (CalDAV/CardDAV port {}, setup page port {})", p.name(),
                    p.address().getHostAddress(), p.tlsPort(), p.setupPort());
        } catch (IOException | RuntimeException e) {
            // a computer without multicast (some VPNs, containers) still serves everything else
            LOG.warn("cannot announce Hearth on the home network from {}: {}", p.address().getHostAddress(), e.toString());
            withdraw();
            state = new State(Mode.FAILED, "", List.of(p.address().getHostAddress()), interfaceOf(p.address()), 0, 0,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private void withdraw() {
        JmDNS j = jmdns;
        jmdns = null;
        announced = null;
        if (j != null) {
            try {
                j.unregisterAllServices();
                j.close();
                LOG.debug("mDNS: announcements withdrawn");
            } catch (IOException | RuntimeException e) {
                LOG.debug("mDNS: closing: {}", e.toString());
            }
        }
    }
}
