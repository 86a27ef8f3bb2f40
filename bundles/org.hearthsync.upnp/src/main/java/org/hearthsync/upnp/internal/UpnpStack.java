package org.hearthsync.upnp.internal;

import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.jupnp.UpnpServiceImpl;
import org.jupnp.controlpoint.ControlPoint;
import org.jupnp.model.ValidationException;
import org.jupnp.model.message.IncomingDatagramMessage;
import org.jupnp.model.message.UpnpOperation;
import org.jupnp.model.message.UpnpRequest;
import org.jupnp.model.message.UpnpResponse;
import org.jupnp.model.message.discovery.IncomingNotificationRequest;
import org.jupnp.model.message.discovery.IncomingSearchResponse;
import org.jupnp.model.message.header.UDADeviceTypeHeader;
import org.jupnp.model.message.header.UpnpHeader;
import org.jupnp.model.meta.RemoteDevice;
import org.jupnp.model.meta.RemoteDeviceIdentity;
import org.jupnp.model.types.UDADeviceType;
import org.jupnp.model.types.UDN;
import org.jupnp.protocol.ProtocolCreationException;
import org.jupnp.protocol.ProtocolFactory;
import org.jupnp.protocol.ProtocolFactoryImpl;
import org.jupnp.protocol.ReceivingAsync;
import org.jupnp.protocol.RetrieveRemoteDescriptors;
import org.jupnp.registry.Registry;
import org.jupnp.transport.Router;
import org.jupnp.transport.RouterException;
import org.jupnp.transport.RouterImpl;
import org.jupnp.transport.spi.InitializationException;
import org.jupnp.util.SpecificationViolationReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running jUPnP control point: started when the router is first looked for, stopped by
 * {@link #close()}, which ends every socket and thread it opened. It pays attention only to Internet
 * gateways: other devices' announcements and other control points' searches are dropped before jUPnP
 * spends a thread or a descriptor download on them, and so is an announcement whose description
 * address is not on the host that sent it.
 */
final class UpnpStack implements AutoCloseable {
    static final String DEVICE_PREFIX = "urn:schemas-upnp-org:device:InternetGatewayDevice:";
    static final String WAN_IP_PREFIX = "urn:schemas-upnp-org:service:WANIPConnection:";
    static final String WAN_PPP_PREFIX = "urn:schemas-upnp-org:service:WANPPPConnection:";
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(UpnpStack.class);

    /**
     * What a gateway's SSDP announcement (or, with {@code searchAnswer}, its answer to a search) said, as
     * jUPnP read it.
     */
    record Announcement(String udn, boolean alive, String bootId, Optional<URI> location, long maxAgeSeconds,
            boolean searchAnswer) {
    }

    private final JupnpConfiguration configuration;
    private final Consumer<Announcement> announcements;
    private final Service service;

    UpnpStack(JupnpConfiguration configuration, Consumer<Announcement> announcements) {
        this.configuration = configuration;
        this.announcements = announcements;
        this.service = new Service(configuration);
    }

    /** Binds the SSDP sockets; false when this computer has no usable network (nothing will be sent). */
    boolean start() {
        // jUPnP reports every quirk of a device description at WARN (miniupnpd's UDA 1.1 minor version, for
        // one); nothing a user can act on. The switch is a static of this bundle's private copy of jUPnP.
        SpecificationViolationReporter.disableReporting();
        service.activate(NO_INITIAL_SEARCH);
        try {
            return service.getRouter().isEnabled();
        } catch (RouterException e) {
            return false;
        }
    }

    ControlPoint controlPoint() {
        return service.getControlPoint();
    }

    Registry registry() {
        return service.getRegistry();
    }

    /** M-SEARCH for IGD v2 and v1 (a v2 device also answers v1); answers arrive in the registry. */
    void search(int mxSeconds) {
        for (int version = 2; version >= 1; version--) {
            controlPoint().search(new UDADeviceTypeHeader(new UDADeviceType("InternetGatewayDevice", version)), mxSeconds);
        }
    }

    /** Reads the description at a known address (no SSDP), on the caller's thread; the device lands in the registry. */
    void describe(URL location, String udn, InetAddress local) {
        try {
            UDN id = udn == null || udn.isBlank() ? new UDN(UUID.randomUUID()) : UDN.valueOf(udn);
            RemoteDevice unknown = new RemoteDevice(new RemoteDeviceIdentity(id, 1800, location, null, local));
            new RetrieveRemoteDescriptors(service, unknown).run();
        } catch (ValidationException | RuntimeException e) {
            LOG.debug("cannot describe the router at {}: {}", location, e.toString());
        }
    }

    /** The Internet gateways jUPnP has fully described. */
    List<RemoteDevice> gateways() {
        return registry().getRemoteDevices().stream().filter(d -> d.getType() != null
                && d.getType().toString().startsWith(DEVICE_PREFIX)).toList();
    }

    @Override
    public void close() {
        try {
            service.deactivate();
        } catch (RuntimeException e) {
            LOG.debug("stopping jUPnP: {}", e.toString());
        }
        try {
            if (!configuration.awaitStopped(STOP_WAIT)) {
                LOG.warn("UPnP threads still running {} s after stop", STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean aboutGateway(String type) {
        return type != null && (type.startsWith(DEVICE_PREFIX) || type.startsWith(WAN_IP_PREFIX) || type.startsWith(WAN_PPP_PREFIX));
    }

    /** jUPnP's service with Hearth's protocol filter and a quieter router. */
    private final class Service extends UpnpServiceImpl {
        Service(JupnpConfiguration configuration) {
            super(configuration);
        }

        @Override
        protected ProtocolFactory createProtocolFactory() {
            return new GatewaysOnly(this);
        }

        @Override
        protected Router createRouter(ProtocolFactory protocolFactory, Registry registry) {
            return new RouterImpl(getConfiguration(), protocolFactory) {
                @Override
                public void handleStartFailure(InitializationException e) {
                    // no usable interface, or the SSDP port cannot be bound: forwarding by hand is the answer
                    LOG.warn("UPnP cannot use this computer's network: {}", e.getMessage());
                }
            };
        }
    }

    private final class GatewaysOnly extends ProtocolFactoryImpl {
        GatewaysOnly(Service service) {
            super(service);
        }

        @Override
        @SuppressWarnings({ "rawtypes", "unchecked" })
        public ReceivingAsync createReceivingAsync(IncomingDatagramMessage message) throws ProtocolCreationException {
            UpnpOperation operation = message.getOperation();
            if (operation instanceof UpnpRequest r) {
                if (r.getMethod() != UpnpRequest.Method.NOTIFY) {
                    return null; // another control point's search: Hearth hosts no device
                }
                IncomingNotificationRequest n = new IncomingNotificationRequest(message);
                String type = message.getHeaders().getFirstHeaderString(UpnpHeader.Type.NT);
                if (n.isByeByeMessage()) {
                    if (type != null && type.startsWith(DEVICE_PREFIX)) {
                        announce(n, false);
                    }
                    return super.createReceivingAsync(message);
                }
                if (!aboutGateway(type) || !fromItsOwnHost(message, n.getLocationURL())) {
                    return null;
                }
                if (type.startsWith(DEVICE_PREFIX)) {
                    announce(n, true);
                }
                return super.createReceivingAsync(message);
            }
            if (operation instanceof UpnpResponse) {
                String type = message.getHeaders().getFirstHeaderString(UpnpHeader.Type.ST);
                URL location = null;
                UpnpHeader<?> l = message.getHeaders().getFirstHeader(UpnpHeader.Type.LOCATION);
                if (l != null && l.getValue() instanceof URL u) {
                    location = u;
                }
                if (!aboutGateway(type) || !fromItsOwnHost(message, location)) {
                    return null;
                }
                if (type.startsWith(DEVICE_PREFIX)) {
                    IncomingSearchResponse answer = new IncomingSearchResponse(message);
                    report(answer.getRootDeviceUDN(), true, answer, location, 0, true);
                }
                return super.createReceivingAsync(message);
            }
            return null;
        }

        /** The description must come from the device that spoke, never from elsewhere. */
        private boolean fromItsOwnHost(IncomingDatagramMessage<?> message, URL location) {
            if (location == null || !"http".equalsIgnoreCase(location.getProtocol())
                    || !location.getHost().equals(message.getSourceAddress().getHostAddress())) {
                LOG.debug("ignoring SSDP from {} pointing at {}", message.getSourceAddress().getHostAddress(), location);
                return false;
            }
            return true;
        }

        private void announce(IncomingNotificationRequest n, boolean alive) {
            Integer maxAge = n.getMaxAge();
            report(n.getUDN(), alive, n, n.getLocationURL(), maxAge == null ? 0 : maxAge, false);
        }

        private void report(UDN udn, boolean alive, IncomingDatagramMessage<?> message, URL locationUrl, long maxAge,
                boolean searchAnswer) {
            if (udn == null) {
                return;
            }
            Optional<URI> location = Optional.empty();
            try {
                location = locationUrl == null ? Optional.empty() : Optional.of(locationUrl.toURI());
            } catch (java.net.URISyntaxException e) {
                // an announcement without a usable address says nothing about a move
            }
            String boot = message.getHeaders().getFirstHeader("BOOTID.UPNP.ORG");
            try {
                announcements.accept(new Announcement(udn.toString(), alive, boot == null ? "" : boot.trim(), location,
                        maxAge, searchAnswer));
            } catch (RuntimeException e) {
                LOG.debug("announcement handler failed", e);
            }
        }
    }

    private static final UpnpServiceImpl.Config NO_INITIAL_SEARCH = new UpnpServiceImpl.Config() {
        @Override
        public Class<? extends Annotation> annotationType() {
            return UpnpServiceImpl.Config.class;
        }

        /** Hearth searches for gateways only, and only when it needs one. */
        @Override
        public boolean initialSearchEnabled() {
            return false;
        }
    };
}
