package org.hearthsync.console.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.hearthsync.api.portmap.MappingResult;
import org.hearthsync.api.portmap.PortMappingReport;

/**
 * "Can my phone reach Hearth from the Internet?", answered link by link, and honestly: each link
 * Hearth can test from inside the home is tested; the one it cannot (the way back in from outside,
 * which many routers do not loop back) is said to be untested, never guessed.
 */
final class ReachabilityCheck {
    static final int TIMEOUT_MS = 5000;

    enum Verdict { OK, PROBLEM, UNKNOWN, NOT_USED }

    /** One link of the chain from a phone on the Internet to Hearth. */
    record Link(String name, Verdict verdict, String detail) {
    }

    record Result(Instant when, List<Link> links) {
    }

    /** What the check looks at, gathered by the caller from the services that are running. */
    record Inputs(List<String> dnsNames, Optional<InetAddress> publicAddress, Optional<PortMappingReport> router,
            Optional<InetAddress> lanAddress, int easPort, X509Certificate root) {
    }

    interface Resolver {
        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    private final Resolver resolver;

    ReachabilityCheck(Resolver resolver) {
        this.resolver = resolver;
    }

    static ReachabilityCheck withSystemResolver() {
        return new ReachabilityCheck(InetAddress::getAllByName);
    }

    Result run(Inputs in) {
        List<Link> links = new ArrayList<>();
        links.addAll(dnsNames(in));
        links.add(router(in));
        links.add(lanListener(in));
        links.add(new Link("From the Internet back in", Verdict.UNKNOWN,
                "Not testable from this computer: many routers do not loop a connection from inside the home back in. "
                        + "To be sure, open the setup page on a phone using mobile data (Wi-Fi off)."));
        return new Result(Instant.now(), links);
    }

    private List<Link> dnsNames(Inputs in) {
        if (in.dnsNames().isEmpty()) {
            return List.of(new Link("Internet name", Verdict.NOT_USED,
                    "No Internet name is set up: phones sync over the home Wi-Fi only."));
        }
        List<Link> out = new ArrayList<>();
        for (String name : in.dnsNames()) {
            InetAddress[] found;
            try {
                found = resolveWithTimeout(name);
            } catch (UnknownHostException e) {
                out.add(new Link("Internet name " + name, Verdict.PROBLEM, "The name does not resolve to any address."));
                continue;
            }
            String addresses = String.join(", ", Arrays.stream(found).map(InetAddress::getHostAddress).toList());
            if (in.publicAddress().isEmpty()) {
                out.add(new Link("Internet name " + name, Verdict.UNKNOWN, "It points at " + addresses
                        + "; this computer's public address is not known, so the two cannot be compared."));
            } else if (Arrays.asList(found).contains(in.publicAddress().get())) {
                out.add(new Link("Internet name " + name, Verdict.OK, "It points at your public address "
                        + in.publicAddress().get().getHostAddress() + "."));
            } else {
                out.add(new Link("Internet name " + name, Verdict.PROBLEM, "It points at " + addresses
                        + " but your public address is " + in.publicAddress().get().getHostAddress()
                        + ". Update the name (dynamic DNS) and wait a few minutes."));
            }
        }
        return out;
    }

    private InetAddress[] resolveWithTimeout(String name) throws UnknownHostException {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hearth-reachability-dns");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<InetAddress[]> f = ex.submit(() -> resolver.resolve(name));
            return f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UnknownHostException u ? u : new UnknownHostException(name);
        } catch (TimeoutException e) {
            throw new UnknownHostException(name + " (no answer in time)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException(name);
        } finally {
            ex.shutdownNow();
        }
    }

    private static Link router(Inputs in) {
        Optional<PortMappingReport> report = in.router();
        if (report.isEmpty() || !report.get().enabled()) {
            return new Link("Router port forwarding", Verdict.NOT_USED, "Hearth is not asking the router (UPnP is off). "
                    + "If you forwarded the ports by hand, Hearth cannot see that from here.");
        }
        PortMappingReport r = report.get();
        if (r.sharedAddress()) {
            return new Link("Router port forwarding", Verdict.PROBLEM, r.summary());
        }
        List<String> bad = new ArrayList<>();
        List<String> good = new ArrayList<>();
        for (PortMappingReport.Entry e : r.entries()) {
            if (e.result().outcome() == MappingResult.Outcome.MAPPED) {
                good.add(e.description() + " on port " + e.result().externalPort());
            } else {
                bad.add(e.description() + ": " + e.result().message());
            }
        }
        if (r.entries().isEmpty() || !bad.isEmpty()) {
            return new Link("Router port forwarding", Verdict.PROBLEM,
                    (bad.isEmpty() ? r.summary() : String.join("; ", bad)) + (r.advice().isEmpty() ? "" : " " + r.advice()));
        }
        return new Link("Router port forwarding", Verdict.OK, "The router forwards " + String.join(", ", good) + ".");
    }

    private static Link lanListener(Inputs in) {
        String name = "Phones' port on this computer";
        if (in.lanAddress().isEmpty()) {
            return new Link(name, Verdict.PROBLEM, "This computer has no LAN address: it is not connected to a network.");
        }
        InetAddress lan = in.lanAddress().get();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(lan, in.easPort()), TIMEOUT_MS);
            raw.setSoTimeout(TIMEOUT_MS);
            SSLContext ctx = trusting(in.root());
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, lan.getHostAddress(), in.easPort(), false)) {
                // as a phone does: the certificate must name the address the phone uses
                javax.net.ssl.SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.startHandshake();
                return new Link(name, Verdict.OK, lan.getHostAddress() + ":" + in.easPort() + " answers "
                        + s.getSession().getProtocol() + " with Hearth's certificate.");
            }
        } catch (IOException e) {
            return new Link(name, Verdict.PROBLEM, lan.getHostAddress() + ":" + in.easPort()
                    + " does not answer with Hearth's certificate (" + e.getClass().getSimpleName()
                    + "). A firewall on this computer may block the port.");
        } catch (GeneralSecurityException e) {
            return new Link(name, Verdict.UNKNOWN, "Could not set up the test: " + e.getMessage());
        }
    }

    private static SSLContext trusting(X509Certificate root) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("hearth", root);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
