package org.hearthsync.store.dav.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.xml.stream.XMLStreamException;

import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.StoreException.InvalidSyncToken;
import org.hearthsync.api.store.StoreException.NotFound;
import org.hearthsync.api.store.StoreException.PreconditionFailed;
import org.hearthsync.api.store.StoreException.Unavailable;
import org.hearthsync.api.store.StoreException.Unsupported;
import org.hearthsync.api.store.WriteCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store on a CalDAV/CardDAV server. Usable without OSGi; {@link DavPimStore} is its component.
 *
 * <p><b>Discovery.</b> {@code current-user-principal} from the configured URL, else from
 * {@code /.well-known/caldav} and {@code /.well-known/carddav}; then {@code calendar-home-set} and
 * {@code addressbook-home-set}; the collections are the calendars and address books in the homes.
 * A collection's id is its path on the server. A calendar's class comes from its
 * {@code supported-calendar-component-set} (VEVENT → Calendar, VTODO → Tasks, VJOURNAL → Notes); a
 * calendar that takes several (Nextcloud's and Radicale's defaults) is one collection per component:
 * the first under its path, the others under {@code path#tasks}, {@code path#notes}, listed with a
 * calendar-query filtered by component.
 *
 * <p><b>Tokens.</b> Where the server has {@code sync-collection} (RFC 6578), a token is the server's
 * own sync token behind a prefix naming the collection and component, so tokens survive restarts and
 * the server computes the changes. Otherwise a token names a snapshot of the collection's etags (the
 * last {@value Snapshots#PER_VIEW} per view), with the collection's ctag to answer "nothing changed" with
 * one request; the snapshots are kept in {@link Options#tokenFile} when one is given, so these tokens
 * survive a restart too (without it they are in memory only: InvalidSyncToken after a restart, and
 * devices compare their folders in full).
 *
 * <p><b>Writes</b> are conditional on the server: If-Match / If-None-Match: *, 412 is
 * {@link PreconditionFailed}. A server that cannot be reached or answers 5xx is {@link Unavailable}: the
 * caller retries later, nothing was changed on Hearth's side.
 *
 * <p><b>Change detection</b> is {@link #poll()}: one PROPFIND per home, comparing sync tokens and ctags.
 */
public final class DavStore implements PimStore, AutoCloseable {

    /** Told about changes. */
    public interface Listener {
        Listener NONE = new Listener() {
            @Override
            public void collectionChanged(String collectionId) {
            }

            @Override
            public void hierarchyChanged() {
            }
        };

        void collectionChanged(String collectionId);

        void hierarchyChanged();
    }

    /**
     * @param url              the server, or the user's principal or home URL
     * @param user             user name for Basic authentication; empty for none
     * @param password         never logged
     * @param timeout          connect and request timeout
     * @param maxResponseBytes the largest answer read
     * @param syncCollection   use sync-collection where the server offers it (false forces the etag fallback)
     * @param storeName        for thread names and messages
     * @param tokenFile        where the fallback tokens' snapshots are kept; {@code null}: in memory only
     */
    public record Options(URI url, String user, String password, Duration timeout, int maxResponseBytes,
            boolean syncCollection, String storeName, java.nio.file.Path tokenFile) {
        public Options(URI url, String user, String password, Duration timeout, int maxResponseBytes,
                boolean syncCollection, String storeName) {
            this(url, user, password, timeout, maxResponseBytes, syncCollection, storeName, null);
        }

        @Override
        public String toString() {
            return "Options[url=" + url + ", user=" + user + ", password=***, syncCollection=" + syncCollection
                    + ", tokenFile=" + tokenFile + "]";
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(DavStore.class);
    /** hrefs per multiget: at least the sync engine's fetch batch (256), so that one batch is one request. */
    private static final int MULTIGET_BATCH = 500;
    private static final long COLLECTIONS_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private volatile long collectionsFetched;
    private volatile long collectionsTtlNanos = COLLECTIONS_TTL_NANOS;
    private static final int MAX_TOKEN = 1024;
    private static final Map<DataClass, String> SUFFIX = new EnumMap<>(Map.of(DataClass.CONTACTS, "contacts",
            DataClass.CALENDAR, "calendar", DataClass.TASKS, "tasks", DataClass.NOTES, "notes"));
    private static final Map<DataClass, Character> LETTER = new EnumMap<>(Map.of(DataClass.CONTACTS, 'C',
            DataClass.CALENDAR, 'E', DataClass.TASKS, 'T', DataClass.NOTES, 'J'));

    private final Options options;
    private final Listener listener;
    private final DavClient http;
    private final Object discoveryLock = new Object();
    private volatile List<URI> homes; // calendar home first; null until discovered
    private volatile URI calendarHome;
    private volatile URI addressbookHome;
    private volatile Map<String, Coll> collections = Map.of();
    private final Map<String, DataClass> kindByPath = new ConcurrentHashMap<>();
    private final Snapshots snapshots;
    private volatile Map<String, String> lastStates; // for poll(): collection path -> token/ctag
    private volatile boolean closed;

    /** A collection on the server: path, name, component kinds (primary first), and its change markers. */
    record Coll(String path, String displayName, List<DataClass> kinds, String color, String syncToken, String ctag,
            boolean syncCollection) {
        DataClass primary() {
            return kinds.get(0);
        }
    }

    private record View(Coll coll, DataClass kind) {
        boolean filtered() {
            return coll.kinds().size() > 1;
        }
    }

    private DavStore(Options options, Listener listener) {
        this.options = options;
        this.listener = listener == null ? Listener.NONE : listener;
        this.http = new DavClient(options.user(), options.password(), options.timeout(), options.maxResponseBytes(),
                options.storeName());
        this.snapshots = options.tokenFile() == null ? Snapshots.inMemory()
                : Snapshots.open(options.tokenFile(), options.url() + " " + options.user());
    }

    /** A store for the server; discovery happens on first use (the server may be down now). */
    public static DavStore create(Options options, Listener listener) {
        return new DavStore(options, listener);
    }

    // ------------------------------------------------------------------ discovery

    private List<URI> homes() throws StoreException {
        List<URI> h = homes;
        if (h != null) {
            return h;
        }
        synchronized (discoveryLock) {
            if (homes == null) {
                discover();
            }
            return homes;
        }
    }

    private void discover() throws StoreException {
        URI base = options.url();
        URI found0 = null;
        for (URI candidate : List.of(base, base.resolve("/.well-known/caldav"), base.resolve("/.well-known/carddav"))) {
            found0 = principalAt(candidate);
            if (found0 != null) {
                break;
            }
        }
        final URI principal = found0;
        if (principal == null) {
            throw new StoreException("No CalDAV/CardDAV account found at " + base
                    + " (no current-user-principal there nor at /.well-known/caldav or /.well-known/carddav)");
        }
        Xml.Node ms = propfind(principal, "0", "<D:prop><C:calendar-home-set/><A:addressbook-home-set/></D:prop>");
        URI cal = null;
        URI card = null;
        for (Xml.Node response : ms.all(Xml.DAV, "response")) {
            Xml.Node prop = okProp(response);
            if (prop == null) {
                continue;
            }
            cal = prop.child(Xml.CALDAV, "calendar-home-set").flatMap(n -> n.child(Xml.DAV, "href"))
                    .map(n -> principal.resolve(n.trimmed())).orElse(cal);
            card = prop.child(Xml.CARDDAV, "addressbook-home-set").flatMap(n -> n.child(Xml.DAV, "href"))
                    .map(n -> principal.resolve(n.trimmed())).orElse(card);
        }
        if (cal == null && card == null) {
            throw new StoreException("The DAV account at " + principal.getPath() + " has no calendar or address book home");
        }
        List<URI> found = new ArrayList<>();
        if (cal != null) {
            found.add(cal);
        }
        if (card != null && !card.equals(cal)) {
            found.add(card);
        }
        calendarHome = cal;
        addressbookHome = card;
        homes = List.copyOf(found);
        LOG.debug("DAV store '{}': principal {}, homes {}", options.storeName(), principal.getPath(), homes);
    }

    /** The principal a PROPFIND at {@code uri} names, or null. */
    private URI principalAt(URI uri) throws StoreException {
        DavClient.Response r = http.send("PROPFIND", uri, Map.of("Depth", "0"),
                propfindBody("<D:prop><D:current-user-principal/></D:prop>"));
        if (r.status() != 207) {
            return null;
        }
        Xml.Node ms = parse(r);
        for (Xml.Node response : ms.all(Xml.DAV, "response")) {
            Xml.Node prop = okProp(response);
            if (prop != null) {
                Optional<String> href = prop.child(Xml.DAV, "current-user-principal")
                        .flatMap(n -> n.child(Xml.DAV, "href")).map(Xml.Node::trimmed);
                if (href.isPresent()) {
                    return r.uri().resolve(href.get());
                }
            }
        }
        return null;
    }

    /** Reads the collections in the homes. */
    private Map<String, Coll> fetchCollections() throws StoreException {
        Map<String, Coll> result = new TreeMap<>();
        for (URI home : homes()) {
            Xml.Node ms = propfind(home, "1", "<D:prop><D:resourcetype/><D:displayname/><I:calendar-color/>"
                    + "<C:supported-calendar-component-set/><S:getctag/><D:sync-token/><D:supported-report-set/></D:prop>");
            for (Xml.Node response : ms.all(Xml.DAV, "response")) {
                Xml.Node prop = okProp(response);
                String href = href(response);
                if (prop == null || href == null) {
                    continue;
                }
                Optional<Xml.Node> type = prop.child(Xml.DAV, "resourcetype");
                boolean calendar = type.flatMap(t -> t.child(Xml.CALDAV, "calendar")).isPresent();
                boolean addressbook = type.flatMap(t -> t.child(Xml.CARDDAV, "addressbook")).isPresent();
                if (!calendar && !addressbook) {
                    continue;
                }
                String path = home.resolve(href).getRawPath();
                if (!path.endsWith("/")) {
                    path += "/";
                }
                List<DataClass> kinds = addressbook ? List.of(DataClass.CONTACTS) : components(prop);
                if (kinds.isEmpty()) {
                    continue; // a calendar of components Hearth does not sync (VAVAILABILITY, ...)
                }
                String name = prop.child(Xml.DAV, "displayname").map(Xml.Node::trimmed).filter(s -> !s.isEmpty())
                        .orElse(lastSegment(path.substring(0, path.length() - 1)));
                String color = prop.child(Xml.APPLE, "calendar-color").map(Xml.Node::trimmed).filter(s -> !s.isEmpty())
                        .orElse(null);
                String token = prop.child(Xml.DAV, "sync-token").map(Xml.Node::trimmed).filter(s -> !s.isEmpty())
                        .orElse(null);
                String ctag = prop.child(Xml.CS, "getctag").map(Xml.Node::trimmed).filter(s -> !s.isEmpty()).orElse(null);
                boolean sync = options.syncCollection() && token != null && supportsSyncCollection(prop);
                result.put(path, new Coll(path, name, kinds, color, token, ctag, sync));
            }
        }
        collections = Map.copyOf(result);
        collectionsFetched = System.nanoTime();
        return result;
    }

    private static boolean supportsSyncCollection(Xml.Node prop) {
        Optional<Xml.Node> set = prop.child(Xml.DAV, "supported-report-set");
        if (set.isEmpty()) {
            return true; // not advertised: the token property is there, try it
        }
        for (Xml.Node supported : set.get().all(Xml.DAV, "supported-report")) {
            if (supported.child(Xml.DAV, "sync-collection").isPresent()) {
                return true; // Xandikos leaves out the report element
            }
            for (Xml.Node report : supported.all(Xml.DAV, "report")) {
                if (report.child(Xml.DAV, "sync-collection").isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<DataClass> components(Xml.Node prop) {
        Optional<Xml.Node> set = prop.child(Xml.CALDAV, "supported-calendar-component-set");
        EnumSet<DataClass> kinds = EnumSet.noneOf(DataClass.class);
        if (set.isEmpty() || set.get().all(Xml.CALDAV, "comp").isEmpty()) {
            kinds.addAll(List.of(DataClass.CALENDAR, DataClass.TASKS, DataClass.NOTES)); // RFC 4791: any
        } else {
            for (Xml.Node comp : set.get().all(Xml.CALDAV, "comp")) {
                String name = Objects.toString(comp.attribute("name"), "").toUpperCase(Locale.ROOT);
                switch (name) {
                    case "VEVENT" -> kinds.add(DataClass.CALENDAR);
                    case "VTODO" -> kinds.add(DataClass.TASKS);
                    case "VJOURNAL" -> kinds.add(DataClass.NOTES);
                    default -> {
                    }
                }
            }
        }
        return List.copyOf(kinds); // EnumSet order: CALENDAR, TASKS, NOTES
    }

    private Coll coll(String path, boolean refreshed) throws StoreException {
        Coll c = collections.get(path);
        if (c == null && !refreshed) {
            fetchCollections();
            return coll(path, true);
        }
        return c;
    }

    private View view(String collectionId) throws StoreException {
        Objects.requireNonNull(collectionId, "collectionId");
        checkOpen();
        homes();
        int hash = collectionId.lastIndexOf('#');
        String path = hash > 0 ? collectionId.substring(0, hash) : collectionId;
        DataClass kind = null;
        if (hash > 0) {
            kind = classOf(collectionId.substring(hash + 1));
            if (kind == null) {
                throw new NotFound("No collection " + collectionId);
            }
        }
        if (!path.startsWith("/")) {
            throw new NotFound("No collection " + collectionId);
        }
        Coll c = coll(path, false);
        if (c == null || (kind != null && (kind == c.primary() || !c.kinds().contains(kind)))) {
            throw new NotFound("No collection " + collectionId);
        }
        return new View(c, kind == null ? c.primary() : kind);
    }

    private static String viewId(Coll c, DataClass kind) {
        return kind == c.primary() ? c.path() : c.path() + "#" + SUFFIX.get(kind);
    }

    private static DataClass classOf(String suffix) {
        for (Map.Entry<DataClass, String> e : SUFFIX.entrySet()) {
            if (e.getValue().equals(suffix)) {
                return e.getKey();
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public List<CollectionInfo> collections() throws StoreException {
        checkOpen();
        // Every phone request asks for the collections; the PROPFIND behind it makes servers such as Radicale
        // compute each collection's sync token and ctag over all its items, so a fresh answer is reused (for the
        // poll interval when polling: see reuseCollectionsFor). Hearth's own collection changes and the poller
        // refresh it; a failed poll drops it, so that requests see an outage.
        Map<String, Coll> colls = collectionsFetched != 0 && System.nanoTime() - collectionsFetched < collectionsTtlNanos
                ? collections : fetchCollections();
        List<CollectionInfo> result = new ArrayList<>();
        Map<DataClass, Boolean> hasDefault = new EnumMap<>(DataClass.class);
        for (Coll c : colls.values()) {
            for (DataClass kind : c.kinds()) {
                boolean isDefault = hasDefault.putIfAbsent(kind, true) == null;
                result.add(new CollectionInfo(viewId(c, kind), c.displayName(), kind, c.color(), isDefault));
            }
        }
        return result;
    }

    @Override
    public List<ResourceRef> list(String collectionId) throws StoreException {
        return new ArrayList<>(listing(view(collectionId)).entrySet().stream()
                .map(e -> new ResourceRef(e.getKey(), e.getValue())).toList());
    }

    /**
     * name → etag of a view's members. Where the server has sync-collection, an initial sync-collection
     * (empty token) lists the members: Radicale answers a {@code PROPFIND Depth: 1} of a large collection
     * far more slowly (4.7 s for 5,000 cards against 0.5 s for the sync-collection, 0.3–0.5 s against 0.1–0.2 s
     * for 1,000), and every GetItemEstimate lists the collection.
     */
    private Map<String, String> listing(View v) throws StoreException {
        if (!v.filtered() && v.coll().syncCollection()) {
            try {
                Map<String, String> result = new TreeMap<>();
                for (ResourceRef r : syncCollection(v, "").changed()) {
                    result.put(r.name(), r.etag());
                }
                return result;
            } catch (StoreException e) {
                if (e.getClass() != StoreException.class) {
                    throw e; // unreachable, not found, ...: the PROPFIND would fare no better
                }
                LOG.debug("DAV store '{}': sync-collection listing of {} failed ({}); listing with PROPFIND",
                        options.storeName(), v.coll().path(), e.getMessage());
            }
        }
        URI uri = uri(v.coll().path());
        Xml.Node ms;
        if (v.filtered()) {
            ms = report(uri, "1", "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"" + Xml.CALDAV + "\"><D:prop><D:getetag/>"
                    + "</D:prop><C:filter><C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\""
                    + v.kind().component() + "\"/></C:comp-filter></C:filter></C:calendar-query>");
        } else {
            ms = propfind(uri, "1", "<D:prop><D:getetag/><D:resourcetype/></D:prop>");
        }
        Map<String, String> result = new TreeMap<>();
        for (Xml.Node response : ms.all(Xml.DAV, "response")) {
            String name = memberName(v.coll(), href(response));
            Xml.Node prop = okProp(response);
            if (name == null || prop == null) {
                continue;
            }
            if (prop.child(Xml.DAV, "resourcetype").map(t -> !t.children().isEmpty()).orElse(false)) {
                continue; // a sub-collection
            }
            prop.child(Xml.DAV, "getetag").map(Xml.Node::trimmed).filter(s -> !s.isEmpty()).ifPresent(etag -> {
                result.put(name, etag);
                if (v.filtered()) {
                    kindByPath.put(v.coll().path() + name, v.kind());
                }
            });
        }
        return result;
    }

    @Override
    public Optional<Resource> get(String collectionId, String name) throws StoreException {
        Objects.requireNonNull(name, "name");
        View v = view(collectionId);
        DavClient.Response r = http.send("GET", member(v.coll(), name), Map.of(), null);
        if (r.status() == 404 || r.status() == 410) {
            return Optional.empty();
        }
        expectOk(r, "GET");
        String content = r.text();
        if (!matchesView(v, name, content)) {
            return Optional.empty();
        }
        String etag = r.header("ETag").orElse(null);
        if (etag == null) {
            etag = etagOf(v.coll(), name);
            if (etag == null) {
                return Optional.empty();
            }
        }
        return Optional.of(new Resource(name, etag, content));
    }

    @Override
    public Map<String, Resource> getAll(String collectionId, Collection<String> names) throws StoreException {
        Objects.requireNonNull(names, "names");
        View v = view(collectionId);
        Map<String, Resource> found = new HashMap<>();
        List<String> all = new ArrayList<>(new java.util.LinkedHashSet<>(names));
        for (int from = 0; from < all.size(); from += MULTIGET_BATCH) {
            found.putAll(multiget(v, all.subList(from, Math.min(all.size(), from + MULTIGET_BATCH))));
        }
        Map<String, Resource> result = new LinkedHashMap<>();
        for (String name : names) {
            Resource r = found.get(name);
            if (r != null) {
                result.put(name, r);
            }
        }
        return result;
    }

    private Map<String, Resource> multiget(View v, List<String> names) throws StoreException {
        Map<String, Resource> result = new HashMap<>();
        if (names.isEmpty()) {
            return result;
        }
        boolean contacts = v.kind() == DataClass.CONTACTS;
        StringBuilder body = new StringBuilder(contacts
                ? "<A:addressbook-multiget xmlns:D=\"DAV:\" xmlns:A=\"" + Xml.CARDDAV + "\"><D:prop><D:getetag/><A:address-data/></D:prop>"
                : "<C:calendar-multiget xmlns:D=\"DAV:\" xmlns:C=\"" + Xml.CALDAV + "\"><D:prop><D:getetag/><C:calendar-data/></D:prop>");
        for (String name : names) {
            body.append("<D:href>").append(Xml.escape(member(v.coll(), name).getRawPath())).append("</D:href>");
        }
        body.append(contacts ? "</A:addressbook-multiget>" : "</C:calendar-multiget>");
        Xml.Node ms = report(uri(v.coll().path()), "1", body.toString());
        for (Xml.Node response : ms.all(Xml.DAV, "response")) {
            String name = memberName(v.coll(), href(response));
            Xml.Node prop = okProp(response);
            if (name == null || prop == null) {
                continue;
            }
            String etag = prop.child(Xml.DAV, "getetag").map(Xml.Node::trimmed).orElse(null);
            String data = (contacts ? prop.child(Xml.CARDDAV, "address-data") : prop.child(Xml.CALDAV, "calendar-data"))
                    .map(Xml.Node::text).orElse(null);
            if (etag != null && data != null && matchesView(v, name, data)) {
                result.put(name, new Resource(name, etag, data));
            }
        }
        return result;
    }

    /** Whether an item belongs in the view; remembers its kind. */
    private boolean matchesView(View v, String name, String content) {
        if (!v.filtered()) {
            return true;
        }
        DataClass kind = kindOf(content, v.coll().primary());
        kindByPath.put(v.coll().path() + name, kind);
        return kind == v.kind();
    }

    static DataClass kindOf(String content, DataClass fallback) {
        for (String line : content.split("\r\n|\n|\r")) {
            String l = line.strip().toUpperCase(Locale.ROOT);
            switch (l) {
                case "BEGIN:VEVENT":
                    return DataClass.CALENDAR;
                case "BEGIN:VTODO":
                    return DataClass.TASKS;
                case "BEGIN:VJOURNAL":
                    return DataClass.NOTES;
                default:
                    break;
            }
        }
        return fallback;
    }

    private String etagOf(Coll c, String name) throws StoreException {
        DavClient.Response r = http.send("PROPFIND", member(c, name), Map.of("Depth", "0"),
                propfindBody("<D:prop><D:getetag/></D:prop>"));
        if (r.status() != 207) {
            return null;
        }
        for (Xml.Node response : parse(r).all(Xml.DAV, "response")) {
            Xml.Node prop = okProp(response);
            if (prop != null) {
                Optional<String> etag = prop.child(Xml.DAV, "getetag").map(Xml.Node::trimmed);
                if (etag.isPresent()) {
                    return etag.get();
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ tokens and changes

    @Override
    public String syncToken(String collectionId) throws StoreException {
        View v = view(collectionId);
        if (v.coll().syncCollection()) {
            return prefix(v, 'S') + currentServerToken(v.coll());
        }
        return snapshotToken(v, currentCtag(v.coll()), listing(v));
    }

    @Override
    public ChangeSet changesSince(String collectionId, String token) throws StoreException {
        View v = view(collectionId);
        if (token != null && (token.length() > MAX_TOKEN || token.isEmpty())) {
            throw new InvalidSyncToken("Sync token is not from this collection of this store");
        }
        if (v.coll().syncCollection()) {
            String prefix = prefix(v, 'S');
            if (token != null && !token.startsWith(prefix)) {
                throw new InvalidSyncToken("Sync token is not from this collection of this store");
            }
            return syncCollection(v, token == null ? "" : token.substring(prefix.length()));
        }
        String prefix = prefix(v, 'F');
        if (token == null) {
            String ctag = currentCtag(v.coll());
            Map<String, String> now = listing(v);
            List<ResourceRef> changed = now.entrySet().stream().map(e -> new ResourceRef(e.getKey(), e.getValue())).toList();
            return new ChangeSet(snapshotToken(v, ctag, now), changed, List.of());
        }
        Snapshots.Snapshot old = token.startsWith(prefix) ? snapshots.get(viewId(v.coll(), v.kind()),
                token.substring(prefix.length())) : null;
        if (old == null) {
            throw new InvalidSyncToken("Sync token is unknown or expired");
        }
        String ctag = currentCtag(v.coll());
        if (ctag != null && ctag.equals(old.ctag())) {
            return new ChangeSet(token, List.of(), List.of()); // nothing changed: one request
        }
        Map<String, String> now = listing(v);
        List<ResourceRef> changed = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        now.forEach((name, etag) -> {
            if (!etag.equals(old.etags().get(name))) {
                changed.add(new ResourceRef(name, etag));
            }
        });
        old.etags().keySet().forEach(name -> {
            if (!now.containsKey(name)) {
                deleted.add(name);
            }
        });
        return new ChangeSet(snapshotToken(v, ctag, now), changed, deleted);
    }

    private static String prefix(View v, char mode) {
        return mode + "" + LETTER.get(v.kind()) + shortHash(v.coll().path()) + ":";
    }

    private String snapshotToken(View v, String ctag, Map<String, String> etags) {
        StringBuilder all = new StringBuilder();
        new TreeMap<>(etags).forEach((n, e) -> all.append(n).append('\u0000').append(e).append('\u0000'));
        String id = shortHash(all.toString()) + shortHash(Objects.toString(ctag));
        snapshots.put(viewId(v.coll(), v.kind()), id, new Snapshots.Snapshot(ctag, Map.copyOf(etags)));
        return prefix(v, 'F') + id;
    }

    private String currentServerToken(Coll c) throws StoreException {
        Xml.Node ms = propfind(uri(c.path()), "0", "<D:prop><D:sync-token/></D:prop>");
        for (Xml.Node response : ms.all(Xml.DAV, "response")) {
            Xml.Node prop = okProp(response);
            if (prop != null) {
                Optional<String> token = prop.child(Xml.DAV, "sync-token").map(Xml.Node::trimmed).filter(s -> !s.isEmpty());
                if (token.isPresent()) {
                    return token.get();
                }
            }
        }
        throw new StoreException("The DAV server did not give a sync token for " + c.path());
    }

    private String currentCtag(Coll c) throws StoreException {
        Xml.Node ms = propfind(uri(c.path()), "0", "<D:prop><S:getctag/></D:prop>");
        for (Xml.Node response : ms.all(Xml.DAV, "response")) {
            Xml.Node prop = okProp(response);
            if (prop != null) {
                Optional<String> ctag = prop.child(Xml.CS, "getctag").map(Xml.Node::trimmed).filter(s -> !s.isEmpty());
                if (ctag.isPresent()) {
                    return ctag.get();
                }
            }
        }
        return null;
    }

    /** RFC 6578: what changed since {@code serverToken} ("" for everything), filtered to the view's component. */
    private ChangeSet syncCollection(View v, String serverToken) throws StoreException {
        String body = "<D:sync-collection xmlns:D=\"DAV:\"><D:sync-token>" + Xml.escape(serverToken)
                + "</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>";
        DavClient.Response r = http.send("REPORT", uri(v.coll().path()), Map.of("Depth", "0"), body);
        if (r.status() == 404) {
            throw new NotFound("No collection " + viewId(v.coll(), v.kind()));
        }
        if (r.status() != 207) {
            if (!serverToken.isEmpty() && r.status() >= 400 && r.status() < 500) {
                throw new InvalidSyncToken("The DAV server refused the sync token (HTTP " + r.status() + ")");
            }
            throw new StoreException("sync-collection failed: HTTP " + r.status());
        }
        Xml.Node ms = parse(r);
        String newToken = ms.child(Xml.DAV, "sync-token").map(Xml.Node::trimmed).orElse(null);
        if (newToken == null || newToken.isEmpty()) {
            throw new StoreException("The DAV server's sync-collection answer has no sync token");
        }
        Map<String, String> changed = new LinkedHashMap<>();
        Set<String> deleted = new java.util.LinkedHashSet<>();
        for (Xml.Node response : ms.all(Xml.DAV, "response")) {
            String name = memberName(v.coll(), href(response));
            if (name == null) {
                continue;
            }
            Xml.Node prop = okProp(response);
            Optional<String> etag = prop == null ? Optional.empty() : prop.child(Xml.DAV, "getetag").map(Xml.Node::trimmed)
                    .filter(s -> !s.isEmpty());
            if (etag.isPresent()) {
                changed.put(name, etag.get());
                deleted.remove(name);
            } else if (response.child(Xml.DAV, "status").map(s -> s.trimmed().contains(" 404")).orElse(false)
                    || prop == null) {
                deleted.add(name);
                changed.remove(name);
            }
        }
        if (v.filtered()) {
            filterByKind(v, changed, deleted);
        }
        List<ResourceRef> refs = changed.entrySet().stream().map(e -> new ResourceRef(e.getKey(), e.getValue())).toList();
        return new ChangeSet(prefix(v, 'S') + newToken, refs, new ArrayList<>(deleted));
    }

    /** Keeps the changes of the view's component; learns unknown kinds with one multiget. */
    private void filterByKind(View v, Map<String, String> changed, Set<String> deleted) throws StoreException {
        List<String> unknown = changed.keySet().stream().filter(n -> !kindByPath.containsKey(v.coll().path() + n)).toList();
        for (int from = 0; from < unknown.size(); from += MULTIGET_BATCH) {
            // multiget through the primary view (unfiltered by kind) to learn every item's kind
            multiget(new View(v.coll(), v.kind()), unknown.subList(from, Math.min(unknown.size(), from + MULTIGET_BATCH)));
        }
        changed.keySet().removeIf(n -> kindByPath.get(v.coll().path() + n) != v.kind());
        deleted.removeIf(n -> {
            DataClass k = kindByPath.get(v.coll().path() + n);
            return k != null && k != v.kind();
        });
    }

    // ------------------------------------------------------------------ writes

    @Override
    public String put(String collectionId, String name, String content, WriteCondition condition) throws StoreException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(condition, "condition");
        checkName(name);
        View v = view(collectionId);
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", v.kind() == DataClass.CONTACTS ? "text/vcard; charset=utf-8"
                : "text/calendar; charset=utf-8");
        if (condition instanceof WriteCondition.Create) {
            headers.put("If-None-Match", "*");
        } else if (condition instanceof WriteCondition.IfMatch ifMatch) {
            headers.put("If-Match", ifMatch.etag());
        }
        DavClient.Response r = http.send("PUT", member(v.coll(), name), headers, content);
        if (r.status() == 412) {
            throw new PreconditionFailed("The item was changed or created by someone else");
        }
        if (r.status() == 413) {
            // permanent for this item: a phone gets 6 for it and does not send it again (see StoreException.TooLarge)
            throw new StoreException.TooLarge("The DAV server refuses the item as too large (HTTP 413)");
        }
        if (r.status() == 404 || r.status() == 409) {
            fetchCollections();
            if (!collections.containsKey(v.coll().path())) {
                throw new NotFound("No collection " + collectionId);
            }
        }
        expectOk(r, "PUT");
        if (v.filtered()) {
            kindByPath.put(v.coll().path() + name, kindOf(content, v.coll().primary()));
        }
        String etag = r.header("ETag").orElse(null);
        if (etag == null) {
            etag = etagOf(v.coll(), name); // the server rewrote the content and will not say its etag in the PUT answer
            if (etag == null) {
                throw new StoreException("The DAV server stored the item but gives no etag for it");
            }
        }
        announce(v.coll(), kindOf(content, v.kind()));
        return etag;
    }

    @Override
    public void delete(String collectionId, String name, WriteCondition condition) throws StoreException {
        Objects.requireNonNull(condition, "condition");
        if (condition instanceof WriteCondition.Create) {
            throw new IllegalArgumentException("create() is not a condition for delete");
        }
        checkName(name);
        View v = view(collectionId);
        Map<String, String> headers = new HashMap<>();
        if (condition instanceof WriteCondition.IfMatch ifMatch) {
            headers.put("If-Match", ifMatch.etag());
        }
        DavClient.Response r = http.send("DELETE", member(v.coll(), name), headers, null);
        if (r.status() == 404 || r.status() == 410) {
            throw new NotFound("No item of that name");
        }
        if (r.status() == 412) {
            throw new PreconditionFailed("The item was changed by someone else");
        }
        expectOk(r, "DELETE");
        DataClass kind = kindByPath.remove(v.coll().path() + name);
        announce(v.coll(), kind == null ? v.kind() : kind);
    }

    @Override
    public CollectionInfo createCollection(String displayName, DataClass dataClass) throws StoreException {
        String name = checkDisplayName(displayName);
        Objects.requireNonNull(dataClass, "dataClass");
        checkOpen();
        homes();
        URI home = dataClass == DataClass.CONTACTS ? addressbookHome : calendarHome;
        if (home == null) {
            throw new Unsupported("The DAV account has no " + (dataClass == DataClass.CONTACTS ? "address book" : "calendar")
                    + " home");
        }
        URI uri = home.resolve(UUID.randomUUID() + "/");
        DavClient.Response r;
        if (dataClass == DataClass.CONTACTS) {
            r = http.send("MKCOL", uri, Map.of(), "<D:mkcol xmlns:D=\"DAV:\" xmlns:A=\"" + Xml.CARDDAV + "\"><D:set><D:prop>"
                    + "<D:resourcetype><D:collection/><A:addressbook/></D:resourcetype><D:displayname>" + Xml.escape(name)
                    + "</D:displayname></D:prop></D:set></D:mkcol>");
        } else {
            r = http.send("MKCALENDAR", uri, Map.of(), "<C:mkcalendar xmlns:D=\"DAV:\" xmlns:C=\"" + Xml.CALDAV
                    + "\"><D:set><D:prop><D:displayname>" + Xml.escape(name) + "</D:displayname>"
                    + "<C:supported-calendar-component-set><C:comp name=\"" + dataClass.component() + "\"/>"
                    + "</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>");
        }
        if (r.status() == 403 || r.status() == 405 || r.status() == 501) {
            throw new Unsupported("The DAV server does not let Hearth create collections (HTTP " + r.status() + ")");
        }
        expectOk(r, dataClass == DataClass.CONTACTS ? "MKCOL" : "MKCALENDAR");
        fetchCollections();
        Coll c = collections.get(uri.getRawPath());
        if (c == null) {
            throw new StoreException("The DAV server created the collection but does not list it");
        }
        LOG.debug("Created collection {} ({})", c.path(), dataClass);
        listener.hierarchyChanged();
        return new CollectionInfo(viewId(c, c.primary()), c.displayName(), c.primary(), c.color(), false);
    }

    @Override
    public void renameCollection(String collectionId, String displayName) throws StoreException {
        String name = checkDisplayName(displayName);
        View v = view(collectionId);
        DavClient.Response r = http.send("PROPPATCH", uri(v.coll().path()), Map.of(),
                "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><D:displayname>" + Xml.escape(name)
                        + "</D:displayname></D:prop></D:set></D:propertyupdate>");
        expectOk(r, "PROPPATCH");
        if (r.status() == 207 && okProp(parse(r).child(Xml.DAV, "response").orElse(null)) == null) {
            throw new Unsupported("The DAV server refused the new name");
        }
        fetchCollections();
        listener.hierarchyChanged();
    }

    @Override
    public void deleteCollection(String collectionId) throws StoreException {
        View v = view(collectionId);
        if (v.kind() != v.coll().primary()) {
            throw new Unsupported("This is a component view of a calendar; delete the calendar itself");
        }
        DavClient.Response r = http.send("DELETE", uri(v.coll().path()), Map.of(), null);
        if (r.status() == 404) {
            throw new NotFound("No collection " + collectionId);
        }
        if (r.status() == 403 || r.status() == 405) {
            throw new Unsupported("The DAV server does not let Hearth delete this collection (HTTP " + r.status() + ")");
        }
        expectOk(r, "DELETE");
        fetchCollections();
        LOG.debug("Deleted collection {}", v.coll().path());
        listener.hierarchyChanged();
    }

    // ------------------------------------------------------------------ polling

    /**
     * Looks for changes made elsewhere: one PROPFIND per home, comparing each collection's sync token
     * (or ctag) with the last poll's, and the set of collections. Announces what changed.
     *
     * @throws StoreException if the server cannot be asked (the caller logs and tries again later)
     */
    public void poll() throws StoreException {
        checkOpen();
        Map<String, Coll> before = collections;
        Map<String, Coll> now;
        try {
            now = fetchCollections();
        } catch (StoreException e) {
            collectionsFetched = 0; // the next request asks the server itself (and reports the outage)
            throw e;
        }
        Map<String, String> states = new HashMap<>();
        now.forEach((path, c) -> states.put(path, Objects.toString(c.syncToken(), "") + "|" + Objects.toString(c.ctag(), "")));
        Map<String, String> previous = lastStates;
        lastStates = states;
        if (previous == null) {
            return; // first poll: nothing to compare with
        }
        boolean hierarchy = !now.keySet().equals(before.keySet());
        for (Coll c : now.values()) {
            Coll old = before.get(c.path());
            if (old != null && (!old.displayName().equals(c.displayName()) || !Objects.equals(old.color(), c.color())
                    || !old.kinds().equals(c.kinds()))) {
                hierarchy = true;
            }
            String state = states.get(c.path());
            if (previous.containsKey(c.path()) && !previous.get(c.path()).equals(state)) {
                c.kinds().forEach(kind -> listener.collectionChanged(viewId(c, kind)));
            }
        }
        if (hierarchy) {
            listener.hierarchyChanged();
        }
    }

    /**
     * Looks for changes in the collections a device waits on ({@code collectionIds}, view ids): one
     * {@code PROPFIND Depth: 0} per collection for its sync token and ctag, the cheapest question a DAV
     * server answers ("has anything changed since"), compared with what the last poll saw. Announces the
     * collections whose state moved and remembers it, so the next full {@link #poll()} does not announce
     * them again. A collection the last full poll did not see (made since) gets its first state here,
     * announced only when it moves after that.
     *
     * @throws StoreException if the server cannot be asked (the caller logs and tries again later)
     */
    public void pollWatched(Set<String> collectionIds) throws StoreException {
        checkOpen();
        Map<String, String> previous = lastStates;
        if (previous == null || collectionIds.isEmpty()) {
            return; // before the first full poll there is nothing to compare with
        }
        Set<String> paths = new java.util.TreeSet<>();
        for (String id : collectionIds) {
            int hash = id.lastIndexOf('#');
            paths.add(hash > 0 ? id.substring(0, hash) : id);
        }
        Map<String, String> moved = new HashMap<>();
        for (String path : paths) {
            Coll c = collections.get(path);
            String before = previous.get(path);
            if (c == null) {
                continue; // unknown yet: the next full poll lists it
            }
            Xml.Node ms;
            try {
                ms = propfind(uri(path), "0", "<D:prop><S:getctag/><D:sync-token/></D:prop>");
            } catch (NotFound e) {
                continue; // deleted: the next full poll announces the new hierarchy
            }
            Xml.Node prop = okProp(ms.child(Xml.DAV, "response").orElse(null));
            if (prop == null) {
                continue;
            }
            String token = prop.child(Xml.DAV, "sync-token").map(Xml.Node::trimmed).filter(t -> !t.isEmpty()).orElse(null);
            String ctag = prop.child(Xml.CS, "getctag").map(Xml.Node::trimmed).filter(t -> !t.isEmpty()).orElse(null);
            if (token == null && ctag == null) {
                continue; // a server with neither: only the full poll's listing can tell
            }
            String state = Objects.toString(token, "") + "|" + Objects.toString(ctag, "");
            if (before == null) {
                moved.put(path, state); // first look: the state to compare with from now on
            } else if (!state.equals(before)) {
                moved.put(path, state);
                c.kinds().forEach(kind -> listener.collectionChanged(viewId(c, kind)));
            }
        }
        if (!moved.isEmpty()) {
            Map<String, String> states = new HashMap<>(previous);
            states.putAll(moved);
            lastStates = states; // the poll thread is the only writer
        }
    }

    /**
     * Reuses the collection list for the poll interval (plus 10 s) instead of asking the server on the phones'
     * requests: set to the poll interval by the component, whose poller refreshes the list (and announces
     * any change of it) that often anyway. Without it every sync session after 10 s of quiet paid a PROPFIND
     * of the home, which Radicale answers in time growing with the items of all collections.
     */
    void reuseCollectionsFor(Duration pollInterval) {
        // plus the short reuse, so that a request between two polls (fixed delay: interval + poll time) never asks
        collectionsTtlNanos = pollInterval.toNanos() + COLLECTIONS_TTL_NANOS;
    }

    private void announce(Coll c, DataClass kind) {
        listener.collectionChanged(viewId(c, c.kinds().contains(kind) ? kind : c.primary()));
    }

    // ------------------------------------------------------------------ helpers

    private URI uri(String path) {
        return options.url().resolve(path);
    }

    private URI member(Coll c, String name) {
        return uri(c.path() + encodeSegment(name));
    }

    /** The member name of an href inside the collection, or null for the collection itself or anything else. */
    private String memberName(Coll c, String href) {
        if (href == null) {
            return null;
        }
        String path = options.url().resolve(href).getRawPath();
        if (!path.startsWith(c.path()) || path.length() == c.path().length()) {
            return null;
        }
        String rest = path.substring(c.path().length());
        if (rest.endsWith("/") || rest.contains("/")) {
            return null;
        }
        return URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String lastSegment(String path) {
        String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        return decoded.substring(decoded.lastIndexOf('/') + 1);
    }

    static String encodeSegment(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == '@') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    private static String href(Xml.Node response) {
        return response == null ? null : response.child(Xml.DAV, "href").map(Xml.Node::trimmed).orElse(null);
    }

    /** The prop element of a response's 200 propstat, or null. */
    private static Xml.Node okProp(Xml.Node response) {
        if (response == null) {
            return null;
        }
        for (Xml.Node propstat : response.all(Xml.DAV, "propstat")) {
            String status = propstat.child(Xml.DAV, "status").map(Xml.Node::trimmed).orElse("");
            if (status.contains(" 200")) {
                return propstat.child(Xml.DAV, "prop").orElse(null);
            }
        }
        return null;
    }

    private static String propfindBody(String prop) {
        return "<D:propfind xmlns:D=\"DAV:\" xmlns:C=\"" + Xml.CALDAV + "\" xmlns:A=\"" + Xml.CARDDAV + "\" xmlns:S=\""
                + Xml.CS + "\" xmlns:I=\"" + Xml.APPLE + "\">" + prop + "</D:propfind>";
    }

    private Xml.Node propfind(URI uri, String depth, String prop) throws StoreException {
        DavClient.Response r = http.send("PROPFIND", uri, Map.of("Depth", depth), propfindBody(prop));
        if (r.status() == 404) {
            throw new NotFound("Nothing at " + uri.getRawPath() + " on the DAV server");
        }
        if (r.status() != 207) {
            throw new StoreException("PROPFIND failed: HTTP " + r.status());
        }
        return parse(r);
    }

    private Xml.Node report(URI uri, String depth, String body) throws StoreException {
        DavClient.Response r = http.send("REPORT", uri, Map.of("Depth", depth), body);
        if (r.status() == 404) {
            throw new NotFound("Nothing at " + uri.getRawPath() + " on the DAV server");
        }
        if (r.status() != 207) {
            throw new StoreException("REPORT failed: HTTP " + r.status());
        }
        return parse(r);
    }

    private static Xml.Node parse(DavClient.Response r) throws StoreException {
        try {
            return Xml.parse(r.body());
        } catch (XMLStreamException e) {
            throw new StoreException("The DAV server sent XML Hearth cannot read: " + e.getMessage(), e);
        }
    }

    private static void expectOk(DavClient.Response r, String method) throws StoreException {
        if (!r.ok()) {
            throw new StoreException(method + " failed: HTTP " + r.status());
        }
    }

    private static String shortHash(String s) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 512 || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || Character.isISOControl(c))) {
            throw new IllegalArgumentException("An item name has 1 to 512 characters, no '/' or control characters");
        }
    }

    private static String checkDisplayName(String displayName) {
        Objects.requireNonNull(displayName, "displayName");
        String name = displayName.strip();
        if (name.isEmpty() || name.length() > 256) {
            throw new IllegalArgumentException("Display name must have 1 to 256 characters");
        }
        return name;
    }

    private void checkOpen() throws Unavailable {
        if (closed) {
            throw new Unavailable("The DAV store " + options.storeName() + " is closed", null);
        }
    }

    /** Whether a full poll has run (there is a state to compare with), for tests. */
    boolean polled() {
        return lastStates != null;
    }

    /** Collections as last read, for tests. */
    List<String> knownPaths() {
        return collections.values().stream().map(Coll::path).sorted(Comparator.naturalOrder()).toList();
    }

    @Override
    public void close() {
        closed = true;
        http.close();
        snapshots.close();
    }
}
