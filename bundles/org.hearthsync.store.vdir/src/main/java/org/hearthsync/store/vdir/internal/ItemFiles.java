package org.hearthsync.store.vdir.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

import org.hearthsync.api.store.DataClass;

/** File-level helpers: content etags, component detection, atomic durable writes. No state. */
final class ItemFiles {

    /** Prefix of Hearth's temporary files: hidden, and without an item extension, so no vdir reader picks them up. */
    static final String TEMP_PREFIX = ".hearth-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ItemFiles() {
    }

    /** The etag of a content: 128 bits of its SHA-256, so it changes with every content change. */
    static String etag(byte[] content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * The class of an item file's content: {@link DataClass#CONTACTS} for a vCard, else the first
     * top-level VEVENT/VTODO/VJOURNAL; {@code fallback} if there is none.
     */
    static DataClass kindOf(String content, DataClass fallback) {
        int from = 0;
        int length = content.length();
        while (from < length) {
            int end = content.indexOf('\n', from);
            if (end < 0) {
                end = length;
            }
            String line = content.substring(from, end).strip();
            from = end + 1;
            if (line.length() < 11 || !line.regionMatches(true, 0, "BEGIN:V", 0, 7)) {
                continue;
            }
            String component = line.substring(6).toUpperCase(Locale.ROOT);
            switch (component) {
                case "VCARD":
                    return DataClass.CONTACTS;
                case "VEVENT":
                    return DataClass.CALENDAR;
                case "VTODO":
                    return DataClass.TASKS;
                case "VJOURNAL", "VNOTE":
                    return DataClass.NOTES;
                default:
                    break;
            }
        }
        return fallback;
    }

    /**
     * Why an iCalendar file is not an item, or {@code null}: one holding no VEVENT, VTODO or VJOURNAL (a
     * free/busy- or time-zone-only file) names what it holds.
     */
    static String notAnItem(String content) {
        if (kindOf(content, null) != null) {
            return null;
        }
        java.util.Set<String> held = new java.util.TreeSet<>();
        for (String line : content.split("\r\n|\n|\r")) {
            String l = line.strip().toUpperCase(Locale.ROOT);
            if (l.startsWith("BEGIN:") && !l.equals("BEGIN:VCALENDAR") && l.length() > 6) {
                held.add(l.substring(6));
            }
        }
        return held.isEmpty() ? "holds no event, task or note" : "holds no event, task or note, only " + String.join(", ", held);
    }

    /** A stable key for the file behind a path (device and inode on Unix), or "" where the platform has none. */
    static String fileKey(BasicFileAttributes attrs) {
        Object key = attrs.fileKey();
        return key == null ? "" : key.toString();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code content} to a new hidden temporary file in {@code folder} and forces it to disk.
     * The caller moves it into place and deletes it if that fails.
     */
    static Path writeTemp(Path folder, byte[] content) throws IOException {
        Path temp = folder.resolve(TEMP_PREFIX + randomHex(8) + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    /**
     * Moves {@code temp} to {@code target}. With {@code mustNotExist}, fails with
     * {@link FileAlreadyExistsException} if the target exists, atomically where the file system has
     * hard links (link(2) never replaces), so an item another program created meanwhile is never lost.
     */
    static void moveIntoPlace(Path temp, Path target, boolean mustNotExist) throws IOException {
        try {
            if (mustNotExist) {
                try {
                    Files.createLink(target, temp);
                    return; // the finally block removes the temporary name
                } catch (FileAlreadyExistsException e) {
                    throw e;
                } catch (UnsupportedOperationException | IOException noHardLinks) {
                    if (Files.exists(target)) {
                        throw new FileAlreadyExistsException(target.toString());
                    }
                }
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Makes a rename or delete in {@code folder} durable (a no-op where directories cannot be opened). */
    static void syncDirectory(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory; its renames are durable through the journal
        }
    }

    /** Writes a small metadata file (displayname, color) atomically. */
    static void writeMetadata(Path file, String value) throws IOException {
        Path temp = writeTemp(file.getParent(), utf8(value));
        moveIntoPlace(temp, file, false);
        syncDirectory(file.getParent());
    }

    /** A small metadata file's text, stripped; {@code null} if it does not exist or is too large. */
    static String readMetadata(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 4096) {
                return null;
            }
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            return value.isEmpty() ? null : value;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
