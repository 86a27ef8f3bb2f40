package org.hearthsync.console.internal;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;


/** What to allow in this computer's firewall for the listeners' ports, with the commands of the firewall tools found. */
final class FirewallStep implements WizardStep {
    private final WizardServices services;

    FirewallStep(WizardServices services) {
        this.services = services;
    }

    @Override
    public String id() {
        return "firewall";
    }

    @Override
    public void render(View v) {
        PrintWriter w = v.w();
        Ui ui = v.ui();
        WizardServices.PhonePorts ports = services.phonePorts();
        int eas = ports.eas();
        int setup = ports.setup();
        w.println("<p>" + ui.h("firewall.intro") + "</p>");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            w.println("<p>" + ui.h(os.contains("mac") ? "firewall.mac" : os.contains("win") ? "firewall.windows" : "firewall.other",
                    eas, setup) + "</p>");
            return;
        }
        List<String> found = new ArrayList<>();
        for (String prog : List.of("ufw", "firewall-cmd", "nft")) {
            if (program(prog)) {
                found.add(prog);
            }
        }
        if (found.isEmpty()) {
            w.println("<p class='hearth-calm' id='firewall-none'>" + ui.h("firewall.none", eas, setup) + "</p>");
            return;
        }
        for (String prog : found) {
            String cmd = switch (prog) {
                case "ufw" -> "sudo ufw allow " + eas + "/tcp\nsudo ufw allow " + setup + "/tcp";
                case "firewall-cmd" -> "sudo firewall-cmd --permanent --add-port=" + eas + "/tcp --add-port=" + setup + "/tcp\n"
                        + "sudo firewall-cmd --reload";
                default -> "sudo nft add rule inet filter input tcp dport '{ " + eas + ", " + setup + " }' accept";
            };
            w.println("<h2>" + ui.h("firewall.with", prog) + "</h2><p>" + ui.h("firewall." + prog.replace("-cmd", "")) + "</p><pre id='"
                    + Ui.attr("firewall-" + prog) + "'>" + Ui.esc(cmd) + "</pre>");
        }
    }

    /** Whether a program is installed: on the PATH or in the sbin folders a desktop user's PATH often lacks. */
    static boolean program(String name) {
        List<String> dirs = new ArrayList<>(Arrays.asList(String.valueOf(System.getenv("PATH")).split(java.io.File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        for (String d : dirs) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return true;
            }
        }
        return false;
    }
}
