package org.hearthsync.console.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A settings form made from a part's own MetaType description, for parts whose settings the
 * wizard does not know in advance (store adapters, DNS provider plugins, drop-ins). Passwords are
 * never shown back; leaving one empty keeps the stored one.
 */
final class MetatypeForm {
    static final String NAME_HINT = "webconsole.configurationFactory.nameHint";

    /** A factory PID with its description. */
    record Described(String pid, ObjectClassDefinition ocd) {
        String name() {
            return ocd.getName() == null ? pid : ocd.getName();
        }
    }

    private MetatypeForm() {
    }

    /** The factory PIDs described by installed bundles that start with {@code prefix}, in bundle order. */
    static List<Described> factories(BundleContext context, MetaTypeService metatype, String prefix, String locale) {
        List<Described> out = new ArrayList<>();
        if (metatype == null) {
            return out;
        }
        for (Bundle b : context.getBundles()) {
            if (b.getState() != Bundle.ACTIVE) {
                continue;
            }
            try {
                MetaTypeInformation info = metatype.getMetaTypeInformation(b);
                if (info == null) {
                    continue;
                }
                for (String pid : info.getFactoryPids()) {
                    if (pid.startsWith(prefix)) {
                        out.add(new Described(pid, info.getObjectClassDefinition(pid, locale)));
                    }
                }
            } catch (RuntimeException e) {
                // a bundle with a broken description is left out
            }
        }
        return out;
    }

    static Optional<Described> factory(BundleContext context, MetaTypeService metatype, String pid, String locale) {
        return factories(context, metatype, pid, locale).stream().filter(d -> d.pid().equals(pid)).findFirst();
    }

    static List<AttributeDefinition> attributes(ObjectClassDefinition ocd) {
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        List<AttributeDefinition> out = new ArrayList<>();
        if (all != null) {
            for (AttributeDefinition a : all) {
                if (!NAME_HINT.equals(a.getID())) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** The form fields, named {@code prefix + attribute id}; attributes in {@code advanced} go into a "More settings" box. */
    static void render(PrintWriter w, ObjectClassDefinition ocd, String prefix, Map<String, String> values,
            List<String> advanced, String moreLabel) {
        List<AttributeDefinition> main = new ArrayList<>();
        List<AttributeDefinition> more = new ArrayList<>();
        for (AttributeDefinition a : attributes(ocd)) {
            (advanced.contains(a.getID()) ? more : main).add(a);
        }
        for (AttributeDefinition a : main) {
            field(w, a, prefix, values);
        }
        if (!more.isEmpty()) {
            w.println("<details><summary>" + Ui.esc(moreLabel) + "</summary>");
            for (AttributeDefinition a : more) {
                field(w, a, prefix, values);
            }
            w.println("</details>");
        }
    }

    private static void field(PrintWriter w, AttributeDefinition a, String prefix, Map<String, String> values) {
        String id = "f-" + (prefix + a.getID()).replaceAll("[^A-Za-z0-9_-]", "-");
        String name = prefix + a.getID();
        String value = values.getOrDefault(a.getID(), defaultValue(a));
        String help = a.getDescription() == null ? "" : "<p class='hearth-help' id='" + Ui.attr(id + "-help") + "'>"
                + Ui.esc(a.getDescription()) + "</p>";
        String described = a.getDescription() == null ? "" : " aria-describedby='" + Ui.attr(id + "-help") + "'";
        w.println("<div class='hearth-field'>");
        if (a.getType() == AttributeDefinition.BOOLEAN) {
            w.println("<label><input type='checkbox' id='" + Ui.attr(id) + "' name='" + Ui.attr(name) + "' value='true'"
                    + ("true".equalsIgnoreCase(value) ? " checked='checked'" : "") + described + "/> " + Ui.esc(a.getName())
                    + "</label><input type='hidden' name='" + Ui.attr(name + ".present") + "' value='1'/>" + help);
        } else if (a.getOptionValues() != null && a.getOptionValues().length > 0) {
            w.println("<label for='" + Ui.attr(id) + "'>" + Ui.esc(a.getName()) + "</label><select id='" + Ui.attr(id)
                    + "' name='" + Ui.attr(name) + "'" + described + ">");
            String[] labels = a.getOptionLabels();
            for (int i = 0; i < a.getOptionValues().length; i++) {
                String v = a.getOptionValues()[i];
                w.println("<option value='" + Ui.attr(v) + "'" + (v.equals(value) ? " selected='selected'" : "") + ">"
                        + Ui.esc(labels != null && i < labels.length ? labels[i] : v) + "</option>");
            }
            w.println("</select>" + help);
        } else {
            String type = a.getType() == AttributeDefinition.PASSWORD ? "password"
                    : a.getType() == AttributeDefinition.INTEGER || a.getType() == AttributeDefinition.LONG ? "number" : "text";
            w.println("<label for='" + Ui.attr(id) + "'>" + Ui.esc(a.getName()) + "</label><input type='" + type + "' id='"
                    + Ui.attr(id) + "' name='" + Ui.attr(name) + "' value='"
                    + Ui.attr(a.getType() == AttributeDefinition.PASSWORD ? "" : value) + "'"
                    + (a.getType() == AttributeDefinition.PASSWORD ? " autocomplete='new-password'" : " autocomplete='off'")
                    + described + "/>" + help);
        }
        w.println("</div>");
    }

    private static String defaultValue(AttributeDefinition a) {
        String[] d = a.getDefaultValue();
        return d == null || d.length == 0 || a.getType() == AttributeDefinition.PASSWORD ? "" : String.join(",", d);
    }

    /** The posted values as configuration properties of the right types; empty passwords are left out. */
    static Map<String, Object> read(HttpServletRequest req, ObjectClassDefinition ocd, String prefix, List<String> problems) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (AttributeDefinition a : attributes(ocd)) {
            String name = prefix + a.getID();
            if (a.getType() == AttributeDefinition.BOOLEAN) {
                if (req.getParameter(name + ".present") != null) {
                    out.put(a.getID(), "true".equals(req.getParameter(name)));
                }
                continue;
            }
            String v = req.getParameter(name);
            if (v == null) {
                continue;
            }
            v = v.strip();
            if (a.getType() == AttributeDefinition.PASSWORD && v.isEmpty()) {
                continue;
            }
            if (a.getCardinality() != 0) {
                String[] parts = v.isEmpty() ? new String[0] : Arrays.stream(v.split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toArray(String[]::new);
                String bad = null;
                for (String p : parts) {
                    String why = a.validate(p);
                    if (why != null && !why.isEmpty()) {
                        bad = why;
                    }
                }
                if (bad != null) {
                    problems.add(a.getName() + ": " + bad);
                }
                out.put(a.getID(), a.getType() == AttributeDefinition.INTEGER ? Arrays.stream(parts).mapToInt(ConfigValues::toInt).toArray() : parts);
                continue;
            }
            String why = v.isEmpty() ? null : a.validate(v);
            if (why != null && !why.isEmpty()) {
                problems.add(a.getName() + ": " + why);
                continue;
            }
            switch (a.getType()) {
                case AttributeDefinition.INTEGER -> {
                    if (!v.isEmpty()) {
                        try {
                            out.put(a.getID(), Integer.parseInt(v));
                        } catch (NumberFormatException e) {
                            problems.add(a.getName() + ": not a whole number");
                        }
                    }
                }
                case AttributeDefinition.LONG -> {
                    if (!v.isEmpty()) {
                        try {
                            out.put(a.getID(), Long.parseLong(v));
                        } catch (NumberFormatException e) {
                            problems.add(a.getName() + ": not a whole number");
                        }
                    }
                }
                default -> out.put(a.getID(), v);
            }
        }
        return out;
    }

    /** Small conversions of configuration values. */
    static final class ConfigValues {
        private ConfigValues() {
        }

        static int toInt(String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
