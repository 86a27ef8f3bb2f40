package org.hearthsync.activesync.internal.sync;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the sync safety nets, PID {@value SafetyNet#PID}. */
@ObjectClassDefinition(name = "Hearth sync safety nets",
        description = "Recycle bin of items phones deleted, the guard against mass deletions, and the activity journal.")
public @interface SafetyConfig {

    @AttributeDefinition(name = "Recycle bin days", min = "1", max = "3650",
            description = "How long an item a phone deleted can still be restored.")
    int recycle_days() default 30;

    @AttributeDefinition(name = "Hold mass deletions",
            description = "Hold deletes of one Sync that would empty much of a folder until you approve them in the console.")
    boolean mass_delete_guard() default true;

    @AttributeDefinition(name = "Mass deletion share (%)", min = "1", max = "100",
            description = "A Sync deleting more than this share of a folder's items is held (and more than the minimum below).")
    int mass_delete_percent() default 50;

    @AttributeDefinition(name = "Mass deletion minimum", min = "0",
            description = "A Sync must delete more than this many items to be held.")
    int mass_delete_min_items() default 20;

    @AttributeDefinition(name = "Journal entries", min = "100", max = "100000",
            description = "How many sync records the activity journal keeps.")
    int journal_max() default 5000;
}
