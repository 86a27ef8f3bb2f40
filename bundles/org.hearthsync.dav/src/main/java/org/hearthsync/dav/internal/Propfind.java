package org.hearthsync.dav.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;

/** PROPFIND (RFC 4918 section 9.1) at depth 0 or 1; depth infinity is refused with propfind-finite-depth. */
final class Propfind implements Engine.Method {

    /** What a PROPFIND or REPORT body asks for: named properties, all of them, or their names. */
    record Ask(List<Props.Name> names, boolean allprop, boolean propname) {
        static Ask of(XmlNode parent) {
            Optional<XmlNode> prop = parent.child(Ns.DAV, "prop");
            if (prop.isPresent()) {
                return new Ask(prop.get().children().stream().map(n -> new Props.Name(n.ns(), n.name())).toList(), false, false);
            }
            if (parent.child(Ns.DAV, "propname").isPresent()) {
                return new Ask(List.of(), false, true);
            }
            return new Ask(Props.ALLPROP, true, false);
        }
    }

    @Override
    public DavResponse handle(Engine.Call c) throws DavException, StoreException {
        int depth = c.request().depth(Integer.MAX_VALUE);
        Ask ask = Engine.body(c.request()).map(b -> {
            return b.is(Ns.DAV, "propfind") ? Ask.of(b) : null;
        }).orElse(new Ask(Props.ALLPROP, true, false));
        if (ask == null) {
            throw DavException.badRequest("a PROPFIND body is a DAV:propfind");
        }
        Hrefs.Kind kind = c.target().kind();
        if (depth > 1 && kind != Hrefs.Kind.ITEM) {
            throw new DavException(403, Ns.DAV, "propfind-finite-depth", "Depth: infinity is not served; use 0 or 1");
        }
        Props props = c.props();
        XmlOut x = new XmlOut().start(Ns.DAV, "multistatus");
        Space s = c.space();
        switch (kind) {
            case ROOT, PRINCIPAL -> one(props, x, new Props.Res(c.href(), kind, null, null, null, null), ask);
            case HOME -> {
                one(props, x, new Props.Res(c.href(), kind, null, null, null, null), ask);
                if (depth == 1) {
                    for (CollectionInfo ci : s.collections()) {
                        one(props, x, new Props.Res(s.href(ci), Hrefs.Kind.COLLECTION, ci, null, null, null), ask);
                    }
                }
            }
            case COLLECTION -> {
                CollectionInfo ci = c.requireCollection();
                one(props, x, new Props.Res(c.href(), kind, ci, null, null, null), ask);
                if (depth == 1) {
                    items(s, ci, props, x, ask);
                }
            }
            case ITEM -> {
                Resource r = s.store.get(c.collection().id(), c.target().item())
                        .orElseThrow(() -> new DavException(404, "no such item"));
                one(props, x, new Props.Res(c.href(), kind, c.collection(), r.etag(), r.content(), null), ask);
            }
        }
        return DavResponse.xml(207, x.done());
    }

    private static void items(Space s, CollectionInfo ci, Props props, XmlOut x, Ask ask) throws StoreException {
        List<ResourceRef> refs = s.store.list(ci.id());
        boolean content = ask.allprop() || Props.needsContent(ask.names());
        Map<String, Resource> loaded = content ? Engine.load(s, ci, refs.stream().map(ResourceRef::name).toList()) : Map.of();
        for (ResourceRef ref : refs) {
            Resource r = loaded.get(ref.name());
            if (content && r == null) {
                continue; // deleted since it was listed
            }
            one(props, x, new Props.Res(s.itemHref(ci, ref.name()), Hrefs.Kind.ITEM, ci,
                    r != null ? r.etag() : ref.etag(), r != null ? r.content() : null, null), ask);
        }
    }

    static void one(Props props, XmlOut x, Props.Res res, Ask ask) throws StoreException {
        if (ask.propname()) {
            props.response(x, res, props.names(res), true);
        } else if (ask.allprop()) {
            List<Props.Name> have = new ArrayList<>();
            for (Props.Name n : ask.names()) {
                if (props.value(res, n) != null) {
                    have.add(n);
                }
            }
            props.response(x, res, have, false);
        } else {
            props.response(x, res, ask.names(), false);
        }
    }
}
