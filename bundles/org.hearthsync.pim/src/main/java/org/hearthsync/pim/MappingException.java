package org.hearthsync.pim;

/**
 * Stored text or phone data that cannot be mapped: unparseable vCard/iCalendar, no component of
 * the expected kind, or an EAS field whose value is malformed. The message names the problem.
 * It is the only exception a {@link PimMapper} throws.
 */
public class MappingException extends Exception {
    private static final long serialVersionUID = 1L;

    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
