package org.hearthsync.api.store;

/** The kinds of data Hearth syncs, with the EAS class name and the stored format of each. */
public enum DataClass {
    CONTACTS("Contacts", "text/vcard", null, ".vcf"),
    CALENDAR("Calendar", "text/calendar", "VEVENT", ".ics"),
    TASKS("Tasks", "text/calendar", "VTODO", ".ics"),
    NOTES("Notes", "text/calendar", "VJOURNAL", ".ics");

    private final String easName;
    private final String mediaType;
    private final String component;
    private final String fileExtension;

    DataClass(String easName, String mediaType, String component, String fileExtension) {
        this.easName = easName;
        this.mediaType = mediaType;
        this.component = component;
        this.fileExtension = fileExtension;
    }

    /** The class name EAS uses in Sync and FolderSync ({@code Contacts}, {@code Calendar}, ...). */
    public String easName() {
        return easName;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The iCalendar component the class stores ({@code VEVENT}, ...), or {@code null} for contacts. */
    public String component() {
        return component;
    }

    public String fileExtension() {
        return fileExtension;
    }
}
