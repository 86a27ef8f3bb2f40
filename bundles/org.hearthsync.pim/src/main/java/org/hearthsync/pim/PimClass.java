package org.hearthsync.pim;

/**
 * The EAS data classes this bundle maps, with the standard text format each one is stored as.
 * Kept here, not in the shared API, so the mapping bundle does not depend on the store SPI.
 */
public enum PimClass {
    /** MS-ASCNTC contacts, stored as vCard 4.0. */
    CONTACTS("text/vcard"),
    /** MS-ASCAL appointments, stored as iCalendar 2.0 with one VEVENT series. */
    CALENDAR("text/calendar"),
    /** MS-ASTASK tasks, stored as iCalendar 2.0 with one VTODO. */
    TASKS("text/calendar"),
    /** MS-ASNOTE notes, stored as iCalendar 2.0 with one VJOURNAL. */
    NOTES("text/calendar");

    private final String mediaType;

    PimClass(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The media type of the stored text. */
    public String mediaType() {
        return mediaType;
    }
}
