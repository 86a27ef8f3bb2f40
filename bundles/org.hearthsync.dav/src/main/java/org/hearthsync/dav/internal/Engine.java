package org.hearthsync.dav.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;

/**
 * The DAV protocol over one account's {@link Space}: resolves the request path and hands the request to the
 * handler of its method. Store failures become HTTP statuses here, in one place: a precondition that does not
 * hold is 412, a missing collection or item 404, an unreachable store 503 with Retry-After.
 */
final class Engine {
    static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, REPORT, MKCOL, MKCALENDAR";
    static final String DAV_HEADER = "1, 3, calendar-access, addressbook, extended-mkcol";
    private static final int CHUNK = 200;
    private static final java.util.Set<String> CREATES = java.util.Set.of("PUT", "MKCOL", "MKCALENDAR");

    /** A handler of one method. */
    interface Method {
        DavResponse handle(Call call) throws DavException, StoreException;
    }

    /**
     * One request with its resolved target.
     *
     * @param collection the target collection (COLLECTION, ITEM), or {@code null} when it does not exist
     */
    record Call(DavRequest request, Space space, Hrefs.Target target, CollectionInfo collection) {
        Props props() {
            return new Props(space);
        }

        String href() {
            return switch (target.kind()) {
                case ROOT -> Hrefs.ROOT;
                case PRINCIPAL -> Hrefs.principal(space.user());
                case HOME -> Hrefs.home(space.user());
                case COLLECTION -> collection != null ? space.href(collection) : Hrefs.collection(space.user(), target.collection());
                case ITEM -> space.itemHref(collection, target.item());
            };
        }

        CollectionInfo requireCollection() throws DavException {
            if (collection == null) {
                throw new DavException(404, "no such collection");
            }
            return collection;
        }
    }

    private final Map<String, Method> methods = new HashMap<>();

    Engine() {
        methods.put("OPTIONS", c -> DavResponse.of(200).header("DAV", DAV_HEADER).header("Allow", ALLOW));
        methods.put("GET", Engine::get);
        // HEAD answers as GET: the container sends the headers (Content-Length included) and drops the body
        methods.put("HEAD", Engine::get);
        methods.put("PROPFIND", new Propfind());
        Writes writes = new Writes();
        methods.put("PUT", writes::put);
        methods.put("DELETE", writes::delete);
        methods.put("MKCOL", writes::mkcol);
        methods.put("MKCALENDAR", writes::mkcol);
        methods.put("PROPPATCH", writes::proppatch);
        methods.put("REPORT", new Reports());
    }

    DavResponse handle(DavRequest request, Space space) {
        try {
            Method m = methods.get(request.method());
            if (m == null) {
                return DavResponse.text(405, "text/plain; charset=utf-8", request.method() + " is not supported here\n")
                        .header("Allow", ALLOW);
            }
            Hrefs.Target t;
            try {
                t = Hrefs.parse(request.rawPath());
            } catch (DavException e) {
                if (e.status() == 404 && CREATES.contains(request.method())) {
                    // RFC 4918 9.3.1 / 9.7.1: creating below a parent that does not exist is a conflict
                    throw new DavException(409, "Hearth's collections hold items only, and are made in the home collection");
                }
                throw e;
            }
            if (t.user() != null && !t.user().equalsIgnoreCase(space.user())) {
                throw new DavException(403, "another account's collections");
            }
            CollectionInfo c = t.collection() == null ? null : space.collection(t.collection()).orElse(null);
            if (t.kind() == Hrefs.Kind.ITEM && c == null) {
                throw new DavException("PUT".equals(request.method()) ? 409 : 404, "no such collection");
            }
            if (request.oversized()) {
                throw tooLarge(request, t, c);
            }
            return m.handle(new Call(request, space, t, c));
        } catch (DavException e) {
            return DavResponse.error(e);
        } catch (StoreException e) {
            DavResponse r = DavResponse.error(storeFailure(e));
            // the store is down (a DAV server store, an unmounted vdir): the client retries, nothing was changed
            return r.status() == 503 ? r.header("Retry-After", "30") : r;
        } catch (IllegalArgumentException e) {
            // a store refusing a name or a value it cannot keep
            return DavResponse.error(new DavException(403, "the store refused: " + e.getMessage()));
        }
    }

    /**
     * A body over the limit. A calendar object or vCard PUT into a collection fails the precondition the collection
     * advertises with its max-resource-size property (RFC 4791 5.3.2.1, RFC 6352 6.3.2.1): 403 with the precondition
     * element, as RFC 4918 section 16 has precondition failures answered, so the client learns why and that sending
     * it again will not help. Any other request body that large is 413 (RFC 9110 15.5.14).
     */
    private static DavException tooLarge(DavRequest request, Hrefs.Target t, CollectionInfo c) {
        if ("PUT".equals(request.method()) && t.kind() == Hrefs.Kind.ITEM && c != null) {
            boolean calendar = Space.isCalendar(c);
            return new DavException(403, calendar ? Ns.CALDAV : Ns.CARDDAV, "max-resource-size", (calendar ? "a calendar object"
                    : "a vCard") + " here is at most " + Props.MAX_RESOURCE_BYTES + " octets (max-resource-size)");
        }
        return new DavException(413, "a request body here is at most " + Props.MAX_RESOURCE_BYTES + " octets");
    }

    static DavException storeFailure(StoreException e) {
        if (e instanceof StoreException.PreconditionFailed) {
            return new DavException(412, "the item changed since it was read");
        }
        if (e instanceof StoreException.NotFound) {
            return new DavException(404, "not found");
        }
        if (e instanceof StoreException.Unavailable) {
            return new DavException(503, "the store cannot be reached now; try again later");
        }
        if (e instanceof StoreException.InvalidSyncToken) {
            return new DavException(403, Ns.DAV, "valid-sync-token", "the sync token is unknown or too old");
        }
        if (e instanceof StoreException.Unsupported) {
            return new DavException(403, "the store does not support this: " + e.getMessage());
        }
        return new DavException(403, "the store refused: " + e.getMessage());
    }

    private static DavResponse get(Call c) throws DavException, StoreException {
        if (c.target().kind() != Hrefs.Kind.ITEM) {
            return DavResponse.text(200, "text/plain; charset=utf-8",
                    "Hearth CalDAV/CardDAV: point your calendar or address book program at " + Hrefs.ROOT + "\n");
        }
        Resource res = c.space().store.get(c.collection().id(), c.target().item())
                .orElseThrow(() -> new DavException(404, "no such item"));
        byte[] bytes = res.content().getBytes(StandardCharsets.UTF_8);
        return new DavResponse(200, new java.util.LinkedHashMap<>(), bytes, Props.contentType(c.collection()))
                .header("ETag", Etags.quote(res.etag()));
    }

    /** Items of a collection with content, a chunk at a time so a remote store answers in few round trips. */
    static Map<String, Resource> load(Space s, CollectionInfo c, Collection<String> names) throws StoreException {
        Map<String, Resource> out = new HashMap<>();
        List<String> batch = new ArrayList<>(CHUNK);
        for (String n : names) {
            batch.add(n);
            if (batch.size() == CHUNK) {
                out.putAll(s.store.getAll(c.id(), batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            out.putAll(s.store.getAll(c.id(), batch));
        }
        return out;
    }

    static Optional<XmlNode> body(DavRequest r) throws DavException {
        return r.body().length == 0 ? Optional.empty() : Optional.of(XmlIn.parse(r.body()));
    }
}
