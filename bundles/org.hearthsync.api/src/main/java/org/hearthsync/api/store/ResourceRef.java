package org.hearthsync.api.store;

import java.util.Objects;

/**
 * A resource's name and current entity tag, as listed without its content.
 *
 * @param name unique within its collection, stable for the resource's life (for example {@code 1234.vcf})
 * @param etag opaque version token; changes whenever the content changes
 */
public record ResourceRef(String name, String etag) {
    public ResourceRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(etag, "etag");
    }
}
