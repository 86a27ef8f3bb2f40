package org.hearthsync.setup.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The setup page's texts, from the resource bundle {@code OSGI-INF/l10n/setup*.properties} (UTF-8),
 * in the first language of the browser's list that has a translation, else English.
 *
 * <p>Texts are trusted and may hold simple markup ({@code <b>}); placeholders are named,
 * {@code {host}}, and the values put in are HTML-escaped, so a translation never has to care about
 * MessageFormat's quoting rules.
 */
final class Texts {
    static final String BASE_NAME = "OSGI-INF.l10n.setup";
    private static final ResourceBundle.Control CONTROL =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ResourceBundle bundle;

    private Texts(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    /** Texts for the first of {@code wanted} that has a translation, else the English ones. */
    static Texts forLocales(List<Locale> wanted) {
        ClassLoader loader = Texts.class.getClassLoader();
        for (Locale l : wanted) {
            if (l.getLanguage().isEmpty()) {
                continue;
            }
            ResourceBundle b = ResourceBundle.getBundle(BASE_NAME, l, loader, CONTROL);
            if (b.getLocale().getLanguage().equals(l.getLanguage())) {
                return new Texts(b);
            }
        }
        return new Texts(ResourceBundle.getBundle(BASE_NAME, Locale.ROOT, loader, CONTROL));
    }

    /** The language of these texts, for {@code <html lang>}: "en" for the base texts. */
    String language() {
        String l = bundle.getLocale().getLanguage();
        return l.isEmpty() ? "en" : l;
    }

    /** The text as written (trusted markup). */
    String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    /** The text with each {@code {name}} replaced by its value, HTML-escaped. */
    String format(String key, Map<String, String> values) {
        String text = get(key);
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace("{" + e.getKey() + "}", Html.escape(e.getValue()));
        }
        return text;
    }
}
