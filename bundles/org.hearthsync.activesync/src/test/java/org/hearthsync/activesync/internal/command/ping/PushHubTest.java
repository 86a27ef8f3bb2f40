package org.hearthsync.activesync.internal.command.ping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** What the hub tells polling stores about the collections devices wait on. */
class PushHubTest {

    @Test
    void watchedAreTheParkedPingsCollectionsOfTheStoreUntilTheyEnd() throws Exception {
        PushHub hub = new PushHub();
        try {
            assertEquals(Set.of(), hub.watched("cloud"));
            CompletableFuture<Set<String>> a = hub.park("dev-a", List.of(new PushHub.Watch("cloud", "/alice/book/", "1"),
                    new PushHub.Watch("cloud", "/alice/cal/#tasks", "2"), new PushHub.Watch("embedded", "x", "3")),
                    Duration.ofMinutes(5), hits -> Set.of());
            hub.park("dev-b", List.of(new PushHub.Watch("cloud", "/alice/book/", "1")), Duration.ofMinutes(5),
                    hits -> Set.of());
            assertEquals(Set.of("/alice/book/", "/alice/cal/#tasks"), hub.watched("cloud"));
            assertEquals(Set.of("x"), hub.watched("embedded"));
            assertEquals(Set.of(), hub.watched("other"));

            hub.release("dev-a", a); // the Ping ended: its collections are no longer asked about
            assertEquals(Set.of("/alice/book/"), hub.watched("cloud"));
            assertEquals(Set.of(), hub.watched("embedded"));

            hub.quiesce(1000); // stopping: nobody waits
            assertEquals(Set.of(), hub.watched("cloud"));
        } finally {
            hub.close();
        }
    }
}
