package org.hearthsync.console.internal;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/** The small pieces of HTML and parsing the setup wizard's steps share. */
final class WizardHtml {

    private WizardHtml() {
    }

    static void choice(PrintWriter w, String name, String value, boolean checked, String label, String help) {
        String id = "choice-" + name + "-" + (value.isEmpty() ? "auto" : value.replaceAll("[^A-Za-z0-9_-]", "-"));
        w.println("<label class='hearth-choice' for='" + Ui.attr(id) + "'><input type='radio' id='" + Ui.attr(id) + "' name='"
                + Ui.attr(name) + "' value='" + Ui.attr(value) + "'" + (checked ? " checked='checked'" : "") + "/> "
                + Ui.esc(label) + (help.isEmpty() ? "" : "<small>" + Ui.esc(help) + "</small>") + "</label>");
    }

    static void field(PrintWriter w, String name, String label, String type, String value, String help, String autocomplete) {
        w.println("<div class='hearth-field'><label for='" + Ui.attr(name) + "'>" + Ui.esc(label) + "</label><input type='" + type
                + "' id='" + Ui.attr(name) + "' name='" + Ui.attr(name) + "' value='" + Ui.attr(value) + "' autocomplete='"
                + autocomplete + "'" + (help.isEmpty() ? "" : " aria-describedby='" + Ui.attr(name + "-help") + "'") + "/>"
                + (help.isEmpty() ? "" : "<p class='hearth-help' id='" + Ui.attr(name + "-help") + "'>" + Ui.esc(help) + "</p>")
                + "</div>");
    }

    static void kv(PrintWriter w, String k, String v) {
        w.println("<tr><th scope='row'>" + Ui.esc(k) + "</th><td><code>" + Ui.esc(v) + "</code></td></tr>");
    }

    /** The wizard's own address, for links and form actions. */
    static String self(HttpServletRequest req) {
        return Ui.appRoot(req) + "/" + SetupWizard.LABEL;
    }

    /** The browser's locale as metatype names it, or null. */
    static String locale(HttpServletRequest req) {
        return req.getLocale() == null ? null : req.getLocale().toString();
    }

    static int intValue(Object o, int def) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        try {
            return o == null ? def : Integer.parseInt(String.valueOf(o).trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }

    static Instant parseInstant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String str(Object o) {
        return o == null ? "" : String.valueOf(o).strip();
    }

    static String str0(String s) {
        return s == null ? "" : s;
    }

    static List<String> strings(Object o) {
        if (o instanceof String[] a) {
            return List.of(a);
        }
        if (o instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        if (o instanceof String s && !s.isBlank()) {
            return List.of(s.split("\\s*,\\s*"));
        }
        return List.of();
    }
}
