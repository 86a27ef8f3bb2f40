package org.hearthsync.upnp.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What Hearth needs from a gateway's device description: its name and UDN, and its WAN connection
 * services (WANIPConnection v1/v2, WANPPPConnection v1) with their control addresses, best first.
 */
record DeviceDescription(String friendlyName, String udn, List<Service> services) {

    record Service(String type, URI controlUrl) {
        int preference() {
            if (type.startsWith(Igd.WAN_IP_PREFIX)) {
                return type.endsWith(":2") ? 0 : 1;
            }
            return 2;
        }
    }

    static DeviceDescription parse(byte[] xml, URI location) throws IOException {
        Document d = Xml.parse(xml);
        Element root = d.getDocumentElement();
        URI base = location;
        String urlBase = Xml.childText(root, "URLBase");
        if (!urlBase.isEmpty()) {
            try {
                URI u = new URI(urlBase);
                if ("http".equalsIgnoreCase(u.getScheme())) {
                    base = u;
                }
            } catch (URISyntaxException e) {
                // ignore a broken URLBase: the location is the base then
            }
        }
        List<Element> devices = Xml.children(root, "device");
        if (devices.isEmpty()) {
            throw new IOException("the description at " + location + " has no device");
        }
        Element device = devices.get(0);
        String name = Xml.childText(device, "friendlyName");
        String udn = Xml.childText(device, "UDN");
        List<Service> services = new ArrayList<>();
        for (Element s : Xml.descendants(device, "service")) {
            String type = Xml.childText(s, "serviceType");
            if (!(type.startsWith(Igd.WAN_IP_PREFIX) || type.startsWith(Igd.WAN_PPP_PREFIX))) {
                continue;
            }
            String control = Xml.childText(s, "controlURL");
            if (control.isEmpty()) {
                continue;
            }
            try {
                URI c = base.resolve(new URI(control));
                // the control address must be on the device that described itself: never post elsewhere
                if ("http".equalsIgnoreCase(c.getScheme()) && c.getHost() != null
                        && c.getHost().equalsIgnoreCase(location.getHost())) {
                    services.add(new Service(type, c));
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // a service with a broken control address cannot be used
            }
        }
        services.sort(Comparator.comparingInt(Service::preference));
        return new DeviceDescription(name.length() > 100 ? name.substring(0, 100) : name, udn, List.copyOf(services));
    }
}
