package org.hearthsync.console.internal;

import static org.hearthsync.console.internal.WizardHtml.choice;
import static org.hearthsync.console.internal.WizardHtml.str;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Step 2: which kind of phone, remembered in the wizard's own configuration for the texts that follow. */
final class PhoneStep implements WizardStep {
    private static final List<String> TYPES = List.of("iphone", "android", "other");
    private final ConfigWriter configs;

    PhoneStep(ConfigWriter configs) {
        this.configs = configs;
    }

    @Override
    public String id() {
        return "phone";
    }

    @Override
    public void render(View v) {
        PrintWriter w = v.w();
        Ui ui = v.ui();
        String chosen = v.state().phoneType();
        w.println("<p>" + ui.h("phone.intro") + "</p><fieldset><legend>" + ui.h("phone.legend") + "</legend>");
        for (String t : TYPES) {
            choice(w, "phone", t, t.equals(chosen) || (chosen.isEmpty() && "iphone".equals(t)), ui.t("phone." + t),
                    ui.t("phone." + t + ".help"));
        }
        w.println("</fieldset>");
    }

    @Override
    public boolean save(Form f) throws IOException {
        String t = f.param("phone");
        if (!TYPES.contains(t)) {
            t = "other";
        }
        if (!t.equals(str(configs.read(WizardConfig.PID).get("phone.type")))) {
            configs.update(WizardConfig.PID, Map.of("phone.type", t));
        }
        return false;
    }
}
