package org.hearthsync.pim;

import org.hearthsync.pim.internal.EventMapper;
import org.hearthsync.wbxml.Element;

/**
 * EAS 16.0/16.1 edits of one occurrence of a recurring appointment. Such a phone does not send the series with its
 * Exceptions (MS-ASCAL 2.2.2.22 forbids it); it sends a Sync {@code Change} or {@code Delete} with the series'
 * ServerId and an {@code AirSyncBase:InstanceId}, the original UTC start of the occurrence (MS-ASAIRS 2.2.2.25).
 * These apply such an edit to the stored series; the result is merged like any phone change (everything else kept).
 */
public final class InstanceEdits {
    private InstanceEdits() {
    }

    /**
     * A Change of one occurrence: the phone's fields (StartTime, EndTime, Subject, Location, Body, Reminder, ...) become
     * that occurrence's RECURRENCE-ID override, created or merged onto the existing one; fields the phone leaves out
     * keep their current value for the occurrence. Series-only fields (Recurrence, UID, Timezone, organizer) are ignored.
     *
     * @param storedText      the stored series (iCalendar)
     * @param instanceId      the InstanceId as sent (Compact DateTime, e.g. {@code 20261123T080000Z})
     * @param applicationData the Change's {@code AirSync:ApplicationData}
     * @throws MappingException when the object does not recur or the InstanceId names none of its occurrences
     */
    public static MergeResult change(String storedText, String instanceId, Element applicationData, MappingOptions options)
            throws MappingException {
        return EventMapper.changeInstance(storedText, instanceId, applicationData, options);
    }

    /**
     * A Delete of one occurrence: it gets an EXDATE (an override of it is removed).
     *
     * @throws MappingException when the object does not recur or the InstanceId names none of its occurrences
     */
    public static MergeResult delete(String storedText, String instanceId, MappingOptions options) throws MappingException {
        return EventMapper.deleteInstance(storedText, instanceId, options);
    }
}
