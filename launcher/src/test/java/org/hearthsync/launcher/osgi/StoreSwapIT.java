package org.hearthsync.launcher.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.auth.PasswordHash;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.wbxml.Element;
import org.hearthsync.wbxml.WbxmlReader;
import org.hearthsync.wbxml.WbxmlWriter;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * An account's store swapped at run time in the full assembly booted by Pax Exam: a vdir store and an
 * account are created through Configuration Admin, a phone talks EAS 16.1 (WBXML over TLS, trusting
 * Hearth's own CA) to the running Jetty, and the account's {@code store.name} is switched from the
 * embedded store to the vdir and back by updating its configuration. At each step the phone's folder
 * list changes, Sync on a folder of the other store answers "hierarchy changed", and after resyncing the
 * phone holds exactly the current store's contacts, each once; both stores keep all their items.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StoreSwapIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "store swap pass phrase";
    private static final String USER = "swapper";
    private static final String VDIR_STORE = "swapvdir";
    private static final String FH = "FolderHierarchy";
    private static final String AS = "AirSync";
    /** The label every test contact carries, once, in its given name: how items are told apart on both sides. */
    private static final Pattern TAG = Pattern.compile("(?:Embedded|Vdir|OnVdir|Direct)-\\d+");

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws IOException {
        return HearthFramework.options("hearth-swap-itest");
    }

    @Test
    public void switchingAnAccountsStoreLosesAndDuplicatesNothing() throws Exception {
        Path data = Path.of(context.getProperty("hearth.data"));

        // a vdir store, made through Configuration Admin, with two contacts of another program
        Path vdir = Files.createTempDirectory("hearth-swap-vdir");
        org.osgi.service.cm.Configuration vdirConfig = configAdmin.getFactoryConfiguration("org.hearthsync.store.vdir",
                "swap", "?");
        Dictionary<String, Object> vp = new Hashtable<>();
        vp.put("store.name", VDIR_STORE);
        vp.put("path", vdir.toString());
        vp.put("rescan.seconds", 5);
        vdirConfig.update(vp);
        PimStore embeddedStore = store("default");
        PimStore vdirStore = store(VDIR_STORE);
        String vdirBook = contactsOf(vdirStore);
        Path vdirContacts = vdir.resolve(vdirBook);
        assertTrue("the empty vdir got its contacts folder: " + vdirContacts, Files.isDirectory(vdirContacts));
        for (int i = 1; i <= 2; i++) {
            // as khard writes: a temporary file renamed over the item
            Path part = vdirContacts.resolve(".vdir-" + i + ".tmp");
            Files.writeString(part, vcard("vdir-" + i, "Vdir-" + i, "Seeded"), StandardCharsets.UTF_8);
            Files.move(part, vdirContacts.resolve("vdir-" + i + ".vcf"), StandardCopyOption.ATOMIC_MOVE);
        }
        await("the vdir store to list its 2 contacts", () -> count(vdirStore, vdirBook) == 2);

        // the account, on the embedded store
        org.osgi.service.cm.Configuration account = configAdmin.getFactoryConfiguration("org.hearthsync.account", USER, "?");
        Dictionary<String, Object> ap = new Hashtable<>();
        ap.put("user.name", USER);
        ap.put("email.address", USER + "@hearth.test");
        ap.put("password.hash", PasswordHash.hash(PASSWORD.toCharArray()));
        ap.put("store.name", "default");
        account.update(ap);
        AccountRegistry accounts = service(AccountRegistry.class, null);
        await("the account", () -> accounts.find(USER).isPresent());

        Phone phone = new Phone(tls(data), easPort(data), "SWAPIT1");
        phone.awaitListening();
        Hierarchy h = phone.setUp();
        String embedded = h.added("9");
        String embeddedBook = contactsOf(embeddedStore);
        phone.syncAll(embedded);
        int before = phone.items(embedded).size();
        for (int i = 1; i <= 3; i++) {
            phone.add(embedded, contact("Embedded-" + i, null));
        }
        phone.syncAll(embedded);
        // and one written into the embedded store by something else than this phone
        embeddedStore.put(embeddedBook, "direct-1.vcf", vcard("direct-1", "Direct-1", "Store"),
                org.hearthsync.api.store.WriteCondition.unconditional());
        phone.syncUntil(embedded, "the contact put into the embedded store", () -> phone.items(embedded).size() == before + 4);
        List<String> onEmbedded = phone.tags(embedded);
        assertEquals(List.of("Direct-1", "Embedded-1", "Embedded-2", "Embedded-3"), onEmbedded);
        assertEquals("the phone holds exactly the embedded store's contacts", tagsIn(embeddedStore, embeddedBook), onEmbedded);

        // to the vdir, by updating the account's configuration
        ap.put("store.name", VDIR_STORE);
        account.update(ap);
        Hierarchy toVdir = phone.awaitHierarchyChange(h.key());
        assertEquals("Sync on the embedded store's folder: hierarchy changed", "12", phone.syncStatus(embedded));
        assertTrue("the embedded store's folders are deleted: " + toVdir, toVdir.deleted().contains(embedded));
        String onVdir = toVdir.added("9");
        assertNotEquals("the vdir's contacts are another folder", embedded, onVdir);
        phone.forget(toVdir.deleted());
        phone.syncAll(onVdir);
        assertEquals("exactly the vdir's contacts, once each", tagsIn(vdirStore, vdirBook), phone.tags(onVdir));
        assertEquals(List.of("Vdir-1", "Vdir-2"), phone.tags(onVdir));
        phone.add(onVdir, contact("OnVdir-1", null));
        phone.syncAll(onVdir);
        assertEquals(3, count(vdirStore, vdirBook));
        await("the contact added on the vdir as a file", () -> files(vdirContacts).size() == 3);
        assertEquals(tagsIn(vdirStore, vdirBook), phone.tags(onVdir));

        // and back
        ap.put("store.name", "default");
        account.update(ap);
        Hierarchy back = phone.awaitHierarchyChange(toVdir.key());
        assertEquals("Sync on the vdir's folder: hierarchy changed", "12", phone.syncStatus(onVdir));
        assertTrue(back.toString(), back.deleted().contains(onVdir));
        assertEquals("the embedded contacts come back under their ServerId", embedded, back.added("9"));
        phone.forget(back.deleted());
        phone.syncAll(embedded);
        assertEquals("exactly the embedded store's contacts, once each", onEmbedded, phone.tags(embedded));
        assertEquals(onEmbedded, tagsIn(embeddedStore, embeddedBook));
        assertEquals(0, phone.estimate(embedded));
        assertEquals("the vdir keeps all its contacts", List.of("OnVdir-1", "Vdir-1", "Vdir-2"), tagsIn(vdirStore, vdirBook));
        assertEquals(3, files(vdirContacts).size());

        // a device that comes along only now sees the same
        Phone late = new Phone(tls(data), easPort(data), "SWAPIT2");
        String lateBook = late.setUp().added("9");
        assertEquals(embedded, lateBook);
        late.syncAll(lateBook);
        assertEquals(onEmbedded, late.tags(lateBook));

        account.delete();
        vdirConfig.delete();
    }

    // ------------------------------------------------------------------ stores and services

    private PimStore store(String name) throws Exception {
        return service(PimStore.class, "(" + PimStore.NAME + "=" + name + ")");
    }

    private static String contactsOf(PimStore store) throws Exception {
        return store.collections().stream().filter(c -> c.dataClass() == DataClass.CONTACTS && c.isDefault())
                .map(CollectionInfo::id).findFirst()
                .orElseGet(() -> {
                    try {
                        return store.collections().stream().filter(c -> c.dataClass() == DataClass.CONTACTS)
                                .map(CollectionInfo::id).findFirst().orElseThrow();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
    }

    private static int count(PimStore store, String collection) {
        try {
            return store.list(collection).size();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The tags of the store's items, sorted; an item without exactly one tag fails. */
    private static List<String> tagsIn(PimStore store, String collection) throws Exception {
        List<String> names = store.list(collection).stream().map(ResourceRef::name).toList();
        Map<String, Resource> all = store.getAll(collection, names);
        assertEquals(names.size(), all.size());
        List<String> tags = new ArrayList<>();
        for (Resource r : all.values()) {
            tags.add(tagOf(r.content()));
        }
        Collections.sort(tags);
        return tags;
    }

    private static String tagOf(String text) {
        TreeSet<String> found = new TreeSet<>();
        Matcher m = TAG.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        assertEquals("one tag in " + text, 1, found.size());
        return found.first();
    }

    private static List<Path> files(Path dir) {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".vcf")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private <T> T service(Class<T> type, String filter) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Collection<ServiceReference<T>> refs;
            try {
                refs = context.getServiceReferences(type, filter);
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
            for (ServiceReference<T> r : refs) {
                T s = context.getService(r);
                if (s != null) {
                    return s;
                }
            }
            Thread.sleep(100);
        }
        fail("no " + type.getName() + " service " + (filter == null ? "" : filter));
        return null;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("timed out waiting for " + what);
    }

    static String vcard(String uid, String given, String family) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + given + " " + family + "\r\nN:" + family + ";" + given
                + ";;;\r\nEND:VCARD\r\n";
    }

    static Element contact(String tag, String title) {
        Element d = new Element(AS, "ApplicationData");
        d.addText("Contacts", "FirstName", tag).addText("Contacts", "LastName", "Phone");
        if (title != null) {
            d.addText("Contacts", "JobTitle", title);
        }
        return d;
    }

    // ------------------------------------------------------------------ the phone side

    private static int easPort(Path data) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(data.resolve("etc").resolve("org.hearthsync.transport.cfg"))) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty("eas.port").trim());
    }

    /** Trusts only Hearth's own root certificate (made at first start in hearth.data/certs). */
    private static SSLContext tls(Path data) throws Exception {
        Path pem = data.resolve("certs").resolve("ca.pem");
        await("Hearth's CA certificate", () -> Files.isRegularFile(pem));
        X509Certificate root;
        try (InputStream in = Files.newInputStream(pem)) {
            root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("hearth", root);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** The hierarchy key and the changes of one FolderSync: ServerId → Type of the added folders, deleted ServerIds. */
    record Hierarchy(String key, Map<String, String> added, List<String> deleted) {
        String added(String type) {
            return added.entrySet().stream().filter(e -> e.getValue().equals(type)).map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new AssertionError("no folder of type " + type + " added: " + added));
        }
    }

    /**
     * A phone speaking EAS 16.1 over TLS: provisions, keeps the folder hierarchy key, each folder's
     * sync key and items by ServerId, sends its own adds and applies the server's commands.
     */
    static final class Phone {
        final HttpClient http;
        final String base;
        final String deviceId;
        String policyKey = "0";
        final Map<String, String> keys = new HashMap<>();
        final Map<String, Map<String, Element>> items = new HashMap<>();
        final Map<String, List<Element>> outbox = new HashMap<>();
        final Map<String, Element> pendingAdds = new HashMap<>();
        int clientSeq;

        Phone(SSLContext tls, int port, String deviceId) {
            this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
            this.base = "https://localhost:" + port + "/Microsoft-Server-ActiveSync";
            this.deviceId = deviceId;
        }

        /** Waits until the EAS listener answers OPTIONS for the account (listener up, account known). */
        void awaitListening() throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    HttpRequest r = HttpRequest.newBuilder(URI.create(base)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                            .header("Authorization", basic()).timeout(Duration.ofSeconds(10)).build();
                    int status = http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        return;
                    }
                    last = new IllegalStateException("OPTIONS answered " + status);
                } catch (IOException e) {
                    last = e;
                }
                Thread.sleep(250);
            }
            throw new AssertionError("the EAS listener did not answer at " + base, last);
        }

        Element post(String command, Element body) throws Exception {
            byte[] bytes = WbxmlWriter.encode(body);
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "?Cmd=" + command + "&User=" + USER + "&DeviceId="
                    + deviceId + "&DeviceType=PaxExamPhone")).POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .header("Content-Type", "application/vnd.ms-sync.wbxml").header("User-Agent", "HearthPaxExam/16.1")
                    .header("Authorization", basic()).header("MS-ASProtocolVersion", "16.1")
                    .header("X-MS-PolicyKey", policyKey).timeout(Duration.ofSeconds(30)).build();
            HttpResponse<byte[]> resp = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(command + " HTTP status", 200, resp.statusCode());
            assertTrue(command + " answered without a WBXML body", resp.body().length > 0);
            return WbxmlReader.create().read(resp.body());
        }

        private String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        }

        /** Provisions, then the initial FolderSync. */
        Hierarchy setUp() throws Exception {
            Element p = new Element("Provision", "Provision");
            p.add("Settings", "DeviceInformation").add("Settings", "Set").addText("Settings", "Model", "Pax Exam Phone")
                    .addText("Settings", "OS", "TestOS 1.0");
            p.add("Provision", "Policies").add("Provision", "Policy").addText("Provision", "PolicyType",
                    "MS-EAS-Provisioning-WBXML");
            Element initial = post("Provision", p);
            String temporary = initial.child("Provision", "Policies").orElseThrow().child("Provision", "Policy").orElseThrow()
                    .childText("Provision", "PolicyKey");
            Element ack = new Element("Provision", "Provision");
            ack.add("Provision", "Policies").add("Provision", "Policy").addText("Provision", "PolicyType",
                    "MS-EAS-Provisioning-WBXML").addText("Provision", "PolicyKey", temporary).addText("Provision", "Status", "1");
            policyKey = post("Provision", ack).child("Provision", "Policies").orElseThrow().child("Provision", "Policy")
                    .orElseThrow().childText("Provision", "PolicyKey");
            assertNotNull(policyKey);
            return folderSync("0");
        }

        Hierarchy folderSync(String key) throws Exception {
            Element r = post("FolderSync", new Element(FH, "FolderSync").addText(FH, "SyncKey", key));
            assertEquals(r.toString(), "1", r.childText(FH, "Status"));
            Map<String, String> added = new LinkedHashMap<>();
            List<String> deleted = new ArrayList<>();
            r.child(FH, "Changes").ifPresent(changes -> {
                changes.children(FH, "Add").forEach(a -> added.put(a.childText(FH, "ServerId"), a.childText(FH, "Type")));
                changes.children(FH, "Delete").forEach(d -> deleted.add(d.childText(FH, "ServerId")));
            });
            return new Hierarchy(r.childText(FH, "SyncKey"), added, deleted);
        }

        /** FolderSyncs until the hierarchy changed (a configuration update takes effect within a second or so). */
        Hierarchy awaitHierarchyChange(String key) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                Hierarchy h = folderSync(key);
                if (!h.added().isEmpty() || !h.deleted().isEmpty()) {
                    return h;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the store switch did not show in the hierarchy within " + WAIT);
                }
                Thread.sleep(250);
            }
        }

        /** What a phone does with folders the server deleted: drops them with their items and keys. */
        void forget(List<String> folders) {
            folders.forEach(f -> {
                items.remove(f);
                keys.remove(f);
                outbox.remove(f);
            });
        }

        Map<String, Element> items(String folder) {
            return items.computeIfAbsent(folder, f -> new LinkedHashMap<>());
        }

        /** The tags of the phone's items in the folder (given names), sorted; duplicates stay visible. */
        List<String> tags(String folder) {
            List<String> out = new ArrayList<>();
            items(folder).values().forEach(d -> {
                String first = d.childText("Contacts", "FirstName");
                String fileAs = d.childText("Contacts", "FileAs");
                out.add(tagOf((first == null ? "" : first) + " " + (fileAs == null ? "" : fileAs)));
            });
            Collections.sort(out);
            return out;
        }

        void add(String folder, Element data) {
            String cid = "c" + (++clientSeq);
            Element add = new Element(AS, "Add").addText(AS, "ClientId", cid);
            add.add(data);
            outbox.computeIfAbsent(folder, f -> new ArrayList<>()).add(add);
            pendingAdds.put(cid, data);
        }

        private Element request(String folder) {
            Element sync = new Element(AS, "Sync");
            Element c = sync.add(AS, "Collections").add(AS, "Collection");
            String key = keys.getOrDefault(folder, "0");
            c.addText(AS, "SyncKey", key).addText(AS, "CollectionId", folder);
            if (!key.equals("0")) {
                c.add(AS, "GetChanges");
                c.addText(AS, "WindowSize", "100");
                c.add(AS, "Options").add("AirSyncBase", "BodyPreference").addText("AirSyncBase", "Type", "1");
                List<Element> cmds = outbox.getOrDefault(folder, List.of());
                if (!cmds.isEmpty()) {
                    Element commands = c.add(AS, "Commands");
                    cmds.forEach(commands::add);
                }
            }
            return sync;
        }

        private static Element collection(Element response) {
            return response.child(AS, "Collections").orElseThrow(() -> new AssertionError("no Collections: " + response))
                    .child(AS, "Collection").orElseThrow();
        }

        /** One round trip; returns whether more is available. */
        boolean sync(String folder) throws Exception {
            Element coll = collection(post("Sync", request(folder)));
            assertEquals(coll.toString(), "1", coll.childText(AS, "Status"));
            keys.put(folder, coll.childText(AS, "SyncKey"));
            Map<String, Element> its = items(folder);
            coll.child(AS, "Responses").ifPresent(rs -> {
                for (Element e : rs.children(AS, "Add")) {
                    Element data = pendingAdds.remove(e.childText(AS, "ClientId"));
                    assertEquals("the server took the phone's add: " + e, "1", e.childText(AS, "Status"));
                    assertTrue("a new ServerId for the phone's add",
                            data != null && its.put(e.childText(AS, "ServerId"), data) == null);
                }
            });
            outbox.remove(folder);
            coll.child(AS, "Commands").ifPresent(cs -> {
                for (Element e : cs.children()) {
                    String sid = e.childText(AS, "ServerId");
                    switch (e.name()) {
                        case "Add" -> assertTrue("the server added " + sid + " twice",
                                its.put(sid, e.child(AS, "ApplicationData").orElseThrow()) == null);
                        case "Change" -> its.put(sid, e.child(AS, "ApplicationData").orElseThrow());
                        default -> its.remove(sid);
                    }
                }
            });
            return coll.child(AS, "MoreAvailable").isPresent();
        }

        /** Syncs (from key 0 when the folder is new) until nothing more is available and the outbox is sent. */
        void syncAll(String folder) throws Exception {
            if (keys.getOrDefault(folder, "0").equals("0")) {
                sync(folder);
            }
            boolean more;
            do {
                more = sync(folder);
            } while (more || !outbox.getOrDefault(folder, List.of()).isEmpty());
        }

        void syncUntil(String folder, String what, Callable<Boolean> condition) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                syncAll(folder);
                if (condition.call()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(what + " did not reach the phone within " + WAIT + ": " + tags(folder));
                }
                Thread.sleep(250);
            }
        }

        /** The status a Sync of the folder with the phone's key gets, the phone's state untouched. */
        String syncStatus(String folder) throws Exception {
            return collection(post("Sync", request(folder))).childText(AS, "Status");
        }

        int estimate(String folder) throws Exception {
            String g = "GetItemEstimate";
            Element req = new Element(g, "GetItemEstimate");
            req.add(g, "Collections").add(g, "Collection").addText(AS, "SyncKey", keys.getOrDefault(folder, "0"))
                    .addText(g, "CollectionId", folder);
            Element resp = post(g, req).child(g, "Response").orElseThrow();
            assertEquals(resp.toString(), "1", resp.childText(g, "Status"));
            return Integer.parseInt(resp.child(g, "Collection").orElseThrow().childText(g, "Estimate"));
        }
    }
}
