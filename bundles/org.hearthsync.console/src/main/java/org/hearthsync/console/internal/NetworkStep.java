package org.hearthsync.console.internal;

import static org.hearthsync.console.internal.WizardHtml.choice;
import static org.hearthsync.console.internal.WizardHtml.str;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import org.hearthsync.api.net.LanAddresses;
import org.hearthsync.net.NetSettings;

/** Which of the computer's LAN addresses (as the address service lists them) phones use; shown only when there is more than one. */
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
        for (LanAddresses.LanAddress addr : lanAddresses()) {
            String ip = addr.address().getHostAddress();
            choice(w, "address", ip, ip.equals(override), ip + " (" + addr.interfaceName() + ")", "");
        }
        w.println("</fieldset>");
    }

    @Override
    public boolean save(Form f) throws IOException {
        String address = f.param("address");
        if (!address.isEmpty() && lanAddresses().stream().noneMatch(a -> a.address().getHostAddress().equals(address))) {
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

    /** The choices the address service lists; none (the step is skipped) without it. */
    private List<LanAddresses.LanAddress> lanAddresses() {
        LanAddresses l = services.lanAddresses;
        return l == null ? List.of() : l.lanAddresses();
    }
}
