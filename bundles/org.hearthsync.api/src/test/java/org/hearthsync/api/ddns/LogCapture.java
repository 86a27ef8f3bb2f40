package org.hearthsync.api.ddns;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what SLF4J's simple logger writes (it writes to the current {@code System.err}) while
 * open, for tests asserting that a secret never reaches the logs. Give the test module a
 * {@code simplelogger.properties} with {@code org.slf4j.simpleLogger.defaultLogLevel=debug} so
 * every level is captured.
 */
public final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    public LogCapture() {
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    public String text() {
        System.err.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(original);
        original.print(text());
    }
}
