package org.hearthsync.dav.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.StoreException;

/**
 * The live properties Hearth computes for each kind of resource, and the {@code DAV:response} elements of a
 * multistatus built from them. Nothing here is stored: a property the resource does not have is reported 404,
 * as RFC 4918 section 9.1 asks.
 */
final class Props {
    static final String SYNC_TOKEN_PREFIX = "http://hearthsync.org/ns/sync/";
    static final long MAX_RESOURCE_BYTES = 16L << 20;

    /** A property name. */
    record Name(String ns, String name) {
    }

    /**
     * One resource as a multistatus describes it.
     *
     * @param collection the collection itself (COLLECTION) or the item's collection (ITEM)
     * @param etag       the item's store etag
     * @param content    the item's content, when loaded
     * @param syncToken  the collection's store sync token, when loaded
     */
    record Res(String href, Hrefs.Kind kind, CollectionInfo collection, String etag, String content, String syncToken) {
    }

    static final List<Name> ALLPROP = List.of(new Name(Ns.DAV, "resourcetype"), new Name(Ns.DAV, "displayname"),
            new Name(Ns.DAV, "getetag"), new Name(Ns.DAV, "getcontenttype"), new Name(Ns.DAV, "getcontentlength"),
            new Name(Ns.DAV, "sync-token"), new Name(Ns.CS, "getctag"), new Name(Ns.APPLE, "calendar-color"),
            new Name(Ns.CALDAV, "supported-calendar-component-set"));

    private final Space space;

    Props(Space space) {
        this.space = space;
    }

    static String syncToken(String storeToken) {
        return SYNC_TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(storeToken.getBytes(StandardCharsets.UTF_8));
    }

    /** The store token a DAV sync-token names, or {@code null} when it is not one of Hearth's. */
    static String storeToken(String davToken) {
        if (davToken == null || !davToken.trim().startsWith(SYNC_TOKEN_PREFIX)) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(davToken.trim().substring(SYNC_TOKEN_PREFIX.length())),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether a property is worth loading the items' content for. */
    static boolean needsContent(List<Name> props) {
        return props.stream().anyMatch(p -> p.name().equals("getcontentlength") || p.name().equals("calendar-data")
                || p.name().equals("address-data"));
    }

    /** Writes one {@code DAV:response} with a 200 propstat for what {@code res} has and a 404 one for the rest. */
    void response(XmlOut x, Res res, List<Name> props, boolean namesOnly) throws StoreException {
        List<Consumer<XmlOut>> found = new ArrayList<>();
        List<Name> missing = new ArrayList<>();
        for (Name p : props) {
            Consumer<XmlOut> v = value(res, p);
            if (v == null) {
                missing.add(p);
            } else {
                found.add(namesOnly ? o -> o.empty(p.ns(), p.name()) : v);
            }
        }
        x.start(Ns.DAV, "response").text(Ns.DAV, "href", res.href());
        if (!found.isEmpty() || missing.isEmpty()) {
            x.start(Ns.DAV, "propstat").start(Ns.DAV, "prop");
            found.forEach(f -> f.accept(x));
            x.end().text(Ns.DAV, "status", "HTTP/1.1 200 OK").end();
        }
        if (!missing.isEmpty()) {
            x.start(Ns.DAV, "propstat").start(Ns.DAV, "prop");
            missing.forEach(m -> x.empty(m.ns(), m.name()));
            x.end().text(Ns.DAV, "status", "HTTP/1.1 404 Not Found").end();
        }
        x.end();
    }

    /** A response with only a status (a deleted item in sync-collection, an unknown href in a multiget). */
    static void status(XmlOut x, String href, String status) {
        x.start(Ns.DAV, "response").text(Ns.DAV, "href", href).text(Ns.DAV, "status", status).end();
    }

    /** The names of the properties {@code res} has, for {@code propname}. */
    List<Name> names(Res res) throws StoreException {
        List<Name> out = new ArrayList<>();
        for (Name n : List.of(new Name(Ns.DAV, "resourcetype"), new Name(Ns.DAV, "displayname"),
                new Name(Ns.DAV, "current-user-principal"), new Name(Ns.DAV, "principal-URL"), new Name(Ns.DAV, "owner"),
                new Name(Ns.DAV, "current-user-privilege-set"), new Name(Ns.DAV, "supported-report-set"),
                new Name(Ns.DAV, "getetag"), new Name(Ns.DAV, "getcontenttype"), new Name(Ns.DAV, "sync-token"),
                new Name(Ns.CS, "getctag"), new Name(Ns.CALDAV, "calendar-home-set"),
                new Name(Ns.CARDDAV, "addressbook-home-set"), new Name(Ns.CALDAV, "calendar-user-address-set"),
                new Name(Ns.CALDAV, "supported-calendar-component-set"), new Name(Ns.APPLE, "calendar-color"))) {
            if (value(res, n) != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** The property's value writer, or {@code null} when {@code res} does not have it. */
    Consumer<XmlOut> value(Res res, Name p) throws StoreException {
        Hrefs.Kind k = res.kind();
        CollectionInfo c = res.collection();
        String principal = Hrefs.principal(space.user());
        if (p.ns().equals(Ns.DAV)) {
            return switch (p.name()) {
                case "resourcetype" -> x -> {
                    x.start(Ns.DAV, "resourcetype");
                    if (k == Hrefs.Kind.PRINCIPAL) {
                        x.empty(Ns.DAV, "principal");
                    } else if (k != Hrefs.Kind.ITEM) {
                        x.empty(Ns.DAV, "collection");
                        if (k == Hrefs.Kind.COLLECTION) {
                            x.empty(Space.isCalendar(c) ? Ns.CALDAV : Ns.CARDDAV, Space.isCalendar(c) ? "calendar" : "addressbook");
                        }
                    }
                    x.end();
                };
                case "displayname" -> switch (k) {
                    case ROOT -> x -> x.text(Ns.DAV, "displayname", "Hearth");
                    case PRINCIPAL, HOME -> x -> x.text(Ns.DAV, "displayname", space.user());
                    case COLLECTION -> x -> x.text(Ns.DAV, "displayname", c.displayName());
                    default -> null;
                };
                case "current-user-principal" -> x -> x.start(Ns.DAV, p.name()).text(Ns.DAV, "href", principal).end();
                case "principal-URL" -> k != Hrefs.Kind.PRINCIPAL ? null
                        : x -> x.start(Ns.DAV, p.name()).text(Ns.DAV, "href", principal).end();
                case "owner" -> k == Hrefs.Kind.ROOT ? null
                        : x -> x.start(Ns.DAV, p.name()).text(Ns.DAV, "href", principal).end();
                case "current-user-privilege-set" -> x -> privileges(x, k == Hrefs.Kind.HOME || k == Hrefs.Kind.COLLECTION
                        || k == Hrefs.Kind.ITEM);
                case "supported-report-set" -> k != Hrefs.Kind.COLLECTION ? null : x -> reports(x, c);
                case "getetag" -> res.etag() == null ? null : x -> x.text(Ns.DAV, p.name(), Etags.quote(res.etag()));
                case "getcontenttype" -> k != Hrefs.Kind.ITEM ? null : x -> x.text(Ns.DAV, p.name(), contentType(c));
                case "getcontentlength" -> res.content() == null ? null
                        : x -> x.text(Ns.DAV, p.name(), Integer.toString(res.content().getBytes(StandardCharsets.UTF_8).length));
                case "sync-token" -> k != Hrefs.Kind.COLLECTION ? null : text(Ns.DAV, p.name(), syncToken(token(res)));
                default -> null;
            };
        }
        if (p.ns().equals(Ns.CS) && p.name().equals("getctag")) {
            return k != Hrefs.Kind.COLLECTION ? null : text(Ns.CS, "getctag", syncToken(token(res)));
        }
        if (p.ns().equals(Ns.APPLE) && p.name().equals("calendar-color")) {
            return k != Hrefs.Kind.COLLECTION || !Space.isCalendar(c) || c.color() == null ? null
                    : x -> x.text(Ns.APPLE, "calendar-color", c.color());
        }
        if (p.ns().equals(Ns.CALDAV)) {
            boolean cal = k == Hrefs.Kind.COLLECTION && Space.isCalendar(c);
            return switch (p.name()) {
                case "calendar-home-set" -> k != Hrefs.Kind.PRINCIPAL ? null
                        : x -> x.start(Ns.CALDAV, p.name()).text(Ns.DAV, "href", Hrefs.home(space.user())).end();
                case "calendar-user-address-set" -> k != Hrefs.Kind.PRINCIPAL ? null
                        : x -> x.start(Ns.CALDAV, p.name()).text(Ns.DAV, "href", "mailto:" + space.account.emailAddress())
                                .text(Ns.DAV, "href", principal).end();
                case "supported-calendar-component-set" -> !cal ? null
                        : x -> x.start(Ns.CALDAV, p.name()).empty(Ns.CALDAV, "comp", "name", c.dataClass().component()).end();
                case "supported-calendar-data" -> !cal ? null : x -> x.start(Ns.CALDAV, p.name())
                        .start(Ns.CALDAV, "calendar-data").end().end();
                case "max-resource-size" -> !cal ? null : x -> x.text(Ns.CALDAV, p.name(), Long.toString(MAX_RESOURCE_BYTES));
                case "calendar-data" -> res.content() == null || !Space.isCalendar(c) ? null
                        : x -> x.text(Ns.CALDAV, p.name(), res.content());
                default -> null;
            };
        }
        if (p.ns().equals(Ns.CARDDAV)) {
            boolean book = k == Hrefs.Kind.COLLECTION && !Space.isCalendar(c);
            return switch (p.name()) {
                case "addressbook-home-set" -> k != Hrefs.Kind.PRINCIPAL ? null
                        : x -> x.start(Ns.CARDDAV, p.name()).text(Ns.DAV, "href", Hrefs.home(space.user())).end();
                case "supported-address-data" -> !book ? null : x -> x.start(Ns.CARDDAV, p.name())
                        .empty(Ns.CARDDAV, "address-data-type", "content-type", "text/vcard").end();
                case "max-resource-size" -> !book ? null : x -> x.text(Ns.CARDDAV, p.name(), Long.toString(MAX_RESOURCE_BYTES));
                case "address-data" -> res.content() == null || Space.isCalendar(c) ? null
                        : x -> x.text(Ns.CARDDAV, p.name(), res.content());
                default -> null;
            };
        }
        return null;
    }

    private static Consumer<XmlOut> text(String ns, String name, String value) {
        return x -> x.text(ns, name, value);
    }

    private String token(Res res) throws StoreException {
        return res.syncToken() != null ? res.syncToken() : space.store.syncToken(res.collection().id());
    }

    static String contentType(CollectionInfo c) {
        return Space.isCalendar(c) ? "text/calendar; charset=utf-8; component=" + c.dataClass().component()
                : "text/vcard; charset=utf-8";
    }

    private static void privileges(XmlOut x, boolean write) {
        x.start(Ns.DAV, "current-user-privilege-set");
        List<String> names = write ? List.of("read", "write", "write-properties", "write-content", "bind", "unbind",
                "read-current-user-privilege-set") : List.of("read", "read-current-user-privilege-set");
        for (String n : names) {
            x.start(Ns.DAV, "privilege").empty(Ns.DAV, n).end();
        }
        x.end();
    }

    private static void reports(XmlOut x, CollectionInfo c) {
        x.start(Ns.DAV, "supported-report-set");
        boolean cal = Space.isCalendar(c);
        String ns = cal ? Ns.CALDAV : Ns.CARDDAV;
        for (String[] r : new String[][] { { Ns.DAV, "sync-collection" }, { ns, cal ? "calendar-multiget" : "addressbook-multiget" },
                { ns, cal ? "calendar-query" : "addressbook-query" } }) {
            x.start(Ns.DAV, "supported-report").start(Ns.DAV, "report").empty(r[0], r[1]).end().end();
        }
        x.end();
    }
}
