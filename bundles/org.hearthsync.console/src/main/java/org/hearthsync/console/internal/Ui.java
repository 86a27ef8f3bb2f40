package org.hearthsync.console.internal;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import org.owasp.encoder.Encode;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Small helpers shared by the console pages: texts, escaping, the page's style and script. */
final class Ui {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final String APP_ROOT = "felix.webconsole.appRoot";

    private final ResourceBundle texts;

    Ui(Class<?> page, Locale locale) {
        this.texts = ResourceBundle.getBundle(page.getName(), locale == null ? Locale.ROOT : locale, page.getClassLoader());
    }

    /** A text from the page's resource bundle, with {0}-style arguments filled in, not escaped. */
    String t(String key, Object... args) {
        String s;
        try {
            s = texts.getString(key);
        } catch (MissingResourceException e) {
            s = key;
        }
        return args.length == 0 ? s : new MessageFormat(s, Locale.ROOT).format(args);
    }

    /** The same text, escaped for HTML content. */
    String h(String key, Object... args) {
        return Encode.forHtml(t(key, args));
    }

    static String esc(Object s) {
        return Encode.forHtml(s == null ? "" : String.valueOf(s));
    }

    static String attr(Object s) {
        return Encode.forHtmlAttribute(s == null ? "" : String.valueOf(s));
    }

    static String time(Instant i) {
        return i == null ? "" : TIME.format(i);
    }

    static String appRoot(HttpServletRequest req) {
        Object a = req.getAttribute(APP_ROOT);
        return a instanceof String s && !s.isBlank() ? s : CsrfGuard.PATH;
    }

    /** The links to the console pages' style sheet and script, served from this bundle's res/ folder. */
    static String assets(HttpServletRequest req, String label) {
        String base = appRoot(req) + "/" + label + "/res/hearth/";
        return "<link rel='stylesheet' href='" + attr(base + "console.css") + "'/>\n"
                + "<script src='" + attr(base + "console.js") + "' defer='defer'></script>";
    }

    static String csrf(String token) {
        return "<input type='hidden' name='" + CsrfGuard.FIELD + "' value='" + attr(token) + "'/>";
    }

    static void html(HttpServletResponse resp) {
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
    }

    /** The part of the path after the plugin label, such as {@code rows.htm}, or empty. */
    static String subPath(HttpServletRequest req, String label) {
        String p = req.getPathInfo();
        if (p == null) {
            return "";
        }
        String prefix = "/" + label;
        if (p.startsWith(prefix)) {
            p = p.substring(prefix.length());
        }
        return p.startsWith("/") ? p.substring(1) : p;
    }
}
