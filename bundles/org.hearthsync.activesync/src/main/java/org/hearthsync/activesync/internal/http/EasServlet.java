package org.hearthsync.activesync.internal.http;

import java.io.IOException;
import java.util.List;

import org.hearthsync.activesync.internal.auth.AuthThrottleImpl;
import org.hearthsync.activesync.internal.command.foldersync.FolderSyncHandler;
import org.hearthsync.activesync.internal.command.mail.MailNotSupportedHandler;
import org.hearthsync.activesync.internal.command.provision.PolicyKeys;
import org.hearthsync.activesync.internal.command.provision.ProvisionHandler;
import org.hearthsync.activesync.internal.command.provision.ProvisioningPolicy;
import org.hearthsync.activesync.internal.command.settings.SettingsHandler;
import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.protocol.Command;
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
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
@HttpWhiteboardTarget(Listeners.PUBLIC_TARGET)
@Designate(ocd = EasEndpointConfig.class)
public final class EasServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    public static final String PID = "org.hearthsync.activesync";
    static final int RANKING = 100;
    private static final Logger LOG = LoggerFactory.getLogger(EasServlet.class);
    static final String DEVICE_REGISTRY = "(component.name=org.hearthsync.activesync.internal.device.MvDeviceRegistry)";

    private final transient EasEngine engine;
    private volatile int maxBody;

    @Activate
    public EasServlet(@Reference AccountRegistry accounts,
            @Reference(target = DEVICE_REGISTRY) DeviceRegistry devices, @Reference DeviceStateStore state,
            @Reference AuthThrottleImpl throttle, @Reference ProvisioningPolicy policy,
            @Reference StoreDirectory stores, EasEndpointConfig config) {
        configure(config);
        PolicyKeys keys = new PolicyKeys(state);
        WbxmlReader reader = WbxmlReader.builder()
                .limits(WbxmlLimits.DEFAULTS.toBuilder().maxDocumentSize(256L << 20).build()).build();
        this.engine = new EasEngine(accounts, devices, throttle, policy, keys, reader, List.of(
                new ProvisionHandler(devices, keys, policy), new SettingsHandler(devices),
                new FolderSyncHandler(stores, state), new MailNotSupportedHandler(Command.SEND_MAIL),
                new MailNotSupportedHandler(Command.SMART_REPLY), new MailNotSupportedHandler(Command.SMART_FORWARD)));
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
        RawResponse r;
        try {
            r = engine.handle(HttpBridge.request(req, maxBody));
        } catch (HttpBridge.TooLarge e) {
            LOG.debug("refused a request body over {} bytes from {}", maxBody, req.getRemoteAddr());
            r = RawResponse.of(413);
        }
        HttpBridge.write(r, resp);
    }
}
