package org.hearthsync.console.internal;

import static org.hearthsync.console.internal.WizardHtml.choice;
import static org.hearthsync.console.internal.WizardHtml.str;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.hearthsync.net.NetSettings;

/** Which of the computer's LAN addresses phones use; shown only on a computer with more than one. */
final class NetworkStep extends WritingStep {

    NetworkStep(WizardServices services, ConfigWriter configs, ActionLog log) {
        super("network", services, configs, log);
    }

    @Override
    public boolean applies(WizardState state) {
        return lanAddresses().size() > 1;
    }

    @Override
    public void render(View v) {
        PrintWriter w = v.w();
        Ui ui = v.ui();
        String current = services.primaryAddress().orElse("");
        String override = str(configs.read(NetSettings.PID).get(NetSettings.PRIMARY_ADDRESS));
        w.println("<p>" + ui.h("network.intro") + "</p><fieldset><legend>" + ui.h("network.legend") + "</legend>");
        choice(w, "address", "", override.isEmpty(), ui.t("network.auto", current.isEmpty() ? "\u2013" : current), ui.t("network.auto.help"));
        for (InetAddress addr : lanAddresses()) {
            String ip = addr.getHostAddress();
            choice(w, "address", ip, ip.equals(override), ip + " (" + interfaceName(addr) + ")", "");
        }
        w.println("</fieldset>");
    }

    @Override
    public boolean save(Form f) throws IOException {
        String address = f.param("address");
        if (!address.isEmpty() && lanAddresses().stream().noneMatch(a -> a.getHostAddress().equals(address))) {
            f.errors().add("not an address of this computer: " + address);
            return false;
        }
        String before = str(configs.read(NetSettings.PID).get(NetSettings.PRIMARY_ADDRESS));
        if (!address.equals(before)) {
            configs.update(NetSettings.PID, Map.of(NetSettings.PRIMARY_ADDRESS, address));
            log.record(address.isEmpty() ? "let Hearth find the computer's address itself" : "chose " + address + " as the computer's address");
        }
        return false;
    }

    /** The computer's private IPv4 addresses on interfaces that are up, the choices phones on the LAN may use. */
    static List<InetAddress> lanAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback() || ni.isVirtual() || ni.isPointToPoint()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
                        out.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            // no list: the step is skipped
        }
        return out;
    }

    private static String interfaceName(InetAddress a) {
        try {
            NetworkInterface ni = NetworkInterface.getByInetAddress(a);
            return ni == null ? "?" : ni.getDisplayName();
        } catch (SocketException e) {
            return "?";
        }
    }
}
