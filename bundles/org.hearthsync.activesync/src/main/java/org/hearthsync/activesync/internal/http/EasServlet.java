package org.hearthsync.activesync.internal.http;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.time.Clock;
import java.util.List;

import org.hearthsync.activesync.internal.account.AccountRegistryImpl;
import org.hearthsync.activesync.internal.auth.AuthThrottleImpl;
import org.hearthsync.activesync.internal.auth.CredentialCache;
import org.hearthsync.activesync.internal.command.foldersync.FolderSyncHandler;
import org.hearthsync.activesync.internal.command.mail.MailNotSupportedHandler;
import org.hearthsync.activesync.internal.command.provision.PolicyKeys;
import org.hearthsync.activesync.internal.command.provision.ProvisionHandler;
import org.hearthsync.activesync.internal.command.provision.ProvisioningPolicy;
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
import org.hearthsync.activesync.internal.protocol.DeviceLocks;
import org.hearthsync.activesync.internal.protocol.EasEngine;
import org.hearthsync.activesync.internal.protocol.RawResponse;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.account.DeviceRegistry;
import org.hearthsync.transport.Listeners;
import org.hearthsync.wbxml.WbxmlLimits;
import org.hearthsync.wbxml.WbxmlReader;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The EAS endpoint on the public listener. Ranked above the transport's fallback servlet on the
 * same path, so that while this bundle runs it serves the path, and when it stops the fallback's
 * "503, retry later" takes over again. Configuration PID {@value #PID}.
 */
@Component(service = Servlet.class, configurationPid = EasServlet.PID,
        property = "service.ranking:Integer=" + EasServlet.RANKING)
@HttpWhiteboardServletPattern(Listeners.EAS_PATH)
@HttpWhiteboardServletAsyncSupported
@HttpWhiteboardTarget(Listeners.PUBLIC_TARGET)
@Designate(ocd = EasEndpointConfig.class)
public final class EasServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    public static final String PID = "org.hearthsync.activesync";
    static final int RANKING = 100;
    private static final Logger LOG = LoggerFactory.getLogger(EasServlet.class);
    static final String DEVICE_REGISTRY = "(component.name=org.hearthsync.activesync.internal.device.MvDeviceRegistry)";

    /** Heartbeat bounds of Ping and Sync (Exchange's defaults). */
    static final int PING_MIN_SECONDS = 60;
    static final int PING_MAX_SECONDS = 3540;

    private final transient EasEngine engine;
    private volatile int maxBody;

    @Activate
    public EasServlet(@Reference AccountRegistry accounts,
            @Reference(target = DEVICE_REGISTRY) DeviceRegistry devices, @Reference DeviceStateStore state,
            @Reference AuthThrottleImpl throttle, @Reference ProvisioningPolicy policy,
            @Reference StoreDirectory stores, @Reference SyncStateStore syncState, @Reference PushHub hub,
            @Reference SafetyNet safety,
            EasEndpointConfig config) {
        configure(config);
        PolicyKeys keys = new PolicyKeys(state);
        WbxmlReader reader = WbxmlReader.builder()
                .limits(WbxmlLimits.DEFAULTS.toBuilder().maxDocumentSize(256L << 20).build()).build();
        DeviceLocks locks = new DeviceLocks();
        CredentialCache credentials = new CredentialCache(Clock.systemUTC(),
                accounts instanceof AccountRegistryImpl impl ? impl::version : () -> 0L);
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
                new PingHandler(stores, state, syncState, hub, locks, Clock.systemUTC(), PING_MIN_SECONDS,
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

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        CompletableFuture<RawResponse> answer;
        try {
            answer = engine.handleAsync(HttpBridge.request(req, maxBody)).toCompletableFuture();
        } catch (HttpBridge.TooLarge e) {
            LOG.debug("refused a request body over {} bytes from {}", maxBody, req.getRemoteAddr());
            answer = CompletableFuture.completedFuture(RawResponse.of(413));
        }
        if (answer.isDone() || !req.isAsyncSupported()) {
            HttpBridge.write(answer.join(), resp);
            return;
        }
        // a parked Ping: give the thread back, answer when the hub completes it
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        answer.whenComplete((r, t) -> {
            try {
                HttpBridge.write(t == null ? r : RawResponse.of(500), (HttpServletResponse) async.getResponse());
            } catch (IOException | RuntimeException e) {
                LOG.debug("could not answer a parked request: {}", e.toString());
            } finally {
                async.complete();
            }
        });
    }
}
