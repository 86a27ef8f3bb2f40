package org.hearthsync.pim;

import java.util.Objects;

import org.hearthsync.pim.internal.ContactMapper;
import org.hearthsync.pim.internal.EventMapper;
import org.hearthsync.pim.internal.NoteMapper;
import org.hearthsync.pim.internal.TaskMapper;

/** The mappers, one per data class. Plain factory: the sync engine constructs what it needs. */
public final class PimMappers {
    private static final PimMapper CONTACTS = new ContactMapper();
    private static final PimMapper CALENDAR = new EventMapper();
    private static final PimMapper TASKS = new TaskMapper();
    private static final PimMapper NOTES = new NoteMapper();

    private PimMappers() {
    }

    public static PimMapper contacts() {
        return CONTACTS;
    }

    public static PimMapper calendar() {
        return CALENDAR;
    }

    public static PimMapper tasks() {
        return TASKS;
    }

    public static PimMapper notes() {
        return NOTES;
    }

    public static PimMapper of(PimClass pimClass) {
        switch (Objects.requireNonNull(pimClass, "pimClass")) {
            case CONTACTS: return CONTACTS;
            case CALENDAR: return CALENDAR;
            case TASKS: return TASKS;
            default: return NOTES;
        }
    }
}
