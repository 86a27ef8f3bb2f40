package org.hearthsync.activesync.internal.http;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.hearthsync.activesync.internal.auth.AuthThrottleImpl;
import org.hearthsync.auth.CredentialCache;
import org.hearthsync.activesync.internal.command.foldersync.FolderSyncHandler;
import org.hearthsync.activesync.internal.command.mail.MailNotSupportedHandler;
import org.hearthsync.activesync.internal.policy.PolicyKeys;
import org.hearthsync.activesync.internal.command.provision.ProvisionHandler;
import org.hearthsync.activesync.internal.policy.ProvisioningPolicy;
import org.hearthsync.activesync.internal.command.settings.SettingsHandler;
import org.hearthsync.activesync.internal.command.estimate.GetItemEstimateHandler;
import org.hearthsync.activesync.internal.command.itemoperations.ItemOperationsHandler;
import org.hearthsync.activesync.internal.command.moveitems.MoveItemsHandler;
import org.hearthsync.activesync.internal.command.folders.FolderCreateHandler;
import org.hearthsync.activesync.internal.command.folders.FolderDeleteHandler;
import org.hearthsync.activesync.internal.command.folders.FolderUpdateHandler;
import org.hearthsync.activesync.internal.command.meetingresponse.MeetingResponseHandler;
import org.hearthsync.activesync.internal.command.search.SearchHandler;
import org.hearthsync.activesync.internal.command.ping.PingHandler;
import org.hearthsync.activesync.internal.command.ping.PushHub;
import org.hearthsync.activesync.internal.command.sync.SyncHandler;
import org.hearthsync.activesync.internal.sync.SafetyNet;
import org.hearthsync.activesync.internal.sync.SyncStateStore;
import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.device.DeviceLocks;
import org.hearthsync.activesync.internal.protocol.EasEngine;
import org.hearthsync.activesync.internal.protocol.RawResponse;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.account.DeviceRegistry;
import org.hearthsync.api.eas.EasEndpoint;
import org.hearthsync.api.eas.EasHttpRequest;
import org.hearthsync.api.eas.EasHttpResponse;
import org.hearthsync.wbxml.WbxmlLimits;
import org.hearthsync.wbxml.WbxmlReader;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol engine as the {@link EasEndpoint} service the transport's servlet calls. The servlet
 * stays registered while this component comes and goes (configuration of its references changing,
 * the bundle updated or restarted); meanwhile the servlet answers 503 with Retry-After.
 * Configuration PID {@value #PID}.
 */
@Component(service = EasEndpoint.class, configurationPid = EngineEndpoint.PID)
@Designate(ocd = EasEndpointConfig.class)
public final class EngineEndpoint implements EasEndpoint {
    public static final String PID = "org.hearthsync.activesync";
    private static final Logger LOG = LoggerFactory.getLogger(EngineEndpoint.class);
    /** What a request that reaches an engine being deactivated is told: back within seconds. */
    static final String RETRY_AFTER_SECONDS = "5";
    static final String DEVICE_REGISTRY = "(component.name=org.hearthsync.activesync.internal.device.MvDeviceRegistry)";

    /** Heartbeat bounds of Ping and Sync (Exchange's defaults). */
    static final int PING_MIN_SECONDS = 60;
    static final int PING_MAX_SECONDS = 3540;

    private final EasEngine engine;
    private final PushHub hub;
    private volatile int maxBody;
    private volatile boolean closed;
    /** Requests being handled right now (a parked one counts until it is parked). */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** How long deactivation waits for requests in progress before the state they use closes. */
    static final long DRAIN_MILLIS = 10_000;

    @Activate
    public EngineEndpoint(@Reference AccountRegistry accounts,
            @Reference(target = DEVICE_REGISTRY) DeviceRegistry devices, @Reference DeviceStateStore state,
            @Reference AuthThrottleImpl throttle, @Reference ProvisioningPolicy policy,
            @Reference StoreDirectory stores, @Reference SyncStateStore syncState, @Reference PushHub hub,
            @Reference SafetyNet safety, @Reference DeviceLocks locks,
            EasEndpointConfig config) {
        configure(config);
        this.hub = hub;
        hub.resume(); // after an earlier instance of this component stopped it
        PolicyKeys keys = new PolicyKeys(state);
        WbxmlReader reader = WbxmlReader.builder()
                .limits(WbxmlLimits.DEFAULTS.toBuilder().maxDocumentSize(256L << 20).build()).build();
        CredentialCache credentials = new CredentialCache(Clock.systemUTC(),
                accounts::version);
        this.engine = new EasEngine(accounts, devices, throttle, policy, keys, reader, List.of(
                new ProvisionHandler(devices, keys, policy), new SettingsHandler(devices),
                new FolderSyncHandler(stores, state), new SyncHandler(stores, state, syncState, Clock.systemUTC(), safety, hub, locks,
                        java.time.Duration.ofSeconds(1)),
                new GetItemEstimateHandler(stores, state, syncState, Clock.systemUTC(), safety),
                new ItemOperationsHandler(stores, state, syncState, Clock.systemUTC()),
                new MoveItemsHandler(stores, state, syncState),
                new FolderCreateHandler(stores, state), new FolderUpdateHandler(stores, state),
                new FolderDeleteHandler(stores, state), new SearchHandler(stores, Clock.systemUTC()),
                new MeetingResponseHandler(stores, state, syncState),
                new PingHandler(stores, state, syncState, hub, safety, locks, Clock.systemUTC(), PING_MIN_SECONDS,
                        PING_MAX_SECONDS),
                new MailNotSupportedHandler(Command.SEND_MAIL),
                new MailNotSupportedHandler(Command.SMART_REPLY), new MailNotSupportedHandler(Command.SMART_FORWARD)),
                credentials, locks);
    }

    @Modified
    void modified(EasEndpointConfig config) {
        configure(config);
    }

    private void configure(EasEndpointConfig config) {
        maxBody = Math.max(1, Math.min(256, config.max_request_mb())) << 20;
    }

    /**
     * Lets the requests in progress finish before the components they use (sync state, device registry)
     * are deactivated after this one: a stop or update then fails no request, it only turns new ones away.
     * Parked Pings and Syncs are answered now (status 1, an empty Sync response), or once the response
     * a woken Sync is building is saved: none is left to be woken against closed state.
     */
    @Deactivate
    void deactivate() throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        hub.quiesce(DRAIN_MILLIS);
        synchronized (inFlight) {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                inFlight.wait(50);
            }
        }
        if (inFlight.get() > 0) {
            LOG.warn("stopping with {} EAS requests still running", inFlight.get());
        }
    }

    @Override
    public int maxRequestBytes() {
        return maxBody;
    }

    @Override
    public Optional<EasHttpResponse> admit(EasHttpRequest headersOnly) {
        // a closing engine lets handle() answer 503: its throttle and accounts may be going away
        return closed ? Optional.empty() : engine.admit(headersOnly).map(EngineEndpoint::response);
    }

    @Override
    public CompletionStage<EasHttpResponse> handle(EasHttpRequest request) {
        // counted before closed is read: a deactivation that sets closed after this read sees the count
        inFlight.incrementAndGet();
        try {
            if (closed) {
                // a request that took this engine just before it was unregistered: its state is closing
                return CompletableFuture.completedFuture(new EasHttpResponse(503,
                        Map.of("Retry-After", RETRY_AFTER_SECONDS), null, null));
            }
            return engine.handleAsync(request).thenApply(EngineEndpoint::response);
        } finally {
            if (inFlight.decrementAndGet() == 0 && closed) {
                synchronized (inFlight) {
                    inFlight.notifyAll();
                }
            }
        }
    }

    static EasHttpResponse response(RawResponse r) {
        return new EasHttpResponse(r.status(), r.headers(), r.contentType(), r.body());
    }
}
