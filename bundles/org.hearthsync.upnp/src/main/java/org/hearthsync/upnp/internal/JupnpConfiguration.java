package org.hearthsync.upnp.internal;

import java.net.NetworkInterface;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jupnp.UpnpServiceConfiguration;
import org.jupnp.binding.xml.DeviceDescriptorBinder;
import org.jupnp.binding.xml.ServiceDescriptorBinder;
import org.jupnp.binding.xml.UDA10DeviceDescriptorBinderImpl;
import org.jupnp.binding.xml.UDA10ServiceDescriptorBinderImpl;
import org.jupnp.model.Namespace;
import org.jupnp.model.message.UpnpHeaders;
import org.jupnp.model.meta.RemoteDeviceIdentity;
import org.jupnp.model.meta.RemoteService;
import org.jupnp.model.types.ServiceType;
import org.jupnp.transport.impl.DatagramIOConfigurationImpl;
import org.jupnp.transport.impl.DatagramIOImpl;
import org.jupnp.transport.impl.DatagramProcessorImpl;
import org.jupnp.transport.impl.GENAEventProcessorImpl;
import org.jupnp.transport.impl.MulticastReceiverConfigurationImpl;
import org.jupnp.transport.impl.MulticastReceiverImpl;
import org.jupnp.transport.impl.NetworkAddressFactoryImpl;
import org.jupnp.transport.impl.SOAPActionProcessorImpl;
import org.jupnp.transport.Router;
import org.jupnp.transport.spi.DatagramIO;
import org.jupnp.transport.spi.DatagramProcessor;
import org.jupnp.transport.spi.GENAEventProcessor;
import org.jupnp.transport.spi.InitializationException;
import org.jupnp.transport.spi.MulticastReceiver;
import org.jupnp.transport.spi.NetworkAddressFactory;
import org.jupnp.transport.spi.SOAPActionProcessor;
import org.jupnp.transport.spi.StreamClient;
import org.jupnp.transport.spi.StreamServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jUPnP sized for one household and a control point only. jUPnP's default configuration starts a pool
 * of up to 200 threads, a Jetty client and an HTTP server for event callbacks; Hearth needs none of it:
 * <ul>
 * <li>no stream server: Hearth hosts no device and subscribes to no events (GENA), so nothing listens
 * on TCP and no servlet is registered anywhere;</li>
 * <li>the HTTP client is {@link JdkStreamClient};</li>
 * <li>threads: one per blocking receiver (SSDP multicast per interface, search answers per address,
 * the registry maintainer) and two for protocol work (descriptor retrieval, received datagrams),
 * all daemons named {@code hearth-upnp-*}, ended by {@link #shutdown()}.</li>
 * </ul>
 */
final class JupnpConfiguration implements UpnpServiceConfiguration {
    /** The registry checks for expired routers this often; a household has one or two. */
    static final int MAINTENANCE_MILLIS = 5000;

    private static final Logger LOG = LoggerFactory.getLogger(JupnpConfiguration.class);

    private final Duration connectTimeout;
    private final Duration deadline;
    private final Supplier<NetworkAddressFactory> networks;
    private final boolean listen;
    private final ThreadPoolExecutor receivers;
    private final ThreadPoolExecutor work;
    private final DatagramProcessor datagrams = new DatagramProcessorImpl();
    private final SOAPActionProcessor soap = new SOAPActionProcessorImpl();
    private final GENAEventProcessor gena = new GENAEventProcessorImpl();
    private final DeviceDescriptorBinder devices = new UDA10DeviceDescriptorBinderImpl();
    private final ServiceDescriptorBinder services = new UDA10ServiceDescriptorBinderImpl();
    private final Namespace namespace = new Namespace();
    private final AtomicInteger clients = new AtomicInteger();

    /**
     * @param networks the interfaces and addresses to use (all usable IPv4 ones in production)
     * @param listen   whether to join the SSDP group for the router's announcements
     */
    JupnpConfiguration(Duration connectTimeout, Duration deadline, Supplier<NetworkAddressFactory> networks,
            boolean listen) {
        this.connectTimeout = connectTimeout;
        this.deadline = deadline;
        this.networks = networks;
        this.listen = listen;
        // receivers block for their whole life: a thread each, never queued behind one another
        this.receivers = new ThreadPoolExecutor(0, 16, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemons("hearth-upnp-receive-"), (task, pool) -> LOG.warn("too many UPnP receivers; one not started"));
        this.work = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
                daemons("hearth-upnp-work-"), (task, pool) -> LOG.debug("UPnP work queue full (or stopped): dropped {}", task));
        this.work.allowCoreThreadTimeOut(true);
    }

    /** Every usable IPv4 interface of this computer (jUPnP's choice: no loopback, no point-to-point, up). */
    static JupnpConfiguration household(Duration connectTimeout, Duration deadline) {
        return new JupnpConfiguration(connectTimeout, deadline,
                () -> new NetworkAddressFactoryImpl(NetworkAddressFactoryImpl.DEFAULT_TCP_HTTP_LISTEN_PORT,
                        NetworkAddressFactoryImpl.DEFAULT_MULTICAST_RESPONSE_LISTEN_PORT),
                true);
    }

    static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public NetworkAddressFactory createNetworkAddressFactory() {
        return networks.get();
    }

    @Override
    public DatagramProcessor getDatagramProcessor() {
        return datagrams;
    }

    @Override
    public SOAPActionProcessor getSoapActionProcessor() {
        return soap;
    }

    @Override
    public GENAEventProcessor getGenaEventProcessor() {
        return gena;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public StreamClient createStreamClient() {
        return new JdkStreamClient(connectTimeout, deadline,
                Executors.newCachedThreadPool(daemons("hearth-upnp-http" + clients.incrementAndGet() + "-")));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public MulticastReceiver createMulticastReceiver(NetworkAddressFactory factory) {
        return listen ? new OptionalReceiver(
                new MulticastReceiverConfigurationImpl(factory.getMulticastGroup(), factory.getMulticastPort())) : null;
    }

    /**
     * jUPnP's SSDP group listener, except that an SSDP port taken by another program (one that did not
     * allow sharing it) costs only the router's announcements, as it did before jUPnP: jUPnP itself
     * would give up the whole stack, searches and port mappings included.
     */
    static final class OptionalReceiver implements MulticastReceiver<MulticastReceiverConfigurationImpl> {
        private final MulticastReceiverImpl receiver;
        private volatile boolean listening;

        OptionalReceiver(MulticastReceiverConfigurationImpl configuration) {
            this.receiver = new MulticastReceiverImpl(configuration);
        }

        @Override
        public void init(NetworkInterface networkInterface, Router router, NetworkAddressFactory networkAddressFactory,
                DatagramProcessor datagramProcessor) {
            try {
                receiver.init(networkInterface, router, networkAddressFactory, datagramProcessor);
                listening = true;
            } catch (InitializationException e) {
                LOG.warn("cannot listen for the router's announcements on {} ({}); forwardings are renewed on schedule only",
                        networkInterface.getDisplayName(), e.getMessage());
            }
        }

        boolean listening() {
            return listening;
        }

        @Override
        public void run() {
            if (listening) {
                receiver.run();
            }
        }

        @Override
        public void stop() {
            if (listening) {
                receiver.stop();
            }
        }

        @Override
        public MulticastReceiverConfigurationImpl getConfiguration() {
            return receiver.getConfiguration();
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public DatagramIO createDatagramIO(NetworkAddressFactory factory) {
        return new DatagramIOImpl(new DatagramIOConfigurationImpl());
    }

    /** None: no TCP listener, no callback servlet (GENA is not needed to map ports). */
    @Override
    @SuppressWarnings("rawtypes")
    public StreamServer createStreamServer(NetworkAddressFactory factory) {
        return null;
    }

    @Override
    public Executor getMulticastReceiverExecutor() {
        return receivers;
    }

    @Override
    public Executor getDatagramIOExecutor() {
        return receivers;
    }

    @Override
    public Executor getRegistryMaintainerExecutor() {
        return receivers;
    }

    @Override
    public ExecutorService getStreamServerExecutorService() {
        return work;
    }

    @Override
    public Executor getAsyncProtocolExecutor() {
        return work;
    }

    @Override
    public ExecutorService getSyncProtocolExecutorService() {
        return work;
    }

    @Override
    public Executor getRegistryListenerExecutor() {
        return work;
    }

    @Override
    public Executor getRemoteListenerExecutor() {
        return work;
    }

    @Override
    public DeviceDescriptorBinder getDeviceDescriptorBinderUDA10() {
        return devices;
    }

    @Override
    public ServiceDescriptorBinder getServiceDescriptorBinderUDA10() {
        return services;
    }

    /**
     * None: every service of a router is described. (jUPnP's exclusive types would also keep the root
     * device's other services out, and then it drops the WAN services of the embedded devices as well.)
     */
    @Override
    public ServiceType[] getExclusiveServiceTypes() {
        return new ServiceType[0];
    }

    @Override
    public int getRegistryMaintenanceIntervalMillis() {
        return MAINTENANCE_MILLIS;
    }

    @Override
    public int getAliveIntervalMillis() {
        return 0;
    }

    @Override
    public boolean isReceivedSubscriptionTimeoutIgnored() {
        return false;
    }

    @Override
    public Integer getRemoteDeviceMaxAgeSeconds() {
        return null;
    }

    @Override
    public UpnpHeaders getDescriptorRetrievalHeaders(RemoteDeviceIdentity identity) {
        return null;
    }

    @Override
    public UpnpHeaders getEventSubscriptionHeaders(RemoteService service) {
        return null;
    }

    @Override
    public Namespace getNamespace() {
        return namespace;
    }

    @Override
    public void shutdown() {
        receivers.shutdownNow();
        work.shutdownNow();
    }

    /** Waits for the threads to end after jUPnP's shutdown (the receivers end when their sockets close). */
    boolean awaitStopped(Duration wait) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + wait.toNanos();
        boolean r = receivers.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS);
        boolean w = work.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        return r && w;
    }
}
