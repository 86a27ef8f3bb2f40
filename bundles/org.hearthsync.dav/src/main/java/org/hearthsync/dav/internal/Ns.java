package org.hearthsync.dav.internal;

/** The XML namespaces DAV speaks, with the prefixes Hearth writes them with. */
final class Ns {
    static final String DAV = "DAV:";
    static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
    static final String CARDDAV = "urn:ietf:params:xml:ns:carddav";
    /** calendarserver.org: getctag, which older clients poll instead of sync-token. */
    static final String CS = "http://calendarserver.org/ns/";
    /** Apple's iCal namespace: calendar-color and calendar-order. */
    static final String APPLE = "http://apple.com/ns/ical/";

    private Ns() {
    }

    /** The fixed prefix of a known namespace, or {@code null}. */
    static String prefix(String ns) {
        return switch (ns) {
            case DAV -> "d";
            case CALDAV -> "c";
            case CARDDAV -> "card";
            case CS -> "cs";
            case APPLE -> "ical";
            default -> null;
        };
    }
}
