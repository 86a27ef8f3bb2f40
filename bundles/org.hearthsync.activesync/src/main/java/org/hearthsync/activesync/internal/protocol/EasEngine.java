package org.hearthsync.activesync.internal.protocol;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import org.hearthsync.activesync.internal.auth.AuthThrottleImpl;
import org.hearthsync.auth.BasicCredentials;
import org.hearthsync.auth.CredentialCache;
import org.hearthsync.activesync.internal.device.DeviceLocks;
import org.hearthsync.activesync.internal.policy.PolicyKeys;
import org.hearthsync.activesync.internal.policy.ProvisioningPolicy;
import org.hearthsync.api.eas.EasHttpRequest;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.account.Device;
import org.hearthsync.api.account.DeviceRegistry;
import org.hearthsync.api.account.DeviceState;
import org.hearthsync.auth.PasswordHash;
import org.hearthsync.wbxml.Element;
import org.hearthsync.wbxml.WbxmlException;
import org.hearthsync.wbxml.WbxmlReader;
import org.hearthsync.wbxml.WbxmlWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EAS request pipeline, independent of the servlet API: TLS check, throttle, Basic
 * authentication, query parsing, protocol version, device registry, device state and policy key
 * gates, WBXML decoding, dispatch to the command's handler, WBXML encoding. Every failure ends in an
 * EAS status or a plain HTTP status; nothing here answers with a stack trace.
 */
public final class EasEngine {
    private static final Logger LOG = LoggerFactory.getLogger(EasEngine.class);
    /** The MS-Server-ActiveSync header value. */
    public static final String SERVER_VERSION = "16.1";
    static final String REALM = "Basic realm=\"Hearth\", charset=\"UTF-8\"";
    static final String NO_ACCOUNTS_RETRY_SECONDS = "30";

    private final AccountRegistry accounts;
    private final DeviceRegistry devices;
    private final AuthThrottleImpl throttle;
    private final ProvisioningPolicy policy;
    private final PolicyKeys keys;
    private final WbxmlReader reader;
    private final Map<Command, CommandHandler> handlers = new EnumMap<>(Command.class);
    private final String advertisedCommands;
    private final DeviceLocks locks;
    private final CredentialCache credentials;

    public EasEngine(AccountRegistry accounts, DeviceRegistry devices, AuthThrottleImpl throttle,
            ProvisioningPolicy policy, PolicyKeys keys, WbxmlReader reader, Collection<CommandHandler> commandHandlers) {
        this(accounts, devices, throttle, policy, keys, reader, commandHandlers,
                new CredentialCache(java.time.Clock.systemUTC(), () -> 0L), new DeviceLocks());
    }

    public EasEngine(AccountRegistry accounts, DeviceRegistry devices, AuthThrottleImpl throttle,
            ProvisioningPolicy policy, PolicyKeys keys, WbxmlReader reader, Collection<CommandHandler> commandHandlers,
            CredentialCache credentials, DeviceLocks locks) {
        this.credentials = credentials;
        this.locks = locks;
        this.accounts = accounts;
        this.devices = devices;
        this.throttle = throttle;
        this.policy = policy;
        this.keys = keys;
        this.reader = reader;
        commandHandlers.forEach(h -> handlers.put(h.command(), h));
        this.advertisedCommands = handlers.values().stream().filter(CommandHandler::advertised)
                .map(h -> h.command().wireName()).collect(Collectors.joining(","));
    }

    /** Handles a request, waiting for a parked command (Ping) to be answered. */
    public RawResponse handle(EasHttpRequest request) {
        return handleAsync(request).toCompletableFuture().join();
    }

    /**
     * Handles a request; the stage is complete on return except for a parked command (Ping), which
     * holds neither a thread nor the device lock until it is answered.
     */
    public CompletionStage<RawResponse> handleAsync(EasHttpRequest request) {
        CompletionStage<RawResponse> stage;
        try {
            stage = dispatch(request);
        } catch (RuntimeException e) {
            LOG.warn("EAS request failed unexpectedly", e);
            return CompletableFuture.completedFuture(finish(RawResponse.of(500)));
        }
        return stage.handle((r, t) -> {
            if (t != null) {
                LOG.warn("EAS request failed unexpectedly", t);
                return finish(RawResponse.of(500));
            }
            return finish(r);
        });
    }

    /** What {@link #dispatchSync} answers in admission mode once the caller is signed in. */
    private static final RawResponse ADMITTED = RawResponse.of(200);

    /**
     * The part of the pipeline that needs no body (TLS, throttle, credentials): a refusal, or empty
     * when the transport may read the body. Run before the body is read, so nobody who has not signed
     * in makes the server buffer or wait for one.
     */
    public Optional<RawResponse> admit(EasHttpRequest headersOnly) {
        try {
            RawResponse r = dispatchSync(headersOnly, null);
            return r == ADMITTED ? Optional.empty() : Optional.of(finish(r));
        } catch (RuntimeException e) {
            LOG.warn("EAS sign-in check failed unexpectedly", e);
            return Optional.of(finish(RawResponse.of(500)));
        }
    }

    private static RawResponse finish(RawResponse r) {
        return r.withHeader("MS-Server-ActiveSync", SERVER_VERSION).withHeader("Cache-Control", "private");
    }

    private CompletionStage<RawResponse> dispatch(EasHttpRequest request) {
        @SuppressWarnings("unchecked")
        CompletionStage<RawResponse>[] parked = new CompletionStage[1];
        RawResponse r = dispatchSync(request, parked);
        return r != null ? CompletableFuture.completedFuture(r) : parked[0];
    }

    /**
     * The pipeline; a parked command's stage goes into {@code parked[0]} and the result is {@code null}.
     * Without {@code parked} it stops after sign-in ({@link #admit}) and answers {@link #ADMITTED}.
     */
    private RawResponse dispatchSync(EasHttpRequest request, CompletionStage<RawResponse>[] parked) {
        if (!request.secure()) {
            return RawResponse.of(403);
        }
        String method = request.method();
        boolean post = "POST".equals(method);
        EasQuery query = null;
        String queryError = null;
        if (post) {
            try {
                query = QueryParser.parse(request.query());
            } catch (QueryException e) {
                queryError = e.getMessage();
            }
        }
        String address = request.remoteAddress();
        String deviceId = query == null ? null : query.deviceId();
        String authorization = request.header("Authorization");
        Optional<BasicCredentials> credentials = BasicCredentials.parse(authorization);
        String userName = credentials.map(BasicCredentials::userName).orElse(null);
        // the phone itself (the header it signed in with before, from its DeviceId) is never paused by others'
        // guesses; anything else waits out the address's and the account's pauses before its password is tried
        boolean known = throttle.trusted(userName, deviceId, authorization);
        Optional<Duration> locked = known ? Optional.empty() : throttle.lockedFor(address, userName);
        if (locked.isPresent()) {
            credentials.ifPresent(x -> PasswordHash.clear(x.password()));
            return RawResponse.of(429).withHeader("Retry-After", Long.toString(Math.max(1, locked.get().toSeconds())));
        }
        if (credentials.isEmpty()) {
            return RawResponse.of(401).withHeader("WWW-Authenticate", REALM);
        }
        BasicCredentials c = credentials.get();
        if (accounts.accounts().isEmpty()) {
            // starting up (configurations not read yet) or not set up: nobody can sign in, and nobody guessed wrong
            PasswordHash.clear(c.password());
            return RawResponse.of(503).withHeader("Retry-After", NO_ACCOUNTS_RETRY_SECONDS);
        }
        String cachedUser = this.credentials.lookup(authorization);
        Optional<Account> account = cachedUser == null ? Optional.empty() : accounts.find(cachedUser);
        if (account.isPresent()) {
            PasswordHash.clear(c.password());
        } else {
            account = accounts.authenticate(c.userName(), c.password());
            PasswordHash.clear(c.password());
            account.ifPresent(a -> this.credentials.remember(authorization, a.userName()));
        }
        if (account.isEmpty()) {
            if (known) {
                throttle.forget(userName, deviceId);
            }
            throttle.failure(address, deviceId, userName);
            LOG.debug("wrong user name or password for '{}' from {}", printable(c.userName()), address);
            return RawResponse.of(401).withHeader("WWW-Authenticate", REALM);
        }
        throttle.success(userName, deviceId, authorization);
        if (parked == null) {
            return ADMITTED;
        }
        if ("OPTIONS".equals(method)) {
            return options();
        }
        if (!post) {
            return RawResponse.of(405).withHeader("Allow", "OPTIONS,POST");
        }
        if (queryError != null) {
            LOG.debug("bad query from {}: {}", address, queryError);
            return RawResponse.of(400);
        }
        return command(request, account.get(), query, parked);
    }

    private RawResponse options() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Allow", "OPTIONS,POST");
        h.put("Public", "OPTIONS,POST");
        h.put("MS-ASProtocolVersions", ProtocolVersion.HEADER_VALUE);
        h.put("MS-ASProtocolCommands", advertisedCommands);
        return new RawResponse(200, h, null, null);
    }

    private RawResponse command(EasHttpRequest request, Account account, EasQuery query,
            CompletionStage<RawResponse>[] parked) {
        Optional<Command> command = Command.byName(query.commandName());
        CommandHandler handler = command.map(handlers::get).orElse(null);
        if (handler == null) {
            LOG.debug("command {} is not implemented", query.commandName());
            return RawResponse.of(501);
        }
        ProtocolVersion version = query.version() != null ? query.version()
                : ProtocolVersion.parse(request.header("MS-ASProtocolVersion")).orElse(null);
        if (version == null) {
            LOG.debug("unsupported protocol version '{}'", printable(request.header("MS-ASProtocolVersion")));
            return RawResponse.of(400).withHeader("MS-ASProtocolVersions", ProtocolVersion.HEADER_VALUE);
        }
        if (query.deviceId() == null || query.deviceType() == null) {
            return version.hasCommonStatusCodes() && command.get().root() != null
                    ? status(command.get(), query.deviceId() == null ? EasStatus.DEVICE_ID_MISSING_OR_INVALID
                            : EasStatus.DEVICE_TYPE_MISSING_OR_INVALID)
                    : RawResponse.of(400);
        }
        ReentrantLock lock = locks.of(account.userName(), query.deviceId());
        lock.lock();
        try {
            Device device = devices.recordContact(account.userName(), query.deviceId(), query.deviceType(),
                    request.header("User-Agent"), version.text());
            RawResponse refused = admit(command.get(), version, device, query, request);
            if (refused != null) {
                return refused;
            }
            Element document = null;
            if (handler.wbxmlBody() && request.body().length > 0) {
                try {
                    document = reader.read(request.body());
                } catch (WbxmlException e) {
                    LOG.debug("malformed WBXML from device {}: {}", device.deviceId(), e.getMessage());
                    return RawResponse.of(400);
                }
            }
            CommandContext ctx = new CommandContext(command.get(), version, account, device, query, document,
                    request.body());
            if (handler instanceof AsyncCommandHandler async) {
                // registered under the lock, answered later without it
                parked[0] = async.start(ctx).thenApply(EasEngine::encode);
                return null;
            }
            return encode(handler.handle(ctx));
        } finally {
            lock.unlock();
        }
    }

    /** The device-state and policy-key gates; {@code null} when the request may proceed. */
    private RawResponse admit(Command command, ProtocolVersion version, Device device, EasQuery query,
            EasHttpRequest request) {
        if (command == Command.PROVISION) {
            return null; // Provision answers every state itself
        }
        DeviceState state = device.state();
        if (state == DeviceState.BLOCKED || state == DeviceState.WIPED
                || (state == DeviceState.ACCOUNT_WIPE_PENDING && !version.atLeast(ProtocolVersion.V16_1))) {
            LOG.debug("refused blocked device {} of {}", device.deviceId(), device.userName());
            return version.hasCommonStatusCodes() && command.root() != null ? status(command, EasStatus.DEVICE_BLOCKED)
                    : RawResponse.of(403);
        }
        if (state == DeviceState.WIPE_PENDING || state == DeviceState.ACCOUNT_WIPE_PENDING) {
            return needsProvisioning(command, version, EasStatus.REMOTE_WIPE_REQUESTED);
        }
        String clientKey = query.base64() ? query.policyKey() : request.header("X-MS-PolicyKey");
        var p = policy.current();
        PolicyKeys.Check check = keys.check(device.userName(), device.deviceId(), clientKey, p.fingerprint());
        switch (check) {
            case VALID:
                return null;
            case MISSING:
                if (clientKey == null && p.allowNonProvisionable()) {
                    return null;
                }
                return needsProvisioning(command, version, EasStatus.DEVICE_NOT_PROVISIONED);
            case POLICY_CHANGED:
                return needsProvisioning(command, version, EasStatus.POLICY_REFRESH);
            default:
                return needsProvisioning(command, version, EasStatus.INVALID_POLICY_KEY);
        }
    }

    private static RawResponse needsProvisioning(Command command, ProtocolVersion version, int status) {
        if (!version.hasCommonStatusCodes() || command.root() == null) {
            return RawResponse.of(EasStatus.HTTP_NEEDS_PROVISIONING);
        }
        return status(command, status);
    }

    /** The command's document holding only a top-level status, as MS-ASCMD 2.2.2 describes for common codes. */
    private static RawResponse status(Command command, int status) {
        Element root = new Element(command.namespace(), command.root()).addText(command.namespace(), "Status",
                Integer.toString(status));
        return wbxml(root);
    }

    private static RawResponse encode(EasResponse r) {
        if (r.encoded() != null) {
            return new RawResponse(200, Map.of(), RawResponse.WBXML, r.encoded());
        }
        if (r.document() != null) {
            return wbxml(r.document());
        }
        RawResponse raw = RawResponse.of(r.httpStatus());
        return r.retryAfterSeconds() == null ? raw : raw.withHeader("Retry-After", r.retryAfterSeconds());
    }

    private static RawResponse wbxml(Element root) {
        try {
            return new RawResponse(200, Map.of(), RawResponse.WBXML, WbxmlWriter.encode(root));
        } catch (WbxmlException e) {
            throw new IllegalStateException("cannot encode a response: " + e.getMessage(), e);
        }
    }

    /** User names come from the client: bounded and without control characters in logs. */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 64; i++) {
            char ch = s.charAt(i);
            sb.append(Character.isISOControl(ch) ? '?' : ch);
        }
        return sb.toString();
    }
}
