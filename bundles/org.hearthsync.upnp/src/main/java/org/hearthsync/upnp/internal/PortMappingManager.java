package org.hearthsync.upnp.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.hearthsync.api.ddns.PublicAddressSource;
import org.hearthsync.api.listener.ListenerPorts;
import org.hearthsync.api.net.AddressService;
import org.hearthsync.api.portmap.PortMappingReport;
import org.hearthsync.api.portmap.PortMappingStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component behind "reachable from anywhere": forwards the EAS and setup ports (and port 80 for
 * ACME) from the router to this computer, keeps them, and removes them when it stops. Reads its own
 * configuration ({@code org.hearthsync.upnp}) and the listeners the transport publishes
 * ({@link ListenerPorts}), following their changes, so the forwardings follow the listener ports;
 * without listeners nothing is forwarded. Also tells the dynamic DNS updater the router's public address.
 */
@Component(immediate = true, configurationPid = PortMappingManager.PID,
        service = { PortMappingStatus.class, PublicAddressSource.class })
@Designate(ocd = UpnpConfig.class)
public final class PortMappingManager implements PortMappingStatus, PublicAddressSource {
    static final String PID = org.hearthsync.upnp.UpnpSettings.PID;
    static final String EAS_DESCRIPTION = "Hearth EAS";
    static final String SETUP_DESCRIPTION = "Hearth setup";
    static final String ACME_DESCRIPTION = "Hearth setup (ACME)";

    private static final Logger LOG = LoggerFactory.getLogger(PortMappingManager.class);

    private final ExecutorScheduler scheduler = new ExecutorScheduler();
    private final MappingManager manager;
    private volatile AddressService addresses;
    private volatile UpnpConfig config;
    private volatile ListenerPorts listeners;

    @Activate
    public PortMappingManager(@Reference UpnpGateway gateway, UpnpConfig config) {
        this.config = config;
        this.manager = new MappingManager(gateway, this::primaryAddress, Clock.systemUTC(), scheduler,
                settings(config, TransportPorts.from(listeners), System.getenv(IgdPortMapper.ENV_SWITCH)));
        manager.start();
    }

    @Modified
    void modified(UpnpConfig config) {
        this.config = config;
        reconfigure();
    }

    /** The transport's listeners came, moved (its settings changed) or went: the forwardings follow. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedListeners")
    void setListeners(ListenerPorts l) {
        this.listeners = l;
        reconfigureIfStarted();
    }

    void updatedListeners(ListenerPorts l) {
        reconfigureIfStarted();
    }

    void unsetListeners(ListenerPorts l) {
        if (this.listeners == l) {
            this.listeners = null;
            reconfigureIfStarted();
        }
    }

    /** DS binds dynamic references after the constructor; the check only guards against a bind during it. */
    private void reconfigureIfStarted() {
        if (manager != null) {
            reconfigure();
        }
    }

    private void reconfigure() {
        manager.configure(settings(config, TransportPorts.from(listeners), System.getenv(IgdPortMapper.ENV_SWITCH)));
    }

    @Deactivate
    void deactivate() {
        manager.stop();
        scheduler.close();
        LOG.debug("port forwarding stopped; forwardings removed");
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

    private Optional<InetAddress> primaryAddress() {
        AddressService a = addresses;
        return a == null ? Optional.empty() : a.primaryAddress();
    }

    static MappingManager.Settings settings(UpnpConfig c, TransportPorts p, String envSwitch) {
        if (p == null) {
            return new MappingManager.Settings(c.enabled(), Duration.ofMinutes(Math.max(1, c.renewal_minutes())),
                    Math.max(0, c.lease_seconds()), List.of(), "Hearth's listeners are not running.");
        }
        List<MappingManager.Wanted> wanted = new ArrayList<>();
        wanted.add(new MappingManager.Wanted("eas", EAS_DESCRIPTION, c.eas_external_port(), ports(c.eas_fallback_ports()),
                p.easPort(), "https", "/Microsoft-Server-ActiveSync"));
        wanted.add(new MappingManager.Wanted("setup", SETUP_DESCRIPTION, c.setup_external_port(),
                ports(c.setup_fallback_ports()), p.setupPort(), "http", "/"));
        if (c.acme()) {
            // certificate authorities only ever check port 80: no fallback
            wanted.add(new MappingManager.Wanted("acme", ACME_DESCRIPTION, c.acme_external_port(), List.of(),
                    p.setupPort(), "http", "/.well-known/acme-challenge/"));
        }
        String off = null;
        if ("off".equalsIgnoreCase(envSwitch)) {
            off = "switched off by " + IgdPortMapper.ENV_SWITCH + "=off.";
        } else if (isLoopback(p.bindAddress())) {
            off = "the listeners are bound to " + p.bindAddress() + ", which nothing outside this computer reaches.";
        }
        return new MappingManager.Settings(c.enabled(), Duration.ofMinutes(Math.max(1, c.renewal_minutes())),
                Math.max(0, c.lease_seconds()), wanted, off);
    }

    private static List<Integer> ports(int[] values) {
        return Arrays.stream(values == null ? new int[0] : values).filter(v -> v > 0 && v < 65536).boxed().toList();
    }

    private static boolean isLoopback(String bind) {
        String b = bind == null ? "" : bind.trim();
        return b.equals("localhost") || b.startsWith("127.") || b.equals("::1") || b.equals("[::1]");
    }

    // ---- PortMappingStatus

    @Override
    public PortMappingReport report() {
        return manager.report();
    }

    @Override
    public void renewNow() {
        manager.renewNow();
    }

    // ---- PublicAddressSource

    @Override
    public Optional<InetAddress> publicIpv4() {
        return manager.publicAddress();
    }
}
