package org.hearthsync.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.pim.files.PimFiles;
import org.hearthsync.pim.files.PimImport;
import org.hearthsync.pim.files.PimText;
import org.hearthsync.store.embedded.EmbeddedStoreFile;

/**
 * {@code hearth --export DIR} and {@code hearth --import PATH...}: the user's way in and out of the
 * embedded store with standard files, a backup they can open anywhere. Runs while Hearth is stopped
 * (the store file is locked while Hearth runs). The splitting, merging and writing is
 * {@link PimFiles} and {@link PimImport}, which the console's import and export use on a running Hearth.
 */
final class Transfer {

    record Request(Path exportDir, List<Path> imports, String collection, boolean replace) {
        static Request export(Path dir) {
            return new Request(dir, List.of(), null, false);
        }

        static Request importing(List<Path> paths, String collection, boolean replace) {
            return new Request(null, List.copyOf(paths), collection, replace);
        }
    }

    static final String STORE = "default";

    private final Path data;
    private final PrintStream out;
    private final PrintStream err;

    Transfer(Path data, PrintStream out, PrintStream err) {
        this.data = data;
        this.out = out;
        this.err = err;
    }

    int run(Request request) {
        try (EmbeddedStoreFile.Handle store = EmbeddedStoreFile.open(data, STORE)) {
            return request.exportDir() != null ? export(store, request.exportDir()) : importAll(store, request);
        } catch (StoreException.Unavailable e) {
            err.println("hearth: the store is in use or unreadable; stop Hearth first (" + e.getMessage() + ")");
            return 1;
        } catch (StoreException | IOException e) {
            err.println("hearth: " + e.getMessage());
            return 1;
        }
    }

    private int export(EmbeddedStoreFile.Handle store, Path dir) throws StoreException, IOException {
        Files.createDirectories(dir);
        int files = 0;
        Set<String> taken = new HashSet<>();
        for (CollectionInfo c : store.collections()) {
            Path file = dir.resolve(PimFiles.uniqueFileName(c, taken));
            int items;
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                items = PimFiles.export(store, c.id(), c.dataClass(), w);
            }
            files++;
            out.println("Exported " + items + " items of '" + c.displayName() + "' to " + file);
        }
        out.println("Exported " + files + " collections to " + dir);
        return 0;
    }

    private int importAll(EmbeddedStoreFile.Handle store, Request request) throws StoreException, IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : request.imports()) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(f -> PimFiles.isPimFile(f.getFileName().toString())).sorted()
                            .forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                err.println("hearth: no such file or folder: " + p);
                return 1;
            }
        }
        int added = 0;
        int replaced = 0;
        int skipped = 0;
        List<String> broken = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (Path f : files) {
            String text = PimText.decode(Files.readAllBytes(f)); // BOMs, UTF-16 and Latin-1 files too
            List<CollectionInfo> targets = targets(store, request.collection(), text);
            String empty = PimFiles.emptyReason(text);
            if (targets.isEmpty() && request.collection() == null && empty != null) {
                leftOut.add(f.getFileName() + ": nothing imported (" + empty + ")");
                continue;
            }
            if (targets.isEmpty()) {
                err.println("hearth: no collection for " + f + (request.collection() != null
                        ? " named '" + request.collection() + "'" : ""));
                return 1;
            }
            for (CollectionInfo target : targets) {
                PimImport in = new PimImport(store, target.id(), target.dataClass(), request.replace());
                in.importText(f.getFileName().toString(), text);
                PimImport.Result r = in.result();
                added += r.added();
                replaced += r.updated();
                skipped += r.kept() + r.unchanged() + r.otherKind() + r.brokenCount();
                broken.addAll(r.broken());
                r.leftOut().stream().filter(l -> !leftOut.contains(l)).forEach(leftOut::add);
            }
        }
        broken.forEach(b -> err.println("hearth: skipped broken item " + b));
        leftOut.forEach(l -> err.println("hearth: left out " + l));
        out.println("Imported " + files.size() + " files: " + added + " added, " + replaced + " replaced, " + skipped
                + " skipped" + (broken.isEmpty() ? "" : " (" + broken.size() + " broken)"));
        return 0;
    }

    /** The named collection, or the default collection of each kind the file holds. */
    private static List<CollectionInfo> targets(EmbeddedStoreFile.Handle store, String name, String text) throws StoreException {
        List<CollectionInfo> all = store.collections();
        if (name != null) {
            return all.stream().filter(c -> c.id().equals(name) || c.displayName().equalsIgnoreCase(name)).limit(1).toList();
        }
        List<CollectionInfo> out = new ArrayList<>();
        for (DataClass dc : PimFiles.kindsIn(text)) {
            all.stream().filter(c -> c.dataClass() == dc).sorted((a, b) -> Boolean.compare(b.isDefault(), a.isDefault()))
                    .findFirst().ifPresent(out::add);
        }
        return out;
    }
}
