package org.hearthsync.activesync.internal.sync;

import java.util.Set;

import org.hearthsync.api.store.DataClass;
import org.hearthsync.wbxml.Element;

/**
 * What a client's item must be before it is stored: anything else gets Sync status 6 (MS-ASCMD
 * 2.2.3.177.17, "error in client/server conversion"), which a phone shows as a failed item and
 * does not send again, instead of being stored as something the computer's apps choke on.
 *
 * <ul>
 * <li>No control characters other than tab, line feed and carriage return in any text: vCard and
 * iCalendar cannot carry them (RFC 6350 3.3, RFC 5545 3.1) and the files' readers stop at them.
 * Refused rather than silently dropped, so the phone's copy is never different from the stored one
 * without anyone knowing.</li>
 * <li>An Add carries at least one field of the folder's class: an empty ApplicationData, or one with
 * only another class's fields (an Email in a Contacts folder), would become an empty item.</li>
 * <li>An event's EndTime is not before its StartTime, when the request gives both.</li>
 * </ul>
 */
final class ItemValidation {
    private static final Set<String> CONTACTS = Set.of("Contacts", "Contacts2");
    private static final Set<String> CALENDAR = Set.of("Calendar");
    private static final Set<String> TASKS = Set.of("Tasks");
    private static final Set<String> NOTES = Set.of("Notes");
    /** Namespaces of item fields of some class (AirSyncBase's Body and the like belong to all). */
    private static final Set<String> CLASS_FIELDS = Set.of("Contacts", "Contacts2", "Calendar", "Tasks", "Notes", "Email",
            "Email2", "DocumentLibrary", "RightsManagement");
    private static final String BASE = "AirSyncBase";

    private ItemValidation() {
    }

    /** Why {@code data} may not be stored in a folder of {@code dataClass}; {@code null} when it may. */
    static String problem(DataClass dataClass, Element data, boolean add) {
        String control = controlCharacter(data);
        if (control != null) {
            return "a control character in " + control;
        }
        if (add) {
            Set<String> own = own(dataClass);
            boolean hasOwn = false;
            boolean hasForeign = false;
            boolean hasBody = false;
            for (Element c : data.children()) {
                if (own.contains(c.namespace())) {
                    hasOwn = true;
                } else if (CLASS_FIELDS.contains(c.namespace())) {
                    hasForeign = true;
                } else if (c.is(BASE, "Body")) {
                    String text = c.childText(BASE, "Data");
                    hasBody = text != null && !text.isBlank();
                }
            }
            if (!hasOwn && (hasForeign || !hasBody)) {
                return hasForeign ? "only another class's fields" : "no fields";
            }
        }
        if (dataClass == DataClass.CALENDAR) {
            String start = data.childText("Calendar", "StartTime");
            String end = data.childText("Calendar", "EndTime");
            Long s = instant(start);
            Long e = instant(end);
            if (s != null && e != null && e < s) {
                return "an end before its start";
            }
        }
        return null;
    }

    private static Set<String> own(DataClass dataClass) {
        return switch (dataClass) {
            case CONTACTS -> CONTACTS;
            case CALENDAR -> CALENDAR;
            case TASKS -> TASKS;
            case NOTES -> NOTES;
        };
    }

    /** The name of the first element whose text holds a control character, or {@code null}. */
    private static String controlCharacter(Element e) {
        String t = e.text();
        if (t != null) {
            for (int i = 0; i < t.length(); i++) {
                char ch = t.charAt(i);
                if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7f) {
                    return e.name();
                }
            }
        }
        for (Element c : e.children()) {
            String found = controlCharacter(c);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * An EAS date-time ({@code 20261204T120000Z} or {@code 2026-12-04T12:00:00.000Z}) as the number
     * yyyyMMddHHmmss, which orders as the instants do; {@code null} when it is not one.
     */
    static Long instant(String v) {
        if (v == null) {
            return null;
        }
        StringBuilder digits = new StringBuilder(14);
        for (int i = 0; i < v.length() && digits.length() < 14; i++) {
            char ch = v.charAt(i);
            if (ch >= '0' && ch <= '9') {
                digits.append(ch);
            }
        }
        return digits.length() == 14 && v.trim().endsWith("Z") ? Long.valueOf(digits.toString()) : null;
    }
}
