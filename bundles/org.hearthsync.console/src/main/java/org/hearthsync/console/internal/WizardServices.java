package org.hearthsync.console.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.hearthsync.activesync.settings.AccountSettings;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.account.DeviceRegistry;
import org.hearthsync.api.certs.CertificateAuthority;
import org.hearthsync.api.ddns.DnsNameGenerator;
import org.hearthsync.api.ddns.DnsUpdater;
import org.hearthsync.api.listener.Listener;
import org.hearthsync.api.listener.ListenerPorts;
import org.hearthsync.api.net.AddressService;
import org.hearthsync.api.net.LanAddresses;
import org.hearthsync.api.portmap.PortMappingStatus;
import org.hearthsync.api.publicname.PublicName;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.setup.OnboardingEvents;
import org.hearthsync.transport.ServerUrls;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The services the setup wizard's steps read and act through, each optional and followed as it comes and goes
 * (a step whose service is missing says so and offers the manual way). Facts other parts own are read from
 * the services they publish (the listeners from the transport, the Internet name from the setup bundle), never
 * from their configuration.
 */
@Component(service = WizardServices.class)
public final class WizardServices {
    private final BundleContext context;
    private final Map<PimStore, Map<String, Object>> stores = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ServerUrls urls;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AddressService addresses;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile LanAddresses lanAddresses;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CertificateAuthority ca;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile OnboardingEvents onboarding;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile DeviceRegistry devices;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AccountRegistry accounts;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PortMappingStatus portMapping;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile DnsUpdater dns;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile MetaTypeService metatype;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ListenerPorts listeners;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PublicName publicName;
    /** One per dynamic DNS provider bundle: its sign-up page, and creating a name where its API allows. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<DnsNameGenerator> nameGenerators;

    @Activate
    public WizardServices(BundleContext context) {
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStore(PimStore s, Map<String, Object> props) {
        stores.put(s, props);
    }

    void removeStore(PimStore s) {
        stores.remove(s);
    }

    BundleContext context() {
        return context;
    }

    /** The running stores with their service properties, by name. */
    List<Map.Entry<PimStore, Map<String, Object>>> stores() {
        return stores.entrySet().stream().sorted(Comparator.comparing(e -> WizardHtml.str(e.getValue().get(PimStore.NAME)))).toList();
    }

    Optional<PimStore> store(String name) {
        return stores.entrySet().stream().filter(e -> name.equals(WizardHtml.str(e.getValue().get(PimStore.NAME))))
                .map(Map.Entry::getKey).findFirst();
    }

    Optional<Account> account(String user) {
        AccountRegistry a = accounts;
        if (a == null || user.isEmpty()) {
            return Optional.empty();
        }
        return a.accounts().stream().filter(x -> x.userName().equalsIgnoreCase(user)).findFirst();
    }

    List<DnsNameGenerator> generators() {
        List<DnsNameGenerator> g = nameGenerators;
        return g == null ? List.of() : g.stream().sorted(Comparator.comparing(DnsNameGenerator::displayName)).toList();
    }

    /** The EAS and setup ports phones connect to on this computer. */
    record PhonePorts(int eas, int setup) {
    }

    /** The ports of the transport's EAS and setup listeners; the defaults until the transport publishes them. */
    PhonePorts phonePorts() {
        ListenerPorts l = listeners;
        return new PhonePorts(port(l, Listener.Role.EAS, 8443), port(l, Listener.Role.SETUP, 54321));
    }

    private static int port(ListenerPorts l, Listener.Role role, int def) {
        return l == null ? def : l.listener(role).map(Listener::port).orElse(def);
    }

    /** The Internet name phones use, empty for the home network only. */
    String publicHost() {
        PublicName p = publicName;
        return p == null ? "" : p.host().orElse("");
    }

    /** The router's external EAS port for the Internet name. */
    int publicEasPort() {
        PublicName p = publicName;
        return p == null ? 443 : p.easPort();
    }

    /** The LAN address phones use, as the address service finds it (or the user chose). */
    Optional<String> primaryAddress() {
        AddressService a = addresses;
        return a == null ? Optional.empty() : a.primaryAddress().map(InetAddress::getHostAddress);
    }

    /**
     * Waits, at most {@code timeout}, until the setup bundle publishes {@code host} as the Internet name (it
     * modifies its service when its configuration changes); true when it does.
     */
    boolean awaitPublicHost(String host, Duration timeout) {
        CountDownLatch seen = new CountDownLatch(1);
        ServiceTracker<PublicName, PublicName> tracker = new ServiceTracker<>(context, PublicName.class, null) {
            @Override
            public PublicName addingService(ServiceReference<PublicName> reference) {
                PublicName p = super.addingService(reference);
                check(p);
                return p;
            }

            @Override
            public void modifiedService(ServiceReference<PublicName> reference, PublicName p) {
                check(p);
            }

            private void check(PublicName p) {
                if (p != null && p.host().filter(host::equalsIgnoreCase).isPresent()) {
                    seen.countDown();
                }
            }
        };
        tracker.open();
        try {
            return seen.await(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            tracker.close();
        }
    }

    /** Waits, at most {@code timeout}, for the store just configured to be registered; true when it is. */
    boolean awaitStore(String name, Duration timeout) {
        return await("(&(" + Constants.OBJECTCLASS + "=" + PimStore.class.getName() + ")(" + PimStore.NAME + "=" + escape(name) + "))",
                timeout) && store(name).isPresent();
    }

    /** Waits, at most {@code timeout}, for the account just configured to be registered by its owner. */
    boolean awaitAccount(String user, Duration timeout) {
        return await("(&(service.factoryPid=" + AccountSettings.FACTORY_PID + ")(" + AccountSettings.USER_NAME + "=" + escape(user) + "))",
                timeout);
    }

    /**
     * A tracker, not a poll: it wakes when the service is registered. It tracks every class, because the
     * account's component registers a class of its own bundle that this bundle cannot see.
     */
    private boolean await(String filter, Duration timeout) {
        Filter f;
        try {
            f = FrameworkUtil.createFilter(filter);
        } catch (InvalidSyntaxException e) {
            return false;
        }
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, f, null);
        tracker.open(true);
        try {
            return tracker.waitForService(Math.max(1, timeout.toMillis())) != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            tracker.close();
        }
    }

    /** A value as an LDAP filter literal (RFC 4515): the characters that mean something are escaped. */
    static String escape(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
