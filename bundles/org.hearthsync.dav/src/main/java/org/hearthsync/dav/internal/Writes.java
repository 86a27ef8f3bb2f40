package org.hearthsync.dav.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;

/**
 * The methods that change the store: PUT and DELETE of items (with If-Match / If-None-Match turned into the
 * store's atomic {@link WriteCondition}, so a stale client gets 412 and nothing is overwritten), MKCOL and
 * MKCALENDAR, DELETE of a collection, and PROPPATCH of the display name. Every write goes through the store SPI,
 * whose change events wake the phones' parked Pings.
 */
final class Writes {
    private final Uids uids = new Uids();

    DavResponse put(Engine.Call c) throws DavException, StoreException {
        if (c.target().kind() != Hrefs.Kind.ITEM) {
            throw new DavException(405, "PUT a calendar object or vCard into a collection");
        }
        CollectionInfo coll = c.collection();
        String content = utf8(c.request().body());
        check(coll, content);
        String name = c.target().item();
        Optional<String> uid = oneUid(coll, content);
        WriteCondition condition;
        String etag;
        if (uid.isEmpty()) {
            condition = condition(c, name, true);
            etag = c.space().store.put(coll.id(), name, content, condition);
        } else {
            // the check and the write under the collection's lock: two PUTs of one new UID racing each other would both
            // pass a check made apart from the write, and the store has no unique UID constraint to refuse the second
            Lock lock = uids.lock(c.space(), coll);
            lock.lock();
            try {
                noUidConflict(c, coll, uid.get(), name);
                condition = condition(c, name, true);
                etag = c.space().store.put(coll.id(), name, content, condition);
                uids.written(c.space(), coll, name, uid.get());
            } finally {
                lock.unlock();
            }
        }
        return DavResponse.of(condition instanceof WriteCondition.Create ? 201 : 204).header("ETag", Etags.quote(etag));
    }

    DavResponse delete(Engine.Call c) throws DavException, StoreException {
        switch (c.target().kind()) {
            case ITEM -> {
                WriteCondition condition = condition(c, c.target().item(), false);
                c.space().store.delete(c.collection().id(), c.target().item(), condition);
                return DavResponse.of(204);
            }
            case COLLECTION -> {
                CollectionInfo coll = c.requireCollection();
                if (c.request().header("If-Match") != null) {
                    throw new DavException(412, "collections have no entity tag");
                }
                c.space().store.deleteCollection(coll.id());
                forget(c, coll);
                return DavResponse.of(204);
            }
            default -> throw new DavException(403, "only collections and items can be deleted");
        }
    }

    /**
     * The store condition of a write. If-None-Match: * creates only; If-Match names the version the client read
     * (* any existing one). Without either, the client asked to replace whatever is there: the version seen now
     * is the condition, so a change racing this request still fails with 412 rather than being lost.
     */
    static WriteCondition condition(Engine.Call c, String name, boolean put) throws DavException, StoreException {
        List<String> ifMatch = Etags.list(c.request().header("If-Match"));
        List<String> ifNoneMatch = Etags.list(c.request().header("If-None-Match"));
        if (ifNoneMatch.contains("*")) {
            if (!put) {
                throw new DavException(412, "If-None-Match: * on DELETE never holds for an existing item");
            }
            return WriteCondition.create();
        }
        if (ifMatch.size() == 1 && !ifMatch.get(0).equals("*")) {
            String etag = Etags.unquote(ifMatch.get(0));
            if (etag == null) {
                throw new DavException(412, "a weak or malformed entity tag never matches");
            }
            return WriteCondition.ifMatch(etag);
        }
        Optional<Resource> current = c.space().store.get(c.collection().id(), name);
        if (!ifNoneMatch.isEmpty() && current.isPresent() && ifNoneMatch.contains(Etags.quote(current.get().etag()))) {
            throw new DavException(412, "the item has the version If-None-Match excludes");
        }
        if (!ifMatch.isEmpty()) {
            if (current.isEmpty() || !(ifMatch.contains("*") || ifMatch.contains(Etags.quote(current.get().etag())))) {
                throw new DavException(412, "the item changed since it was read");
            }
            return WriteCondition.ifMatch(current.get().etag());
        }
        if (current.isPresent()) {
            return WriteCondition.ifMatch(current.get().etag());
        }
        if (!put) {
            throw new DavException(404, "no such item");
        }
        return WriteCondition.create();
    }

    /** What a calendar or address book accepts (RFC 4791 5.3.2.1, RFC 6352 6.3.2.1). */
    static void check(CollectionInfo coll, String content) throws DavException {
        String upper = content.toUpperCase(Locale.ROOT);
        if (Space.isCalendar(coll)) {
            if (!upper.startsWith("BEGIN:VCALENDAR") || !upper.contains("END:VCALENDAR")) {
                throw new DavException(403, Ns.CALDAV, "valid-calendar-data", "not an iCalendar object");
            }
            String comp = coll.dataClass().component();
            if (!upper.contains("BEGIN:" + comp)) {
                throw new DavException(403, Ns.CALDAV, "supported-calendar-component",
                        "this collection holds " + comp + " components only");
            }
        } else if (!upper.startsWith("BEGIN:VCARD") || !upper.contains("END:VCARD")) {
            throw new DavException(403, Ns.CARDDAV, "valid-address-data", "not a vCard");
        }
    }

    /** The UID of the item; one per calendar object (RFC 4791 4.1), an alarm's own UID (RFC 9074) not counted. */
    private static Optional<String> oneUid(CollectionInfo coll, String content) throws DavException {
        List<String> found = Uids.uids(content);
        if (Space.isCalendar(coll) && found.size() > 1) {
            throw new DavException(403, Ns.CALDAV, "valid-calendar-object-resource", "the components of one calendar object share one UID");
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * No second item in the collection with the UID of this one (RFC 4791 5.3.2.1, RFC 6352 6.3.2.1): the answer names
     * the item that has it, so the client can update that one. Called under {@link Uids#lock}.
     */
    private void noUidConflict(Engine.Call c, CollectionInfo coll, String uid, String name) throws DavException, StoreException {
        Optional<String> holder = uids.holder(c.space(), coll, uid, name);
        if (holder.isPresent()) {
            throw new DavException(409, Space.isCalendar(coll) ? Ns.CALDAV : Ns.CARDDAV, "no-uid-conflict",
                    c.space().itemHref(coll, holder.get()), "another item of this collection has the UID already");
        }
    }

    private static String utf8(byte[] body) throws DavException {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new DavException(415, "calendar objects and vCards are UTF-8");
        }
    }

    // ---------------------------------------------------------------- MKCOL, MKCALENDAR

    DavResponse mkcol(Engine.Call c) throws DavException, StoreException {
        boolean mkcalendar = "MKCALENDAR".equals(c.request().method());
        Optional<XmlNode> body = parseMkcolBody(c.request()); // a body it cannot take is 415 wherever it is sent
        if (c.target().kind() != Hrefs.Kind.COLLECTION) {
            throw new DavException(c.target().kind() == Hrefs.Kind.ITEM ? 409 : 405,
                    "collections are made directly in the home collection " + Hrefs.home(c.space().user()));
        }
        if (c.collection() != null) {
            throw new DavException(405, "the collection exists");
        }
        if (!c.space().account.collections().isEmpty()) {
            // a new collection would not be in the account's chosen set, and so invisible to the client making it
            throw new DavException(403, "this account sees a chosen set of collections; add new ones in Hearth's console");
        }
        DataClass dataClass = mkcalendar ? DataClass.CALENDAR : null;
        String displayName = null;
        if (body.isPresent()) {
            XmlNode root = body.get();
            for (XmlNode set : root.all(Ns.DAV, "set").toList()) {
                for (XmlNode prop : set.all(Ns.DAV, "prop").toList()) {
                    for (XmlNode p : prop.children()) {
                        if (p.is(Ns.DAV, "displayname")) {
                            displayName = p.trimmed();
                        } else if (p.is(Ns.DAV, "resourcetype")) {
                            if (p.child(Ns.CARDDAV, "addressbook").isPresent()) {
                                dataClass = DataClass.CONTACTS;
                            } else if (p.child(Ns.CALDAV, "calendar").isPresent() && dataClass == null) {
                                dataClass = DataClass.CALENDAR;
                            }
                        } else if (p.is(Ns.CALDAV, "supported-calendar-component-set")) {
                            dataClass = componentClass(p);
                        }
                    }
                }
            }
        }
        if (dataClass == null) {
            // a plain WebDAV collection: Hearth's stores hold only PIM collections, so it becomes a calendar
            dataClass = DataClass.CALENDAR;
        }
        String name = displayName == null || displayName.isBlank() ? c.target().collection() : displayName;
        CollectionInfo made = c.space().store.createCollection(name, dataClass);
        String segment = c.target().collection();
        if (!segment.equals(Hrefs.segmentOf(made.id()))) {
            try {
                c.space().aliases.put(c.space().storeName, segment, made.id());
            } catch (IOException e) {
                throw new DavException(500, "the collection was made but its URL could not be kept");
            }
        }
        return DavResponse.of(201).header("Location", c.space().href(made));
    }

    private static Optional<XmlNode> parseMkcolBody(DavRequest r) throws DavException {
        if (r.body().length == 0) {
            return Optional.empty();
        }
        String type = r.header("Content-Type");
        if (type != null && !type.toLowerCase(Locale.ROOT).contains("xml")) {
            throw new DavException(415, "MKCOL takes an XML body or none");
        }
        XmlNode root;
        try {
            root = XmlIn.parse(r.body());
        } catch (DavException e) {
            throw new DavException(415, "MKCOL takes an XML body or none");
        }
        boolean mkcalendar = "MKCALENDAR".equals(r.method());
        if (!(mkcalendar ? root.is(Ns.CALDAV, "mkcalendar") : root.is(Ns.DAV, "mkcol"))) {
            throw new DavException(415, "the body is not a " + (mkcalendar ? "C:mkcalendar" : "DAV:mkcol"));
        }
        return Optional.of(root);
    }

    private static DataClass componentClass(XmlNode set) throws DavException {
        List<String> comps = set.all(Ns.CALDAV, "comp").map(n -> String.valueOf(n.attribute("name")).toUpperCase(Locale.ROOT))
                .toList();
        for (DataClass d : List.of(DataClass.CALENDAR, DataClass.TASKS, DataClass.NOTES)) {
            if (comps.contains(d.component())) {
                return d; // a store collection holds one kind: the first Hearth knows, events before tasks
            }
        }
        throw new DavException(403, Ns.CALDAV, "supported-calendar-component", "Hearth keeps VEVENT, VTODO or VJOURNAL");
    }

    private static void forget(Engine.Call c, CollectionInfo coll) {
        try {
            c.space().aliases.remove(c.space().storeName, c.space().segment(coll));
        } catch (IOException e) {
            // a stale alias names a collection that no longer exists: requests to it answer 404
        }
    }

    // ---------------------------------------------------------------- PROPPATCH

    /** A CSS hex colour as DAV clients send it ({@code #RRGGBB}, Apple's {@code #RRGGBBAA}). */
    private static final java.util.regex.Pattern COLOR = java.util.regex.Pattern.compile("#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?");

    /**
     * PROPPATCH (RFC 4918 section 9.2), all or nothing: a collection's display name and colour (Apple's
     * calendar-color) can be set, the colour removed; every other property is protected or not kept (403), and
     * then nothing is changed (424 for the rest). The colour is set first: a store that keeps none refuses it
     * before the name has changed.
     */
    DavResponse proppatch(Engine.Call c) throws DavException, StoreException {
        XmlNode root = Engine.body(c.request()).orElseThrow(() -> DavException.badRequest("PROPPATCH needs a body"));
        if (!root.is(Ns.DAV, "propertyupdate")) {
            throw DavException.badRequest("a PROPPATCH body is a DAV:propertyupdate");
        }
        boolean collection = c.target().kind() == Hrefs.Kind.COLLECTION && c.collection() != null;
        List<XmlNode> ok = new ArrayList<>();
        List<XmlNode> refused = new ArrayList<>();
        String rename = null;
        Optional<String> recolor = null;
        for (XmlNode op : root.children()) {
            boolean set = op.is(Ns.DAV, "set");
            if (!set && !op.is(Ns.DAV, "remove")) {
                continue;
            }
            for (XmlNode prop : op.all(Ns.DAV, "prop").toList()) {
                for (XmlNode p : prop.children()) {
                    if (collection && set && p.is(Ns.DAV, "displayname") && !p.trimmed().isEmpty()) {
                        rename = p.trimmed();
                        ok.add(p);
                    } else if (collection && p.is(Ns.APPLE, "calendar-color") && Space.isCalendar(c.collection())
                            && (!set || COLOR.matcher(p.trimmed()).matches())) {
                        recolor = set ? Optional.of(p.trimmed()) : Optional.empty();
                        ok.add(p);
                    } else {
                        refused.add(p);
                    }
                }
            }
        }
        if (refused.isEmpty() && recolor != null) {
            try {
                c.space().store.recolorCollection(c.collection().id(), recolor.orElse(null));
            } catch (StoreException.Unsupported e) {
                XmlNode color = ok.stream().filter(p -> p.is(Ns.APPLE, "calendar-color")).findFirst().orElseThrow();
                ok.remove(color);
                refused.add(color);
            }
        }
        if (refused.isEmpty() && rename != null) {
            c.space().store.renameCollection(c.collection().id(), rename);
        }
        XmlOut x = new XmlOut().start(Ns.DAV, "multistatus").start(Ns.DAV, "response").text(Ns.DAV, "href", c.href());
        propstat(x, ok, refused.isEmpty() ? "HTTP/1.1 200 OK" : "HTTP/1.1 424 Failed Dependency");
        propstat(x, refused, "HTTP/1.1 403 Forbidden");
        return DavResponse.xml(207, x.done());
    }

    private static void propstat(XmlOut x, List<XmlNode> props, String status) {
        if (props.isEmpty()) {
            return;
        }
        x.start(Ns.DAV, "propstat").start(Ns.DAV, "prop");
        props.forEach(p -> x.empty(p.ns(), p.name()));
        x.end().text(Ns.DAV, "status", status).end();
    }
}
