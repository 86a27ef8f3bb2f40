package org.hearthsync.dav.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;

/**
 * REPORT on a collection: calendar-multiget and addressbook-multiget (RFC 4791 7.9, RFC 6352 8.7),
 * calendar-query (7.8) and addressbook-query (8.6), both with calendar-data expand (9.6.5, {@link Expand}), and
 * sync-collection (RFC 6578) on the store's sync tokens.
 */
final class Reports implements Engine.Method {

    @Override
    public DavResponse handle(Engine.Call c) throws DavException, StoreException {
        XmlNode body = Engine.body(c.request()).orElseThrow(() -> DavException.badRequest("REPORT needs a body"));
        if (c.target().kind() != Hrefs.Kind.COLLECTION) {
            throw new DavException(403, Ns.DAV, "supported-report", "reports are served on collections");
        }
        CollectionInfo coll = c.requireCollection();
        boolean cal = Space.isCalendar(coll);
        Propfind.Ask ask = Propfind.Ask.of(body);
        // RFC 4791 9.6.5: calendar-data with expand shows recurring events as their occurrences in a range
        UnaryOperator<String> view = cal ? Expand.of(body).<UnaryOperator<String>>map(e -> e::apply).orElse(UnaryOperator.identity())
                : UnaryOperator.identity();
        XmlOut x = new XmlOut().start(Ns.DAV, "multistatus");
        if (body.is(cal ? Ns.CALDAV : Ns.CARDDAV, cal ? "calendar-multiget" : "addressbook-multiget")) {
            multiget(c, coll, body, ask, x, view);
        } else if (cal && body.is(Ns.CALDAV, "calendar-query")) {
            XmlNode filter = body.child(Ns.CALDAV, "filter")
                    .orElseThrow(() -> new DavException(403, Ns.CALDAV, "valid-filter", "calendar-query needs a filter"));
            query(c, coll, ask, x, content -> Filters.calendar(filter, content), view);
        } else if (!cal && body.is(Ns.CARDDAV, "addressbook-query")) {
            XmlNode filter = body.child(Ns.CARDDAV, "filter").orElse(null);
            query(c, coll, ask, x, content -> filter == null || Filters.card(filter, content), view);
        } else if (body.is(Ns.DAV, "sync-collection")) {
            sync(c, coll, body, ask, x);
        } else {
            throw new DavException(403, Ns.DAV, "supported-report", "this collection does not serve that report");
        }
        return DavResponse.xml(207, x.done());
    }

    private static void multiget(Engine.Call c, CollectionInfo coll, XmlNode body, Propfind.Ask ask, XmlOut x,
            UnaryOperator<String> view) throws DavException, StoreException {
        Space s = c.space();
        Map<String, String> names = new LinkedHashMap<>(); // name -> the href as the client sent it
        List<String> foreign = new ArrayList<>();
        String prefix = s.href(coll);
        for (XmlNode h : body.all(Ns.DAV, "href").toList()) {
            String path = Hrefs.pathOf(h.trimmed());
            Hrefs.Target t;
            try {
                t = Hrefs.parse(path);
            } catch (DavException e) {
                t = null;
            }
            if (t != null && t.kind() == Hrefs.Kind.ITEM && Hrefs.collection(t.user(), t.collection()).equalsIgnoreCase(prefix)) {
                names.put(t.item(), h.trimmed());
            } else {
                foreign.add(h.trimmed());
            }
        }
        Map<String, Resource> got = Engine.load(s, coll, names.keySet());
        Props props = c.props();
        for (Map.Entry<String, String> e : names.entrySet()) {
            Resource r = got.get(e.getKey());
            if (r == null) {
                Props.status(x, e.getValue(), "HTTP/1.1 404 Not Found");
            } else {
                Propfind.one(props, x, new Props.Res(s.itemHref(coll, r.name()), Hrefs.Kind.ITEM, coll, r.etag(),
                        view.apply(r.content()), null), ask);
            }
        }
        for (String f : foreign) {
            Props.status(x, f, "HTTP/1.1 404 Not Found");
        }
    }

    /** A filter on an item's content. */
    interface Match {
        boolean test(String content) throws DavException;
    }

    private static void query(Engine.Call c, CollectionInfo coll, Propfind.Ask ask, XmlOut x, Match match,
            UnaryOperator<String> view) throws DavException, StoreException {
        Space s = c.space();
        List<ResourceRef> refs = s.store.list(coll.id());
        Map<String, Resource> got = Engine.load(s, coll, refs.stream().map(ResourceRef::name).toList());
        Props props = c.props();
        for (ResourceRef ref : refs) {
            Resource r = got.get(ref.name());
            if (r != null && match.test(r.content())) {
                Propfind.one(props, x, new Props.Res(s.itemHref(coll, r.name()), Hrefs.Kind.ITEM, coll, r.etag(),
                        view.apply(r.content()), null), ask);
            }
        }
    }

    private static void sync(Engine.Call c, CollectionInfo coll, XmlNode body, Propfind.Ask ask, XmlOut x)
            throws DavException, StoreException {
        // RFC 6578 3.2 defines the report for Depth: 0 only, but clients send 1 (python caldav, some DAVx5 versions)
        // and mean the same: collections here hold no collections, so every depth gives the same answer
        String level = body.child(Ns.DAV, "sync-level").map(XmlNode::trimmed).orElse("1");
        if (!level.equals("1")) {
            throw new DavException(403, Ns.DAV, "sync-traversal-supported", "collections hold no collections: sync-level 1");
        }
        String given = body.child(Ns.DAV, "sync-token").map(XmlNode::trimmed).orElse("");
        String token = null;
        if (!given.isEmpty()) {
            token = Props.storeToken(given);
            if (token == null) {
                throw new DavException(403, Ns.DAV, "valid-sync-token", "not a sync token of this collection");
            }
        }
        Space s = c.space();
        ChangeSet changes = s.store.changesSince(coll.id(), token);
        boolean content = Props.needsContent(ask.names());
        Map<String, Resource> got = content
                ? Engine.load(s, coll, changes.changed().stream().map(ResourceRef::name).toList()) : Map.of();
        Props props = c.props();
        for (ResourceRef ref : changes.changed()) {
            Resource r = got.get(ref.name());
            if (content && r == null) {
                Props.status(x, s.itemHref(coll, ref.name()), "HTTP/1.1 404 Not Found"); // deleted since
                continue;
            }
            Propfind.one(props, x, new Props.Res(s.itemHref(coll, ref.name()), Hrefs.Kind.ITEM, coll,
                    r != null ? r.etag() : ref.etag(), r != null ? r.content() : null, null), ask);
        }
        for (String gone : changes.deleted()) {
            Props.status(x, s.itemHref(coll, gone), "HTTP/1.1 404 Not Found");
        }
        x.text(Ns.DAV, "sync-token", Props.syncToken(changes.token()));
    }
}
