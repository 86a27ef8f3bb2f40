package org.hearthsync.api.store;

import java.util.Objects;

/**
 * A collection (address book, calendar, task list, notes folder) as a store describes it.
 *
 * @param id          stable identifier within the store; never reused for another collection
 * @param displayName name shown to the user and on the phone
 * @param dataClass   what the collection holds
 * @param color       a CSS colour such as {@code #3a87ad}, or {@code null}
 * @param isDefault   whether this is the store's default collection of its class
 */
public record CollectionInfo(String id, String displayName, DataClass dataClass, String color, boolean isDefault) {
    public CollectionInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(dataClass, "dataClass");
    }
}
