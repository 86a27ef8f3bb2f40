package org.hearthsync.store.embedded.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;

/**
 * A collection's description and change-tracking state, as stored in the {@code collections} map.
 *
 * @param epoch       random per collection; prefixes its etags and tokens, so neither is valid in another
 *                    collection or in a store created again under the same name
 * @param revision    the revision of the collection's latest change; each change takes the next one
 * @param minRevision the oldest revision a sync token may name: deletions before it were forgotten
 */
record CollectionRecord(String id, String displayName, DataClass dataClass, String color, boolean isDefault,
        String epoch, long revision, long minRevision) {

    private static final int FORMAT = 1;

    CollectionInfo info() {
        return new CollectionInfo(id, displayName, dataClass, color, isDefault);
    }

    CollectionRecord withRevision(long newRevision) {
        return new CollectionRecord(id, displayName, dataClass, color, isDefault, epoch, newRevision, minRevision);
    }

    CollectionRecord withMinRevision(long newMin) {
        return new CollectionRecord(id, displayName, dataClass, color, isDefault, epoch, revision, newMin);
    }

    CollectionRecord withDisplayName(String name) {
        return new CollectionRecord(id, name, dataClass, color, isDefault, epoch, revision, minRevision);
    }

    CollectionRecord withColor(String newColor) {
        return new CollectionRecord(id, displayName, dataClass, newColor, isDefault, epoch, revision, minRevision);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(id);
            out.writeUTF(displayName);
            out.writeUTF(dataClass.name());
            out.writeBoolean(color != null);
            if (color != null) {
                out.writeUTF(color);
            }
            out.writeBoolean(isDefault);
            out.writeUTF(epoch);
            out.writeLong(revision);
            out.writeLong(minRevision);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static CollectionRecord decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown collection record format " + format);
            }
            String id = in.readUTF();
            String displayName = in.readUTF();
            DataClass dataClass = DataClass.valueOf(in.readUTF());
            String color = in.readBoolean() ? in.readUTF() : null;
            boolean isDefault = in.readBoolean();
            String epoch = in.readUTF();
            long revision = in.readLong();
            long minRevision = in.readLong();
            return new CollectionRecord(id, displayName, dataClass, color, isDefault, epoch, revision, minRevision);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
