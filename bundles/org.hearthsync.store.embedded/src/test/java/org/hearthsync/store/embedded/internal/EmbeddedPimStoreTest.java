package org.hearthsync.store.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.StoreEvents;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** The DS component: where the file goes, configuration changes, and the events it posts. */
class EmbeddedPimStoreTest {

    @TempDir
    Path data;

    private EmbeddedPimStore component;
    private final FakeEventAdmin events = new FakeEventAdmin();

    @AfterEach
    void deactivate() {
        if (component != null) {
            component.deactivate();
        }
    }

    /** A config with the annotation's defaults, except for {@code overrides} (keyed by method name). */
    static EmbeddedStoreConfig config(Map<String, Object> overrides) {
        return (EmbeddedStoreConfig) Proxy.newProxyInstance(EmbeddedStoreConfig.class.getClassLoader(),
                new Class<?>[] { EmbeddedStoreConfig.class }, (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    if (method.getName().equals("annotationType")) {
                        return EmbeddedStoreConfig.class;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private EmbeddedPimStore activate(Map<String, Object> overrides) throws StoreException {
        BundleContext context = mock(BundleContext.class);
        when(context.getProperty("hearth.data")).thenReturn(data.toString());
        component = new EmbeddedPimStore(context, config(overrides));
        component.setEventAdmin(events);
        return component;
    }

    @Test
    void opensTheStoreInTheDataFolder() throws Exception {
        activate(Map.of());
        assertTrue(Files.isRegularFile(data.resolve("store/default.mv.db")));
        assertEquals(List.of("Contacts", "Calendar", "Tasks", "Notes"),
                component.collections().stream().map(CollectionInfo::displayName).toList());
    }

    @Test
    void refusesToStartWithoutTheDataFolder() {
        BundleContext context = mock(BundleContext.class);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new EmbeddedPimStore(context, config(Map.of())));
        assertTrue(e.getMessage().contains("hearth.data"));
    }

    @Test
    void refusesBadNamesAndFoldersOutsideTheDataFolder() {
        assertThrows(IllegalArgumentException.class, () -> activate(Map.of("store_name", "../evil")));
        assertThrows(IllegalArgumentException.class, () -> activate(Map.of("store_folder", "../elsewhere")));
        assertThrows(IllegalArgumentException.class, () -> activate(Map.of("store_name", "")));
    }

    @Test
    void configuredDefaultCollections() throws Exception {
        activate(Map.of("store_name", "work", "default_contacts", "Kontakte", "default_notes", ""));
        assertTrue(Files.isRegularFile(data.resolve("store/work.mv.db")));
        assertEquals(List.of("Kontakte", "Calendar", "Tasks"),
                component.collections().stream().map(CollectionInfo::displayName).toList());
    }

    @Test
    void postsChangeEventsAfterEachChange() throws Exception {
        activate(Map.of());
        String contacts = component.collections().get(0).id();
        String etag = component.put(contacts, "a.vcf", "BEGIN:VCARD\r\nEND:VCARD\r\n", WriteCondition.create());
        component.put(contacts, "a.vcf", "BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n", WriteCondition.ifMatch(etag));
        component.delete(contacts, "a.vcf", WriteCondition.unconditional());
        assertThrows(StoreException.PreconditionFailed.class,
                () -> component.put(contacts, "b.vcf", "x", WriteCondition.ifMatch("nope")));

        assertEquals(3, events.posted.size(), "one event per successful change, none for a failed one");
        for (Event e : events.posted) {
            assertEquals(StoreEvents.TOPIC_CHANGED, e.getTopic());
            assertEquals("default", e.getProperty(StoreEvents.STORE));
            assertEquals(contacts, e.getProperty(StoreEvents.COLLECTION));
        }
    }

    @Test
    void postsHierarchyEventsForCollectionChanges() throws Exception {
        activate(Map.of("store_name", "h"));
        CollectionInfo c = component.createCollection("Extra", DataClass.CALENDAR);
        component.renameCollection(c.id(), "Extra 2");
        component.deleteCollection(c.id());
        assertEquals(3, events.posted.size());
        for (Event e : events.posted) {
            assertEquals(StoreEvents.TOPIC_HIERARCHY_CHANGED, e.getTopic());
            assertEquals("h", e.getProperty(StoreEvents.STORE));
        }
    }

    @Test
    void worksWithoutEventAdmin() throws Exception {
        activate(Map.of());
        component.unsetEventAdmin(events);
        String contacts = component.collections().get(0).id();
        component.put(contacts, "a.vcf", "BEGIN:VCARD\r\nEND:VCARD\r\n", WriteCondition.create());
        assertTrue(events.posted.isEmpty());
    }

    @Test
    void modifiedReopensUnderTheNewNameAndDeactivateCloses() throws Exception {
        activate(Map.of());
        String contacts = component.collections().get(0).id();
        component.put(contacts, "a.vcf", "BEGIN:VCARD\r\nEND:VCARD\r\n", WriteCondition.create());

        component.modified(config(Map.of("store_name", "second")));
        assertTrue(Files.isRegularFile(data.resolve("store/second.mv.db")));
        assertTrue(component.get(contacts, "a.vcf").isEmpty(), "a new store file");
        component.put(contacts, "b.vcf", "BEGIN:VCARD\r\nEND:VCARD\r\n", WriteCondition.create());
        assertEquals("second", events.posted.get(events.posted.size() - 1).getProperty(StoreEvents.STORE));

        component.modified(config(Map.of()));
        assertTrue(component.get(contacts, "a.vcf").isPresent(), "back to the first file");

        component.deactivate();
        assertThrows(StoreException.Unavailable.class, () -> component.list(contacts));
        component = null;
    }

    @Test
    void modifiedWithTheSameConfigurationKeepsTheStoreOpen() throws Exception {
        activate(Map.of());
        String contacts = component.collections().get(0).id();
        String token = component.syncToken(contacts);
        component.modified(config(new HashMap<>()));
        assertEquals(token, component.syncToken(contacts));
    }

    @Test
    void defaultsWithAPlainClock() throws Exception {
        component = new EmbeddedPimStore(data, Clock.systemUTC(), config(Map.of("store_name", "plain")));
        assertEquals(4, component.collections().size());
    }

    static final class FakeEventAdmin implements EventAdmin {
        final List<Event> posted = new CopyOnWriteArrayList<>();

        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("stores must post, not send: " + event.getTopic());
        }
    }
}
