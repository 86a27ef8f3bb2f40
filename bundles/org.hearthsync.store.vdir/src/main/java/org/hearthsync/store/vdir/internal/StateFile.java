package org.hearthsync.store.vdir.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.hearthsync.api.store.DataClass;

/**
 * The persisted part of the index: the store epoch and, per folder, its epoch, class, revisions,
 * items (etag, kind, file attributes) and change log. Binary, with a CRC; written to a temporary
 * file, forced and renamed, so a crash leaves either the old or the new state.
 */
final class StateFile {

    private static final String MAGIC = "hearth-vdir-state";
    private static final int VERSION = 1;

    /** One folder's persisted state. */
    record FolderState(String name, String epoch, DataClass primary, boolean settled, long revision, long minRevision,
            Map<String, FolderIndex.Item> items, Map<String, FolderIndex.LogEntry> entries) {
    }

    /** The whole state. */
    record State(String storeEpoch, List<FolderState> folders) {
    }

    private StateFile() {
    }

    static void write(Path file, State state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        CRC32 crc = new CRC32();
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(bytes, crc));
        out.writeUTF(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(state.storeEpoch());
        out.writeInt(state.folders().size());
        for (FolderState f : state.folders()) {
            out.writeUTF(f.name());
            out.writeUTF(f.epoch());
            out.writeByte(f.primary() == null ? -1 : f.primary().ordinal());
            out.writeBoolean(f.settled());
            out.writeLong(f.revision());
            out.writeLong(f.minRevision());
            out.writeInt(f.items().size());
            for (Map.Entry<String, FolderIndex.Item> e : f.items().entrySet()) {
                FolderIndex.Item item = e.getValue();
                out.writeUTF(e.getKey());
                out.writeUTF(item.etag());
                out.writeByte(item.kind().ordinal());
                out.writeLong(item.size());
                out.writeLong(item.mtime());
                out.writeUTF(item.fileKey());
            }
            out.writeInt(f.entries().size());
            for (Map.Entry<String, FolderIndex.LogEntry> e : f.entries().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue().revision());
                out.writeInt(e.getValue().kinds());
                out.writeLong(e.getValue().deletedAt());
            }
        }
        out.flush();
        long checksum = crc.getValue();
        out.writeLong(checksum);
        out.flush();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path parent = file.toAbsolutePath().getParent();
        Path temp = ItemFiles.writeTemp(parent, bytes.toByteArray());
        ItemFiles.moveIntoPlace(temp, file, false);
        ItemFiles.syncDirectory(parent);
    }

    /** The state in {@code file}, or {@code null} if there is none; throws if it is damaged. */
    static State read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        CRC32 crc = new CRC32();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            CheckedInputStream checked = new CheckedInputStream(raw, crc);
            DataInputStream in = new DataInputStream(checked);
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
                throw new IOException("not a vdir state file of this version");
            }
            String storeEpoch = in.readUTF();
            int folderCount = in.readInt();
            List<FolderState> folders = new ArrayList<>();
            DataClass[] classes = DataClass.values();
            for (int i = 0; i < folderCount; i++) {
                String name = in.readUTF();
                String epoch = in.readUTF();
                int primary = in.readByte();
                boolean settled = in.readBoolean();
                long revision = in.readLong();
                long minRevision = in.readLong();
                int itemCount = in.readInt();
                Map<String, FolderIndex.Item> items = new HashMap<>();
                for (int j = 0; j < itemCount; j++) {
                    String itemName = in.readUTF();
                    items.put(itemName, new FolderIndex.Item(in.readUTF(), classes[in.readByte()], in.readLong(),
                            in.readLong(), in.readUTF()));
                }
                int entryCount = in.readInt();
                Map<String, FolderIndex.LogEntry> entries = new HashMap<>();
                for (int j = 0; j < entryCount; j++) {
                    String entryName = in.readUTF();
                    entries.put(entryName, new FolderIndex.LogEntry(in.readLong(), in.readInt(), in.readLong()));
                }
                folders.add(new FolderState(name, epoch, primary < 0 ? null : classes[primary], settled, revision,
                        minRevision, items, entries));
            }
            long expected = crc.getValue();
            long stored = new DataInputStream(raw).readLong();
            if (expected != stored) {
                throw new IOException("checksum mismatch");
            }
            return new State(storeEpoch, folders);
        } catch (RuntimeException e) {
            throw new IOException("damaged: " + e, e);
        }
    }
}
