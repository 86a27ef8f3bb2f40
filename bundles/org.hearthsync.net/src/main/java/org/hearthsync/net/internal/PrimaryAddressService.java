package org.hearthsync.net.internal;

import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.hearthsync.api.net.AddressService;
import org.hearthsync.api.net.LanAddresses;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the LAN address phones reach, the way a person would: the address of the adapter the
 * system routes outside traffic through. A UDP "connect" only consults the routing table, so the
 * probe sends nothing. With several adapters (wired, Wi-Fi, VPN) this picks the one holding the
 * default route; the user can override it.
 */
@Component(configurationPid = org.hearthsync.net.NetSettings.PID)
@Designate(ocd = AddressConfig.class)
public final class PrimaryAddressService implements AddressService, LanAddresses {
    private static final Logger LOG = LoggerFactory.getLogger(PrimaryAddressService.class);

    private volatile String override;
    private volatile String probe;

    @Activate
    public PrimaryAddressService(AddressConfig config) {
        configure(config);
    }

    @Modified
    void modified(AddressConfig config) {
        configure(config);
    }

    private void configure(AddressConfig config) {
        this.override = config.primary_address().trim();
        this.probe = config.probe_address().trim();
    }

    @Override
    public Optional<InetAddress> primaryAddress() {
        if (!override.isEmpty()) {
            try {
                return Optional.of(InetAddress.getByName(override));
            } catch (UnknownHostException e) {
                LOG.warn("the configured primary address '{}' is not an address; detecting instead", override);
            }
        }
        Optional<InetAddress> routed = routedAddress(probe);
        return routed.isPresent() ? routed : firstUsableInterfaceAddress();
    }

    static Optional<InetAddress> routedAddress(String probe) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(probe), 9));
            InetAddress local = s.getLocalAddress();
            if (local == null || local.isAnyLocalAddress() || local.isLoopbackAddress()) {
                return Optional.empty();
            }
            return Optional.of(local);
        } catch (SocketException | UnknownHostException | IllegalArgumentException e) {
            LOG.debug("no route towards the probe address: {}", e.toString());
            return Optional.empty();
        }
    }

    static Optional<InetAddress> firstUsableInterfaceAddress() {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback() || ni.isVirtual()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                        return Optional.of(a);
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("cannot list network interfaces: {}", e.toString());
        }
        return Optional.empty();
    }

    @Override
    public Set<String> hostNames() {
        Set<String> names = new LinkedHashSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName());
            String canonical = local.getCanonicalHostName();
            if (!canonical.equals(local.getHostAddress())) {
                names.add(canonical);
            }
        } catch (UnknownHostException e) {
            LOG.debug("this computer's host name does not resolve: {}", e.toString());
        }
        return names;
    }

    @Override
    public List<LanAddress> lanAddresses() {
        List<LanAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback() || ni.isVirtual() || ni.isPointToPoint()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
                        out.add(new LanAddress(a, ni.getDisplayName()));
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("cannot list network interfaces: {}", e.toString());
        }
        return out;
    }
}
