package org.hearthsync.upnp.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.api.portmap.MappingResult;
import org.hearthsync.api.portmap.MappingResult.Outcome;
import org.hearthsync.api.portmap.PortMapping;

/** A router in memory: a forwarding table, ports owned by other computers, refused ports, and a script of failures. */
final class FakeGateway implements UpnpGateway {
    final Map<Integer, PortMapping> table = new LinkedHashMap<>();
    final Map<Integer, Outcome> refusals = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    boolean present = true;
    boolean failing;
    InetAddress external = Addresses.v4(198, 51, 100, 7);
    InetAddress local = Addresses.v4(192, 168, 1, 20);
    Runnable announce;
    boolean watchClosed;

    @Override
    public synchronized boolean gatewayAvailable() {
        calls.add("available");
        return present;
    }

    @Override
    public synchronized MappingResult map(PortMapping m) {
        calls.add("map " + m.externalPort() + "->" + m.internalHost() + ":" + m.internalPort() + " lease " + m.leaseSeconds());
        if (!present) {
            return new MappingResult(Outcome.NO_GATEWAY, 0, "gone");
        }
        if (failing) {
            return new MappingResult(Outcome.FAILED, 0, "timeout");
        }
        Outcome refusal = refusals.get(m.externalPort());
        if (refusal != null) {
            return new MappingResult(refusal, m.externalPort(), refusal == Outcome.CONFLICT
                    ? "port " + m.externalPort() + " is already forwarded to another computer (UPnP 718)"
                    : "the router does not allow forwarding port " + m.externalPort() + " (UPnP 606)");
        }
        table.put(m.externalPort(), m);
        return new MappingResult(Outcome.MAPPED, m.externalPort(), "ok");
    }

    @Override
    public synchronized void unmap(PortMapping m) {
        calls.add("unmap " + m.externalPort());
        PortMapping there = table.get(m.externalPort());
        if (there != null && there.internalHost().equals(m.internalHost())) {
            table.remove(m.externalPort());
        }
    }

    @Override
    public synchronized Optional<InetAddress> externalAddress() {
        return present && !failing ? Optional.ofNullable(external) : Optional.empty();
    }

    @Override
    public boolean gatewayKnown() {
        return true;
    }

    @Override
    public String gatewayName() {
        return present ? "Fake router" : "";
    }

    @Override
    public Optional<InetAddress> localAddress() {
        return present ? Optional.of(local) : Optional.empty();
    }

    @Override
    public synchronized AutoCloseable watchAnnouncements(Runnable onReannounce) {
        this.announce = onReannounce;
        this.watchClosed = false;
        return () -> watchClosed = true;
    }

    /** The router restarted: its table is empty and it says so. */
    void reboot() {
        synchronized (this) {
            table.clear();
        }
        announce.run();
    }

    synchronized long count(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }
}
