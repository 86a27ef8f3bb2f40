package org.hearthsync.transport.internal;

import java.io.PrintStream;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.hearthsync.api.net.AddressService;
import org.hearthsync.transport.Listeners;
import org.hearthsync.transport.ServerUrls;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;

/**
 * Knows where Hearth is reachable once both listeners are really up, and tells the person who
 * started it, in a few plain lines on standard output: where to point a phone, where the setup
 * page is and where the console is. Printed again when the ports change; not a log, so it does
 * not depend on the log level.
 */
@Component(immediate = true, service = ServerUrls.class)
public final class StartupBanner implements ServerUrls {

    private final ListenerConfigurator listeners;
    private final Map<String, String> endpoints = new ConcurrentHashMap<>();
    private volatile AddressService addresses;
    private String lastPrinted;
    private final PrintStream out = System.out;

    @Activate
    public StartupBanner(@Reference ListenerConfigurator listeners) {
        this.listeners = listeners;
        maybePrint();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setAddresses(AddressService a) {
        this.addresses = a;
    }

    void unsetAddresses(AddressService a) {
        if (this.addresses == a) {
            this.addresses = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + Listeners.PROPERTY + "=*)")
    void addRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        endpoints.put(String.valueOf(props.get(Listeners.PROPERTY)), endpointsOf(props));
        maybePrint();
    }

    void updatedRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        addRuntime(runtime, props);
    }

    void removeRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        endpoints.remove(String.valueOf(props.get(Listeners.PROPERTY)));
    }

    private static String endpointsOf(Map<String, Object> props) {
        Object e = props.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        if (e instanceof String[] a) {
            return String.join(" ", a);
        }
        if (e instanceof Iterable<?> it) {
            StringBuilder sb = new StringBuilder();
            it.forEach(x -> sb.append(x).append(' '));
            return sb.toString();
        }
        return String.valueOf(e);
    }

    private boolean up(ListenerSettings s) {
        String pub = endpoints.get(Listeners.PUBLIC);
        return pub != null && pub.contains(":" + s.easPort() + "/") && pub.contains(":" + s.setupPort() + "/");
    }

    private boolean consoleUp(ListenerSettings s) {
        String console = endpoints.get(Listeners.CONSOLE);
        return console != null && console.contains(":" + s.consolePort() + "/");
    }

    @Override
    public Optional<String> easServer() {
        ListenerSettings s = listeners.settings();
        return up(s) ? Optional.of(host() + ":" + s.easPort()) : Optional.empty();
    }

    @Override
    public Optional<String> easUrl() {
        return easServer().map(server -> "https://" + server + Listeners.EAS_PATH);
    }

    @Override
    public Optional<String> setupUrl() {
        ListenerSettings s = listeners.settings();
        return up(s) ? Optional.of("http://" + host() + ":" + s.setupPort() + "/") : Optional.empty();
    }

    @Override
    public Optional<String> consoleUrl() {
        ListenerSettings s = listeners.settings();
        return consoleUp(s) ? Optional.of(consoleUrl(s)) : Optional.empty();
    }

    private static String consoleUrl(ListenerSettings s) {
        return "http://127.0.0.1:" + s.consolePort() + "/system/console";
    }

    private synchronized void maybePrint() {
        if (listeners == null) {
            return;
        }
        ListenerSettings s = listeners.settings();
        if (!up(s) || !consoleUp(s)) {
            return;
        }
        String text = bannerText(s, host());
        if (!text.equals(lastPrinted)) {
            lastPrinted = text;
            out.print(text);
            out.flush();
        }
    }

    private String host() {
        AddressService a = addresses;
        Optional<InetAddress> primary = a == null ? Optional.empty() : a.primaryAddress();
        return primary.map(StartupBanner::literal).orElse("localhost");
    }

    private static String literal(InetAddress a) {
        String h = a.getHostAddress();
        return h.indexOf(':') >= 0 ? "[" + h + "]" : h;
    }

    static String bannerText(ListenerSettings s, String host) {
        return "Hearth is running.\n"
                + "  Phones (Exchange account): server " + host + ":" + s.easPort() + "  (https://" + host + ":"
                + s.easPort() + Listeners.EAS_PATH + ")\n"
                + "  Setup page for phones:     http://" + host + ":" + s.setupPort() + "/\n"
                + "  Console (this computer):   " + consoleUrl(s) + "\n";
    }
}
