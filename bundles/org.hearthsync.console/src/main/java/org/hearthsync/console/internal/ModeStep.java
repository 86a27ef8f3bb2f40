package org.hearthsync.console.internal;

import static org.hearthsync.console.internal.WizardHtml.choice;
import static org.hearthsync.console.internal.WizardHtml.str;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;

import org.hearthsync.upnp.UpnpSettings;

/** Step 1: phones on the home Wi-Fi only, or on the Internet too. Switches port forwarding off again for Wi-Fi only. */
final class ModeStep implements WizardStep {
    private final ConfigWriter configs;
    private final ActionLog log;

    ModeStep(ConfigWriter configs, ActionLog log) {
        this.configs = configs;
        this.log = log;
    }

    @Override
    public String id() {
        return "mode";
    }

    @Override
    public void render(View v) {
        PrintWriter w = v.w();
        Ui ui = v.ui();
        WizardState st = v.state();
        w.println("<p>" + ui.h("mode.intro") + "</p><fieldset><legend>" + ui.h("mode.legend") + "</legend>");
        choice(w, "mode", "wifi", st.mode().isEmpty() || "wifi".equals(st.mode()), ui.t("mode.wifi"), ui.t("mode.wifi.help"));
        choice(w, "mode", "internet", st.internet(), ui.t("mode.internet"), ui.t("mode.internet.help"));
        w.println("</fieldset>");
    }

    @Override
    public boolean save(Form f) throws IOException {
        String mode = "internet".equals(f.req().getParameter("mode")) ? "internet" : "wifi";
        String before = str(configs.read(WizardConfig.PID).get("mode"));
        if (mode.equals(before)) {
            return false;
        }
        configs.update(WizardConfig.PID, Map.of("mode", mode));
        if ("wifi".equals(mode)) {
            // UPnP is off unless turned on; turn it off only where an earlier Internet choice turned it on
            Object enabled = configs.read(UpnpSettings.PID).get(UpnpSettings.ENABLED);
            if (enabled != null && Boolean.parseBoolean(String.valueOf(enabled))) {
                configs.update(UpnpSettings.PID, Map.of(UpnpSettings.ENABLED, Boolean.FALSE));
            }
            log.record("set Hearth up for phones on the home Wi-Fi only (router port forwarding off)");
        } else {
            log.record("set Hearth up for phones on the Internet too");
        }
        return false;
    }
}
