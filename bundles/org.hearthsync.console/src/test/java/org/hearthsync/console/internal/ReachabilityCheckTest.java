package org.hearthsync.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.api.portmap.MappingResult;
import org.hearthsync.api.portmap.PortMapping;
import org.hearthsync.api.portmap.PortMappingReport;
import org.junit.jupiter.api.Test;

class ReachabilityCheckTest {

    private static final Map<String, String> DNS = Map.of("home.example.net", "203.0.113.7", "stale.example.net", "198.51.100.1");

    private final ReachabilityCheck check = new ReachabilityCheck(name -> {
        String a = DNS.get(name);
        if (a == null) {
            throw new UnknownHostException(name);
        }
        return new InetAddress[] { InetAddress.getByName(a) };
    });

    @Test
    void eachLinkIsJudgedAndTheWayBackInIsNeverGuessed() throws Exception {
        ReachabilityCheck.Result r = check.run(new ReachabilityCheck.Inputs(
                List.of("home.example.net", "stale.example.net", "gone.example.net"),
                Optional.of(InetAddress.getByName("203.0.113.7")), Optional.of(report(MappingResult.Outcome.MAPPED)),
                Optional.empty(), 8443, null));
        assertEquals(ReachabilityCheck.Verdict.OK, verdict(r, "Internet name home.example.net"));
        assertEquals(ReachabilityCheck.Verdict.PROBLEM, verdict(r, "Internet name stale.example.net"));
        assertEquals(ReachabilityCheck.Verdict.PROBLEM, verdict(r, "Internet name gone.example.net"));
        assertEquals(ReachabilityCheck.Verdict.OK, verdict(r, "Router port forwarding"));
        assertEquals(ReachabilityCheck.Verdict.PROBLEM, verdict(r, "Phones' port on this computer"), "no LAN address");
        assertEquals(ReachabilityCheck.Verdict.UNKNOWN, verdict(r, "From the Internet back in"));
    }

    @Test
    void wifiOnlyHasNothingToCheckOutside() {
        ReachabilityCheck.Result r = check.run(new ReachabilityCheck.Inputs(List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), 8443, null));
        assertEquals(ReachabilityCheck.Verdict.NOT_USED, verdict(r, "Internet name"));
        assertEquals(ReachabilityCheck.Verdict.NOT_USED, verdict(r, "Router port forwarding"));
    }

    @Test
    void aRefusedForwardingIsAProblemWithTheRoutersWords() {
        ReachabilityCheck.Result r = check.run(new ReachabilityCheck.Inputs(List.of(), Optional.empty(),
                Optional.of(report(MappingResult.Outcome.CONFLICT)), Optional.empty(), 8443, null));
        ReachabilityCheck.Link l = r.links().stream().filter(x -> x.name().equals("Router port forwarding")).findFirst().orElseThrow();
        assertEquals(ReachabilityCheck.Verdict.PROBLEM, l.verdict());
        assertTrue(l.detail().contains("another computer"), l.detail());
    }

    private static PortMappingReport report(MappingResult.Outcome outcome) {
        PortMapping m = new PortMapping("TCP", 443, "192.168.1.20", 8443, "Hearth EAS", 3600);
        PortMappingReport.Entry e = new PortMappingReport.Entry("Hearth EAS", 443, m,
                new MappingResult(outcome, 443, outcome == MappingResult.Outcome.MAPPED ? "" : "the port belongs to another computer"),
                "https://home.example.net/");
        return new PortMappingReport(true, true, true, "router", Optional.empty(), false, "ok", "", List.of(e),
                Optional.empty(), Optional.empty());
    }

    private static ReachabilityCheck.Verdict verdict(ReachabilityCheck.Result r, String name) {
        return r.links().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + r))
                .verdict();
    }
}
