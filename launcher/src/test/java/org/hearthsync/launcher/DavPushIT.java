package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push for the DAV store adapter end to end: a phone's Ping parked on an address book served from a real
 * Radicale is answered with "changes" when another DAV client writes a card straight into Radicale, though
 * the store's full poll is an hour away (the latency itself is {@link DavPushBenchmark}'s).
 */
class DavPushIT {

    @Test
    void aWriteInRadicaleWakesTheParkedPing(@TempDir Path tmp) throws Exception {
        try (DavPushBenchmark.Rig rig = DavPushBenchmark.Rig.start(tmp)) {
            long first = rig.trial(0);
            long second = rig.trial(1); // the watch ends with the Ping and starts again with the next one
            // generous: the heartbeat is 300 s and the full poll 3600 s, so only the watch answers this early
            assertTrue(first < 60_000 && second < 60_000, first + " ms, " + second + " ms");
        }
    }
}
