package org.hearthsync.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The log of a Hearth that runs in the background: {@code DATA/logs/hearth.log}, moved to {@code hearth.log.1} (and
 * the older ones one further, the oldest dropped) when it reaches its size limit, so a service that runs for months
 * keeps at most {@code files × maxBytes} of log. Rotation happens between writes; a line is never split in two files
 * unless a single write is larger than the limit.
 */
final class RotatingLog extends OutputStream {
    static final long MAX_BYTES = 10L * 1024 * 1024;
    static final int FILES = 5;

    private final Path folder;
    private final long maxBytes;
    private final int files;
    private OutputStream out;
    private long size;

    RotatingLog(Path folder, long maxBytes, int files) throws IOException {
        this.folder = folder;
        this.maxBytes = maxBytes;
        this.files = files;
        Files.createDirectories(folder);
        open();
    }

    Path current() {
        return folder.resolve("hearth.log");
    }

    private void open() throws IOException {
        Path f = current();
        size = Files.exists(f) ? Files.size(f) : 0;
        out = Files.newOutputStream(f, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void rotateIfFull(int incoming) throws IOException {
        if (size == 0 || size + incoming <= maxBytes) {
            return;
        }
        out.close();
        Files.deleteIfExists(folder.resolve("hearth.log." + (files - 1)));
        for (int i = files - 2; i >= 1; i--) {
            Path from = folder.resolve("hearth.log." + i);
            if (Files.exists(from)) {
                Files.move(from, folder.resolve("hearth.log." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(current(), folder.resolve("hearth.log.1"), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        rotateIfFull(len);
        out.write(b, off, len);
        size += len;
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
