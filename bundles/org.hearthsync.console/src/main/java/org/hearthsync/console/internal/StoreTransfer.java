package org.hearthsync.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.pim.files.PimFiles;
import org.hearthsync.pim.files.PimImport;
import org.hearthsync.pim.files.PimText;

/**
 * The console's import and export, apart from HTTP: a store's collections as a .zip of .vcf/.ics files
 * written straight to the response, and uploaded .vcf/.ics files (or .zip files of them) imported into
 * one collection with {@link PimImport}, within size limits, so an upload can neither fill the memory nor
 * unpack into a bomb.
 */
final class StoreTransfer {
    private StoreTransfer() {
    }

    /** What an export wrote. */
    record Exported(int collections, int items) {
    }

    /**
     * Writes every collection of the store as one file of a .zip to {@code out}, a collection at a time
     * and its items a batch at a time, so only one batch is held in memory. File names come from the
     * collections' display names ({@link PimFiles#uniqueFileName}).
     */
    static Exported exportZip(PimStore store, OutputStream out) throws StoreException, IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        Set<String> taken = new HashSet<>();
        int collections = 0;
        int items = 0;
        for (CollectionInfo c : store.collections()) {
            zip.putNextEntry(new ZipEntry(PimFiles.uniqueFileName(c, taken)));
            Writer w = new OutputStreamWriter(new FilterOutputStream(zip) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    zip.write(b, off, len); // FilterOutputStream would write byte by byte
                }

                @Override
                public void close() {
                    // the entry ends with closeEntry, the zip stays open
                }
            }, StandardCharsets.UTF_8);
            items += PimFiles.export(store, c.id(), c.dataClass(), w);
            w.flush();
            zip.closeEntry();
            collections++;
        }
        zip.finish();
        zip.flush();
        return new Exported(collections, items);
    }

    /** One uploaded file: its name as the browser sent it, and its bytes. */
    interface Upload {
        String fileName();

        InputStream open() throws IOException;
    }

    /** The upload was larger than allowed. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    /**
     * What an import did: the counts of {@link PimImport}, the files read, a note for each file that
     * gave nothing (another kind of file, nothing recognisable, unreadable), and why it stopped before the
     * end, or null (what was imported until then stays and is counted).
     */
    record Imported(PimImport.Result result, int files, List<String> notes, String stopped) {
    }

    /**
     * Imports the uploads into the collection: .vcf/.vcard/.ics/.ical files, and the files of that kind
     * inside .zip files (other entries are noted and left). A file may hold at most {@code maxFileBytes},
     * and all files together (unpacked) at most {@code maxTotalBytes}.
     *
     * A limit passed or the store gone stops the import: {@link Imported#stopped()} says why.
     *
     * @throws IOException when an uploaded file cannot be read back
     */
    static Imported importUploads(PimStore store, CollectionInfo target, boolean replace, List<? extends Upload> uploads,
            long maxFileBytes, long maxTotalBytes) throws IOException {
        PimImport in = new PimImport(store, target.id(), target.dataClass(), replace);
        List<String> notes = new ArrayList<>();
        int[] files = { 0 };
        String stopped = null;
        try {
            importAll(in, target, uploads, maxFileBytes, maxTotalBytes, notes, files);
        } catch (TooLarge e) {
            stopped = e.getMessage();
        } catch (StoreException e) {
            stopped = "the store is not reachable (" + e.getMessage() + ")";
        }
        return new Imported(in.result(), files[0], notes, stopped);
    }

    private static void importAll(PimImport in, CollectionInfo target, List<? extends Upload> uploads, long maxFileBytes,
            long maxTotalBytes, List<String> notes, int[] count) throws StoreException, IOException, TooLarge {
        long[] total = { 0 };
        for (Upload u : uploads) {
            String name = displayName(u.fileName());
            if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                try (ZipInputStream zip = new ZipInputStream(u.open(), StandardCharsets.UTF_8)) {
                    int before = count[0];
                    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                        String entry = name + "/" + displayName(e.getName());
                        if (e.isDirectory() || isHidden(e.getName())) {
                            continue;
                        }
                        if (!PimFiles.isPimFile(e.getName())) {
                            notes.add(entry + ": not a .vcf or .ics file, left out");
                            continue;
                        }
                        count[0]++;
                        importOne(in, target, entry, read(zip, entry, maxFileBytes, maxTotalBytes, total), notes);
                    }
                    if (count[0] == before) {
                        notes.add(name + ": no .vcf or .ics files inside");
                    }
                } catch (ZipException | IllegalArgumentException e) {
                    notes.add(name + ": not a readable .zip file");
                }
            } else if (PimFiles.isPimFile(name)) {
                count[0]++;
                try (InputStream s = u.open()) {
                    importOne(in, target, name, read(s, name, maxFileBytes, maxTotalBytes, total), notes);
                }
            } else if (!name.isEmpty()) {
                notes.add(name + ": not a .vcf, .ics or .zip file, left out");
            }
        }
    }

    private static void importOne(PimImport in, CollectionInfo target, String name, String text, List<String> notes)
            throws StoreException {
        if (in.importText(name, text) == 0) {
            notes.add(name + ": holds no " + kind(target) + " for this collection");
        }
    }

    private static String kind(CollectionInfo c) {
        return switch (c.dataClass()) {
            case CONTACTS -> "contacts";
            case CALENDAR -> "events";
            case TASKS -> "tasks";
            case NOTES -> "notes";
        };
    }

    /** Reads a whole file the way every stored and imported item is read ({@link PimText#decode}: UTF-8, UTF-16 by its BOM, else Windows-1252). */
    private static String read(InputStream in, String name, long maxFileBytes, long maxTotalBytes, long[] total)
            throws IOException, TooLarge {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0;) {
            if (bytes.size() + (long) n > maxFileBytes) {
                throw new TooLarge(name + " is larger than " + mb(maxFileBytes));
            }
            total[0] += n;
            if (total[0] > maxTotalBytes) {
                throw new TooLarge("the files are larger than " + mb(maxTotalBytes) + " together");
            }
            bytes.write(buf, 0, n);
        }
        return PimText.decode(bytes.toByteArray());
    }

    static String mb(long bytes) {
        return (bytes + 1024 * 1024 - 1) / (1024 * 1024) + " MB";
    }

    /** The last part of a path a browser or zip gave, without control characters, at most 120 characters. */
    static String displayName(String path) {
        if (path == null) {
            return "";
        }
        String s = path.replace('\\', '/');
        s = s.substring(s.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
        return s.length() > 120 ? s.substring(0, 120) + "\u2026" : s;
    }

    private static boolean isHidden(String path) {
        String n = path.replace('\\', '/');
        return n.startsWith("__MACOSX/") || n.substring(n.lastIndexOf('/') + 1).startsWith(".");
    }
}
