package org.hearthsync.certs.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names this computer answers to: {@code localhost}, the loopback addresses, its host names and
 * the addresses of its interfaces that are up (loopback and link-local IPv6 left out). A slow
 * resolver cannot stall the caller: host name lookups run on a daemon thread with a time limit.
 */
public final class LocalNames {

    private static final Logger LOG = LoggerFactory.getLogger(LocalNames.class);

    /** Always in the server certificate, whatever the network looks like. */
    public static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "::1");

    private LocalNames() {
    }

    /** Loopback names, then host names, then interface addresses. Never throws. */
    public static SubjectNames discover(Duration lookupTimeout) {
        List<String> names = new ArrayList<>(hostNames(lookupTimeout));
        names.addAll(LOOPBACK);
        names.addAll(interfaceAddresses());
        List<String> valid = new ArrayList<>();
        for (String name : names) {
            String normal = SubjectNames.normalizeOrNull(name);
            if (normal != null) {
                valid.add(normal);
            } else {
                LOG.debug("Leaving out '{}': not usable in a certificate", name);
            }
        }
        return SubjectNames.of(valid);
    }

    /** The short host name, then the canonical name, or none if the lookup fails or is slow. */
    public static List<String> hostNames(Duration timeout) {
        FutureTask<List<String>> lookup = new FutureTask<>(() -> {
            InetAddress local = InetAddress.getLocalHost();
            List<String> names = new ArrayList<>();
            names.add(local.getHostName());
            names.add(local.getCanonicalHostName());
            return names;
        });
        Thread thread = new Thread(lookup, "hearth-certs-hostname");
        thread.setDaemon(true);
        thread.start();
        try {
            List<String> names = lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // a failed reverse lookup hands back the address itself: it is not a host name
            names.removeIf(n -> n == null || n.isBlank() || SubjectNames.isIpLiteral(n));
            return names;
        } catch (TimeoutException e) {
            lookup.cancel(true);
            LOG.debug("Host name lookup took longer than {}; going on without it", timeout);
        } catch (ExecutionException e) {
            LOG.debug("Host name lookup failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of();
    }

    /** Addresses of the interfaces that are up, except loopback, link-local IPv6 and wildcard. */
    public static List<String> interfaceAddresses() {
        List<String> addresses = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                try {
                    if (!nif.isUp() || nif.isLoopback()) {
                        continue;
                    }
                } catch (SocketException e) {
                    continue;
                }
                for (InetAddress address : Collections.list(nif.getInetAddresses())) {
                    if (address.isLoopbackAddress() || address.isAnyLocalAddress()
                            || (address instanceof Inet6Address && address.isLinkLocalAddress())) {
                        continue;
                    }
                    addresses.add(address.getHostAddress());
                }
            }
        } catch (SocketException | RuntimeException e) {
            LOG.debug("Cannot list network interfaces: {}", e.toString());
        }
        return addresses;
    }
}
