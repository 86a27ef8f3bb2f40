package org.hearthsync.api.store;

import java.util.Objects;

/**
 * One write of a batch ({@link PimStore#putAll}): what {@link PimStore#put} takes for one resource.
 *
 * @param name      the resource's name in the collection
 * @param content   the vCard or iCalendar text
 * @param condition when the write may happen; checked for this item alone
 */
public record Write(String name, String content, WriteCondition condition) {
    public Write {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(condition, "condition");
    }
}
