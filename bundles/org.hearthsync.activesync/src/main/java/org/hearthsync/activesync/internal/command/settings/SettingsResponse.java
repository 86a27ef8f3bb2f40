package org.hearthsync.activesync.internal.command.settings;

import org.hearthsync.wbxml.Element;

/** Builds the Settings response: the overall status, then one element per operation. */
public final class SettingsResponse {
    private static final String NS = SettingsRequest.NS;
    private final Element root = new Element(NS, "Settings");
    private final Element status;

    public SettingsResponse() {
        status = Element.of(NS, "Status", "1");
        root.add(status);
    }

    public SettingsResponse status(int s) {
        status.text(Integer.toString(s));
        return this;
    }

    /** Adds {@code <name><Status>s</Status></name>} and returns the new element for more content. */
    public Element operation(String name, int s) {
        Element e = root.add(NS, name);
        e.addText(NS, "Status", Integer.toString(s));
        return e;
    }

    public Element toElement() {
        return root;
    }
}
