package org.hearthsync.setup.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.dav.DavPaths;

/**
 * The setup page's HTML: small, no script, no external resources, readable on a phone. Every
 * value that comes from outside (the host, the user name) is escaped.
 *
 * @param platform    the phone the page is for
 * @param fingerprint the root's SHA-256 fingerprint, as served
 * @param rootName    the root's common name, as the phone lists it
 * @param server      where the phone's Exchange account points
 * @param userName    the account, when the page was opened for one
 * @param email       the account's e-mail address, when known
 */
record SetupPage(Platform platform, String fingerprint, String rootName, ServerAddress server,
        Optional<String> userName, Optional<String> email) {

    static final String CRT = "/hearth-ca.crt";
    static final String CER = "/hearth-ca.cer";
    static final String PEM = "/hearth-ca.pem";
    static final String PROFILE = "/hearth.mobileconfig";
    /** The computers' page: calendars and contacts over CalDAV/CardDAV. */
    static final String COMPUTERS = "/computers";
    static final String MAC_PROFILE = "/hearth-mac.mobileconfig";

    String render(Texts t) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("host", server.host());
        values.put("port", Integer.toString(server.port()));
        values.put("root", rootName);
        userName.ifPresent(u -> values.put("user", u));

        StringBuilder h = open(t, "page");

        h.append("<section class=\"card\" id=\"platform-").append(platform.parameter).append("\">\n");
        switch (platform) {
            case IOS -> steps(h, t, "ios", PROFILE, "download-profile", 5, values);
            case ANDROID -> steps(h, t, "android", CRT, "download-crt", 5, values);
            case WINDOWS_PHONE -> steps(h, t, "windowsphone", CER, "download-cer", 3, values);
            case OTHER -> other(h, t);
        }
        h.append("</section>\n");

        fingerprint(h, t);

        if (platform != Platform.IOS) {
            settings(h, t);
        }
        account(h, t, values);

        h.append("<nav class=\"card\"><h2>").append(t.get("page.other.heading")).append("</h2><p class=\"switch\">");
        for (Platform p : Platform.values()) {
            if (p == platform) {
                continue;
            }
            String label = p == Platform.OTHER ? t.get("page.other.all") : t.get("page.other." + p.parameter);
            h.append("<a id=\"switch-").append(p.parameter).append("\" href=\"").append(Html.escape(pageLink(p)))
                    .append("\">").append(label).append("</a> ");
        }
        h.append("</p><p><a id=\"computers\" href=\"").append(Html.escape(withUser(COMPUTERS))).append("\">")
                .append(t.get("page.other.computers")).append("</a></p></nav>\n");
        return close(h, t);
    }

    /**
     * The computers' page: the DAV address and, per program (macOS with its profile, Thunderbird, GNOME and
     * Evolution, KDE Kontact, Outlook with the CalDav Synchronizer add-in, DAVx5 on Android tablets), the steps to add Hearth's calendars and contacts.
     */
    String renderComputers(Texts t) {
        Map<String, String> values = new LinkedHashMap<>();
        String url = "https://" + server.hostAndPort() + DavPaths.ROOT;
        values.put("url", url);
        values.put("host", server.host());
        values.put("port", Integer.toString(server.port()));
        values.put("root", rootName);
        values.put("user", userName.orElse(t.get("page.settings.yours")));
        StringBuilder h = open(t, "computers");
        h.append("<section class=\"card\" id=\"dav-address\">\n<h2>").append(t.get("computers.address.heading"))
                .append("</h2>\n<p><code id=\"dav-url\">").append(Html.escape(url)).append("</code></p>\n<dl>\n");
        row(h, t.get("page.settings.server"), "<code id=\"server-host\">" + Html.escape(server.host()) + "</code>");
        row(h, t.get("page.settings.port"), "<code id=\"server-port\">" + server.port() + "</code>");
        row(h, t.get("page.settings.user"), userName.map(u -> "<code id=\"user-name\">" + Html.escape(u) + "</code>")
                .orElse(t.get("page.settings.yours")));
        row(h, t.get("page.settings.password"), t.get("page.settings.password.value"));
        h.append("</dl>\n<p class=\"small\">").append(t.get("computers.address.help")).append("</p>\n</section>\n");
        fingerprint(h, t);
        h.append("<section class=\"card\" id=\"client-macos\">\n");
        steps(h, t, "macos", MAC_PROFILE, "download-mac-profile", 4, values);
        h.append("</section>\n");
        for (String client : List.of("thunderbird", "gnome", "kde", "outlook", "davx5")) {
            h.append("<section class=\"card\" id=\"client-").append(client).append("\">\n");
            // Windows' certificate import opens a .cer by double-click; the others take the .crt
            steps(h, t, client, "outlook".equals(client) ? CER : CRT, "download-crt-" + client, 4, values);
            h.append("</section>\n");
        }
        h.append("<nav class=\"card\"><p><a id=\"phones\" href=\"").append(Html.escape(withUser("/")))
                .append("\">").append(t.get("computers.phones")).append("</a></p></nav>\n");
        return close(h, t);
    }

    /** The document up to the page's lead paragraph; {@code key} names its title, heading and intro texts. */
    private static StringBuilder open(Texts t, String key) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!doctype html>\n<html lang=\"").append(Html.escape(t.language())).append("\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(t.get(key + ".title")).append("</title>\n")
                .append("<style>").append(CSS).append("</style></head>\n<body>\n");
        h.append("<header><span class=\"logo\">Hearth</span></header>\n<main>\n");
        h.append("<h1>").append(t.get(key + ".heading")).append("</h1>\n");
        h.append("<p class=\"intro\">").append(t.get(key + ".intro")).append("</p>\n");
        return h;
    }

    private static String close(StringBuilder h, Texts t) {
        h.append("</main>\n<footer>").append(t.get("page.footer")).append("</footer>\n</body></html>\n");
        return h.toString();
    }

    private void fingerprint(StringBuilder h, Texts t) {
        h.append("<section class=\"card\">\n<h2>").append(t.get("page.fingerprint.label")).append("</h2>\n")
                .append("<p><code id=\"fingerprint\">").append(Html.escape(fingerprint)).append("</code></p>\n")
                .append("<p class=\"small\">").append(t.get("page.fingerprint.help")).append("</p>\n</section>\n");
    }

    private void steps(StringBuilder h, Texts t, String key, String download, String id, int count,
            Map<String, String> values) {
        h.append("<h2>").append(t.get(key + ".heading")).append("</h2>\n");
        h.append("<p>").append(t.get(key + ".lead")).append("</p>\n");
        h.append("<p><a class=\"button\" id=\"").append(id).append("\" href=\"").append(Html.escape(withUser(download)))
                .append("\">").append(t.get(key + ".download")).append("</a></p>\n<ol>\n");
        for (int i = 1; i <= count; i++) {
            h.append("<li>").append(t.format(key + ".step" + i, values)).append("</li>\n");
        }
        h.append("</ol>\n");
    }

    private void other(StringBuilder h, Texts t) {
        h.append("<h2>").append(t.get("other.heading")).append("</h2>\n<p>").append(t.get("other.lead")).append("</p>\n");
        h.append("<ul class=\"downloads\">\n");
        link(h, "download-profile", withUser(PROFILE), t.get("other.ios"));
        link(h, "download-crt", CRT, t.get("other.android"));
        link(h, "download-cer", CER, t.get("other.windowsphone"));
        link(h, "download-pem", PEM, t.get("other.pem"));
        h.append("</ul>\n");
    }

    private static void link(StringBuilder h, String id, String href, String label) {
        h.append("<li><a class=\"button secondary\" id=\"").append(id).append("\" href=\"").append(Html.escape(href))
                .append("\">").append(label).append("</a></li>\n");
    }

    private void settings(StringBuilder h, Texts t) {
        h.append("<section class=\"card\" id=\"settings\">\n<h2>").append(t.get("page.settings.heading")).append("</h2>\n<dl>\n");
        row(h, t.get("page.settings.server"), "<code id=\"server-host\">" + Html.escape(server.host()) + "</code>");
        row(h, t.get("page.settings.port"), "<code id=\"server-port\">" + server.port() + "</code>");
        row(h, t.get("page.settings.ssl"), t.get("page.settings.ssl.value"));
        row(h, t.get("page.settings.user"), userName.map(u -> "<code id=\"user-name\">" + Html.escape(u) + "</code>")
                .orElse(t.get("page.settings.yours")));
        row(h, t.get("page.settings.email"), email.map(e -> "<code>" + Html.escape(e) + "</code>")
                .orElse(t.get("page.settings.yours.email")));
        row(h, t.get("page.settings.domain"), t.get("page.settings.domain.value"));
        row(h, t.get("page.settings.password"), t.get("page.settings.password.value"));
        h.append("</dl>\n</section>\n");
    }

    private static void row(StringBuilder h, String label, String valueHtml) {
        h.append("<dt>").append(label).append("</dt><dd>").append(valueHtml).append("</dd>\n");
    }

    private void account(StringBuilder h, Texts t, Map<String, String> values) {
        h.append("<section class=\"card\" id=\"account\">\n<h2>").append(t.get("page.account.heading")).append("</h2>\n");
        if (userName.isPresent()) {
            h.append("<p>").append(t.format("page.account.current", values)).append(" <a href=\"")
                    .append(Html.escape("/?os=" + platform.parameter)).append("\">").append(t.get("page.account.change"))
                    .append("</a></p>\n");
        } else {
            h.append("<p class=\"small\">").append(t.get("page.account.help")).append("</p>\n")
                    .append("<form method=\"get\" action=\"/\"><input type=\"hidden\" name=\"os\" value=\"")
                    .append(platform.parameter).append("\"><label>").append(t.get("page.account.field"))
                    .append(" <input name=\"user\" autocapitalize=\"none\" autocorrect=\"off\" spellcheck=\"false\" maxlength=\"64\">")
                    .append("</label> <button type=\"submit\">").append(t.get("page.account.submit"))
                    .append("</button></form>\n");
        }
        h.append("</section>\n");
    }

    private String withUser(String path) {
        return userName.map(u -> path + "?user=" + Html.query(u)).orElse(path);
    }

    private String pageLink(Platform p) {
        return "/?os=" + p.parameter + userName.map(u -> "&user=" + Html.query(u)).orElse("");
    }

    private static final String CSS = """
            :root{color-scheme:light dark;--accent:#b5481b;--bg:#faf7f4;--card:#fff;--text:#222;--muted:#666;--line:#e6dfd8}
            @media (prefers-color-scheme:dark){:root{--bg:#1c1a19;--card:#262321;--text:#eee;--muted:#aaa;--line:#3a3532}}
            *{box-sizing:border-box}
            body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--text)}
            header{background:var(--accent);color:#fff;padding:.7rem 1rem}
            .logo{font-weight:700;letter-spacing:.04em}
            main{max-width:36rem;margin:0 auto;padding:0 1rem 1rem}
            h1{font-size:1.5rem;margin:1.2rem 0 .4rem}
            h2{font-size:1.1rem;margin:0 0 .5rem}
            .intro{margin-top:0}
            .card{background:var(--card);border:1px solid var(--line);border-radius:.8rem;padding:1rem;margin:1rem 0}
            .button{display:block;text-align:center;padding:.85rem 1rem;background:var(--accent);color:#fff;border-radius:.6rem;
              text-decoration:none;font-weight:600}
            .button.secondary{background:transparent;color:var(--accent);border:2px solid var(--accent);margin:.4rem 0}
            ol{padding-left:1.3rem}li{margin:.45rem 0}
            ul.downloads{list-style:none;padding:0}
            code{font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace;font-size:.92em}
            #fingerprint{display:block;word-break:break-all;background:var(--bg);padding:.6rem;border-radius:.4rem;line-height:1.6}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem .8rem;margin:0}dt{color:var(--muted)}dd{margin:0;word-break:break-all}
            .small{font-size:.9rem;color:var(--muted)}
            form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}label{flex:1 1 12rem;display:flex;flex-direction:column;font-size:.9rem}
            input{font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:.4rem;background:var(--bg);color:var(--text)}
            button{font:inherit;padding:.55rem 1rem;border:0;border-radius:.4rem;background:var(--accent);color:#fff}
            .switch a{display:inline-block;margin:.2rem .8rem .2rem 0;color:var(--accent)}
            footer{max-width:36rem;margin:0 auto;padding:0 1rem 2rem;font-size:.85rem;color:var(--muted)}
            """;
}
