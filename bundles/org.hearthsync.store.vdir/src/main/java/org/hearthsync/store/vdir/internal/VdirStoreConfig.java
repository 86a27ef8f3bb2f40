package org.hearthsync.store.vdir.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Hearth vdir store",
        description = "Contacts, calendars and tasks in a folder of .vcf and .ics files, one folder per collection and one "
                + "file per item: the layout vdirsyncer, khal, khard and todoman use. Edits by those programs reach the "
                + "phones within about a second.")
public @interface VdirStoreConfig {

    @AttributeDefinition(name = "Store name",
            description = "Names this store among all stores (service property store.name); accounts choose their store by it. "
                    + "Letters, digits, '.', '_' and '-' only.")
    String store_name();

    @AttributeDefinition(name = "Folder",
            description = "The vdir: the folder holding one sub-folder per collection (for example ~/.local/share/vdirsyncer/contacts). "
                    + "A leading ~ is the home folder. Created, with Contacts, Calendar, Tasks and Notes folders, if empty.")
    String path();

    @AttributeDefinition(name = "Rescan interval (seconds)",
            description = "Every so often the whole folder is compared with what Hearth knows, for changes the file system did "
                    + "not report (network file systems; macOS reports changes only every 10 s).", min = "5", max = "86400")
    int rescan_seconds() default 60;

    @AttributeDefinition(name = "State file",
            description = "Where Hearth keeps its index of the folder (etags, change log), so devices continue incrementally "
                    + "after a restart. Empty: <data>/store/vdir-<store name>.state.", required = false)
    String state_file() default "";

    @AttributeDefinition(name = "Create standard folders",
            description = "Create contacts, calendar, tasks and notes folders when the vdir is empty.")
    boolean create_defaults() default true;

    @AttributeDefinition(name = "Largest item (MB)",
            description = "Item files larger than this are ignored, and larger writes refused.", min = "1", max = "256")
    int max_item_mb() default 16;

    String webconsole_configurationFactory_nameHint() default "vdir store {store.name} in {path}";
}
