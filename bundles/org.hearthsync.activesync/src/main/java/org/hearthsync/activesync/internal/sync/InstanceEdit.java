package org.hearthsync.activesync.internal.sync;

import org.hearthsync.api.store.DataClass;
import org.hearthsync.pim.InstanceEdits;
import org.hearthsync.pim.MappingException;
import org.hearthsync.pim.MappingOptions;
import org.hearthsync.pim.MergeResult;
import org.hearthsync.wbxml.Element;

/**
 * EAS 16.0/16.1 occurrence edits: a client Sync {@code Change} or {@code Delete} that carries an
 * {@code AirSyncBase:InstanceId} next to the series' ServerId changes or deletes one occurrence (MS-ASCMD 2.2.3.24,
 * 2.2.3.42.2; MS-ASAIRS 2.2.2.25), not the item. Both are writes of the series resource: the occurrence's override
 * or EXDATE is merged onto the stored object ({@link InstanceEdits}), so the write path, etag checks and conflicts
 * are those of a Change. Kept apart from {@link CollectionSync} so that class only routes to it.
 */
public final class InstanceEdit {
    static final String BASE = "AirSyncBase";

    private InstanceEdit() {
    }

    /** The InstanceId of a client command, or null for a command on the whole item. */
    public static String of(Element cmd) {
        String id = cmd.childText(BASE, "InstanceId");
        return id == null || id.isBlank() ? null : id.trim();
    }

    /** Whether a client command deletes a whole item (a Delete without InstanceId), as the mass-deletion guard counts. */
    public static boolean deletesItem(Element cmd) {
        return cmd.name().equals("Delete") && of(cmd) == null;
    }

    /**
     * The series after the edit. {@code data} is the Change's ApplicationData ({@code null} for a Delete).
     *
     * @throws MappingException for another data class than Calendar, an InstanceId that names no occurrence, or data
     *                          that cannot be mapped: the phone gets status 6
     */
    static MergeResult apply(DataClass dataClass, Element cmd, String stored, Element data, MappingOptions options)
            throws MappingException {
        if (dataClass != DataClass.CALENDAR) {
            throw new MappingException("InstanceId in a " + dataClass + " collection");
        }
        if (cmd.name().equals("Delete")) {
            return InstanceEdits.delete(stored, of(cmd), options);
        }
        return InstanceEdits.change(stored, of(cmd), data, options);
    }

    /** A response to the command ({@code Change} or {@code Delete}) with its ServerId, InstanceId and status. */
    static Element response(Element cmd, String sid, int status) {
        Element r = new Element(CollectionSync.AS, cmd.name()).addText(CollectionSync.AS, "ServerId", sid == null ? "" : sid);
        String instance = of(cmd);
        if (instance != null) {
            r.addText(BASE, "InstanceId", instance); // MS-ASAIRS 2.2.2.25: echoed with the ServerId
        }
        return r.addText(CollectionSync.AS, "Status", Integer.toString(status));
    }
}
