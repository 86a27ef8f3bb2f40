package org.hearthsync.certs.acme.internal;

import java.io.IOException;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One certificate order with acme4j, HTTP-01 only: account (found again by its key, created on
 * first use), order, one challenge per name answered on the setup port, finalisation with a CSR
 * for a fresh key, download of the chain. Blocking; runs on the component's own thread.
 */
final class AcmeIssuer {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeIssuer.class);
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** What the setup port must answer while a challenge is pending. */
    interface Responder {
        void put(String token, String content);

        void remove(String token);

        /** Returns once the setup port answers {@code token} itself; throws when it does not in time. */
        void awaitServed(String token, String content) throws IOException, InterruptedException;
    }

    record Issued(KeyPair key, List<X509Certificate> chain) {
    }

    /** Why an order did not give a certificate, in words for the log. */
    static final class IssuanceException extends Exception {
        private static final long serialVersionUID = 1L;

        IssuanceException(String message) {
            super(message);
        }
    }

    private AcmeIssuer() {
    }

    static Issued issue(AcmeServerConnection server, String directoryUrl, String email, KeyPair accountKey,
            List<String> domains, KeyPair certificateKey, Responder responder)
            throws AcmeException, IOException, InterruptedException, IssuanceException {
        Session session = new Session(URI.create(directoryUrl), server);
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey);
        if (email != null && !email.isBlank()) {
            builder.addEmail(email.strip());
        }
        Account account = builder.create(session);
        LOG.debug("ACME account {}", account.getLocation());

        Order order = account.newOrder().domains(domains).create();
        for (Authorization authorization : order.getAuthorizations()) {
            if (authorization.getStatus() == Status.VALID) {
                continue; // the CA remembers an earlier validation
            }
            String name = authorization.getIdentifier().getDomain();
            Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class)
                    .orElseThrow(() -> new IssuanceException("the CA offers no http-01 challenge for " + name));
            String token = challenge.getToken();
            String content = challenge.getAuthorization();
            responder.put(token, content);
            try {
                responder.awaitServed(token, content);
                challenge.trigger();
                Status status = challenge.waitForCompletion(TIMEOUT);
                if (status != Status.VALID) {
                    throw new IssuanceException("the CA could not validate " + name + " over HTTP on port 80: "
                            + challenge.getError().map(Problem::toString).orElse(status.toString()));
                }
                LOG.debug("ACME: {} validated", name);
            } finally {
                responder.remove(token);
            }
        }
        Status ready = order.waitUntilReady(TIMEOUT);
        if (ready != Status.READY) {
            throw new IssuanceException("the order is " + ready + ": " + order.getError().map(Problem::toString).orElse(""));
        }
        order.execute(certificateKey);
        Status done = order.waitForCompletion(TIMEOUT);
        if (done != Status.VALID) {
            throw new IssuanceException("the order is " + done + ": " + order.getError().map(Problem::toString).orElse(""));
        }
        List<X509Certificate> chain = order.getCertificate().getCertificateChain();
        if (chain.isEmpty()) {
            throw new IssuanceException("the CA sent an empty certificate chain");
        }
        return new Issued(certificateKey, chain);
    }
}
