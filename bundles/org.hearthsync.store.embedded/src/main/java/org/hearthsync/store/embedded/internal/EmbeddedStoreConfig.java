package org.hearthsync.store.embedded.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Hearth embedded store",
        description = "The default store: contacts, calendars, tasks and notes in a transactional database file in the data folder.")
public @interface EmbeddedStoreConfig {

    /** Default for {@link #store_name()}. */
    String DEFAULT_NAME = "default";

    @AttributeDefinition(name = "Store name",
            description = "Names this store among all stores (service property store.name) and its file: <data>/<folder>/<name>.mv.db. "
                    + "Letters, digits, '.', '_' and '-' only.")
    String store_name() default DEFAULT_NAME;

    @AttributeDefinition(name = "Folder",
            description = "Folder for the store file, relative to the Hearth data folder (framework property hearth.data).")
    String store_folder() default "store";

    @AttributeDefinition(name = "Contacts collection",
            description = "Name of the default address book created when the store is new; empty for none.", required = false)
    String default_contacts() default "Contacts";

    @AttributeDefinition(name = "Calendar collection",
            description = "Name of the default calendar created when the store is new; empty for none.", required = false)
    String default_calendar() default "Calendar";

    @AttributeDefinition(name = "Tasks collection",
            description = "Name of the default task list created when the store is new; empty for none.", required = false)
    String default_tasks() default "Tasks";

    @AttributeDefinition(name = "Notes collection",
            description = "Name of the default notes folder created when the store is new; empty for none.", required = false)
    String default_notes() default "Notes";

    @AttributeDefinition(name = "Deletion memory (days)",
            description = "How long deletions are remembered for devices that sync rarely. A device that has not synced for "
                    + "longer resyncs the folder in full.", min = "1")
    int tombstone_retention_days() default 90;

    @AttributeDefinition(name = "Deletions remembered per collection",
            description = "At most this many deletions are remembered per collection; the oldest are forgotten first.", min = "100")
    int tombstone_max() default 100_000;

    @AttributeDefinition(name = "Largest item (MB)",
            description = "Items larger than this are refused.", min = "1", max = "256")
    int resource_max_mb() default 16;
}
