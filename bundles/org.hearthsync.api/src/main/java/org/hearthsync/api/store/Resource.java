package org.hearthsync.api.store;

import java.util.Objects;

/**
 * One stored vCard or iCalendar object.
 *
 * @param name    unique within its collection
 * @param etag    version token of exactly this content
 * @param content the vCard or iCalendar text
 */
public record Resource(String name, String etag, String content) {
    public Resource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(content, "content");
    }

    public ResourceRef ref() {
        return new ResourceRef(name, etag);
    }
}
