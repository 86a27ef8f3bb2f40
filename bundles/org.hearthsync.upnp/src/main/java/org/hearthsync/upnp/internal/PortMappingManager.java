package org.hearthsync.upnp.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.hearthsync.api.ddns.PublicAddressSource;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component behind "reachable from anywhere": forwards the EAS and setup ports (and port 80 for
 * ACME) from the router to this computer, keeps them, and removes them when it stops. Reads its own
 * configuration ({@code org.hearthsync.upnp}) and the transport's ({@code org.hearthsync.transport})
 * so the forwardings follow the listener ports. Also tells the dynamic DNS updater the router's
 * public address.
 *
 * <p>The metatype of {@code org.hearthsync.upnp} is designated by {@link IgdPortMapper}, which reads the
 * same configuration (a component with two PIDs cannot carry a designation).
 */
@Component(immediate = true, configurationPid = { PortMappingManager.PID, PortMappingManager.TRANSPORT_PID },
        service = { PortMappingStatus.class, PublicAddressSource.class })
public final class PortMappingManager implements PortMappingStatus, PublicAddressSource {
    static final String PID = "org.hearthsync.upnp";
    static final String TRANSPORT_PID = "org.hearthsync.transport";
    static final String EAS_DESCRIPTION = "Hearth EAS";
    static final String SETUP_DESCRIPTION = "Hearth setup";
    static final String ACME_DESCRIPTION = "Hearth setup (ACME)";

    private static final Logger LOG = LoggerFactory.getLogger(PortMappingManager.class);

    private final ExecutorScheduler scheduler = new ExecutorScheduler();
    private final MappingManager manager;
    private volatile AddressService addresses;

    @Activate
    public PortMappingManager(@Reference UpnpGateway gateway, UpnpConfig config, TransportPorts ports) {
        this.manager = new MappingManager(gateway, this::primaryAddress, Clock.systemUTC(), scheduler,
                settings(config, ports, System.getenv(IgdPortMapper.ENV_SWITCH)));
        manager.start();
    }

    @Modified
    void modified(UpnpConfig config, TransportPorts ports) {
        manager.configure(settings(config, ports, System.getenv(IgdPortMapper.ENV_SWITCH)));
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
        List<MappingManager.Wanted> wanted = new ArrayList<>();
        wanted.add(new MappingManager.Wanted("eas", EAS_DESCRIPTION, c.eas_external_port(), ports(c.eas_fallback_ports()),
                p.eas_port(), "https", "/Microsoft-Server-ActiveSync"));
        wanted.add(new MappingManager.Wanted("setup", SETUP_DESCRIPTION, c.setup_external_port(),
                ports(c.setup_fallback_ports()), p.setup_port(), "http", "/"));
        if (c.acme()) {
            // certificate authorities only ever check port 80: no fallback
            wanted.add(new MappingManager.Wanted("acme", ACME_DESCRIPTION, c.acme_external_port(), List.of(),
                    p.setup_port(), "http", "/.well-known/acme-challenge/"));
        }
        String off = null;
        if ("off".equalsIgnoreCase(envSwitch)) {
            off = "switched off by " + IgdPortMapper.ENV_SWITCH + "=off.";
        } else if (isLoopback(p.bind_address())) {
            off = "the listeners are bound to " + p.bind_address() + ", which nothing outside this computer reaches.";
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
