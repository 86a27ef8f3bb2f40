package org.hearthsync.store.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.hearthsync.api.store.StoreEvents;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class StoreEventPosterTest {

    private static final class Recording implements EventAdmin {
        final List<Event> posted = new ArrayList<>();

        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("a store must not wait for the handlers");
        }
    }

    @Test
    void postsTheTopicsAndPropertiesPushHubReads() {
        StoreEventPoster events = new StoreEventPoster();
        Recording admin = new Recording();
        events.bind(admin);
        events.changed("files", "contacts");
        events.hierarchyChanged("files");
        assertEquals(2, admin.posted.size());
        Event changed = admin.posted.get(0);
        assertEquals(StoreEvents.TOPIC_CHANGED, changed.getTopic());
        assertEquals("files", changed.getProperty(StoreEvents.STORE));
        assertEquals("contacts", changed.getProperty(StoreEvents.COLLECTION));
        Event hierarchy = admin.posted.get(1);
        assertEquals(StoreEvents.TOPIC_HIERARCHY_CHANGED, hierarchy.getTopic());
        assertEquals("files", hierarchy.getProperty(StoreEvents.STORE));
        assertEquals(null, hierarchy.getProperty(StoreEvents.COLLECTION));
    }

    @Test
    void unbindingAnOldEventAdminKeepsTheNewOneAndWithoutOneNothingFails() {
        StoreEventPoster events = new StoreEventPoster();
        events.changed("files", "contacts"); // none bound: nothing, no exception
        Recording first = new Recording();
        Recording second = new Recording();
        events.bind(first);
        events.bind(second);
        events.unbind(first);
        events.changed("files", "contacts");
        assertTrue(first.posted.isEmpty());
        assertEquals(1, second.posted.size());
        events.unbind(second);
        events.changed("files", "contacts");
        assertEquals(1, second.posted.size());
    }

    @Test
    void aFailingEventAdminDoesNotFailTheStore() {
        StoreEventPoster events = new StoreEventPoster();
        events.bind(new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                throw new IllegalStateException("EventAdmin stopped");
            }

            @Override
            public void sendEvent(Event event) {
            }
        });
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> {
            events.changed("files", "contacts");
            events.hierarchyChanged("files");
        });
    }
}
