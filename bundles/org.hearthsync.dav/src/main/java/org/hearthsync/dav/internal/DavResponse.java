package org.hearthsync.dav.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the engine answers: status, headers and a body (empty for none). */
record DavResponse(int status, Map<String, String> headers, byte[] body, String contentType) {
    static final String XML = "application/xml; charset=utf-8";

    static DavResponse of(int status) {
        return new DavResponse(status, new LinkedHashMap<>(), new byte[0], null);
    }

    static DavResponse xml(int status, String xml) {
        return new DavResponse(status, new LinkedHashMap<>(), xml.getBytes(StandardCharsets.UTF_8), XML);
    }

    static DavResponse text(int status, String contentType, String text) {
        return new DavResponse(status, new LinkedHashMap<>(), text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    DavResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** The error response of a failed request: a DAV:error body when there is a precondition element. */
    static DavResponse error(DavException e) {
        if (e.condition() == null) {
            return text(e.status(), "text/plain; charset=utf-8", e.getMessage() == null ? "" : e.getMessage() + "\n");
        }
        XmlOut x = new XmlOut().start(Ns.DAV, "error");
        if (e.href() == null) {
            x.empty(e.conditionNs(), e.condition());
        } else {
            x.start(e.conditionNs(), e.condition()).text(Ns.DAV, "href", e.href()).end();
        }
        if (e.getMessage() != null) {
            x.text(Ns.DAV, "responsedescription", e.getMessage());
        }
        return xml(e.status(), x.done());
    }
}
