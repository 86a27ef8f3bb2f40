package org.hearthsync.store.dav.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Hearth CalDAV/CardDAV store",
        description = "Hearth as an Exchange front for a CalDAV/CardDAV server (Radicale, Nextcloud, Baikal, Xandikos, ...): "
                + "the phones see the server's calendars, task lists and address books.")
public @interface DavStoreConfig {

    @AttributeDefinition(name = "Store name",
            description = "Names this store among all stores (service property store.name); accounts choose their store by it. "
                    + "Letters, digits, '.', '_' and '-' only.")
    String store_name();

    @AttributeDefinition(name = "Server URL",
            description = "The server (https://cloud.example.org/), or the user's principal or DAV URL "
                    + "(https://cloud.example.org/remote.php/dav/). Hearth finds the calendars and address books from there, "
                    + "trying /.well-known/caldav and /.well-known/carddav.")
    String url();

    @AttributeDefinition(name = "User name", required = false)
    String user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "Sent with HTTP Basic authentication; use an app password where the server has them. Never logged.")
    // The leading dot (".password") keeps it out of the store's service properties, which any bundle can read.
    String _password() default "";


    @AttributeDefinition(name = "Poll interval (seconds)",
            description = "How often Hearth asks the server whether anything changed (one request per home; cheap), "
                    + "so phones hear of changes made elsewhere. While a phone waits for changes (a parked Ping), the collections "
                    + "it waits on are asked about every second anyway.", min = "5", max = "3600")
    int poll_seconds() default 30;

    @AttributeDefinition(name = "Timeout (seconds)", description = "Connect and request timeout.", min = "1", max = "600")
    int timeout_seconds() default 30;

    @AttributeDefinition(name = "Largest answer (MB)",
            description = "Answers from the server larger than this are refused (bounds memory).", min = "1", max = "1024")
    int max_response_mb() default 64;

    @AttributeDefinition(name = "Use sync-collection",
            description = "Use the server's sync tokens (RFC 6578) where it has them; off forces the etag comparison fallback.")
    boolean sync_collection() default true;

    String webconsole_configurationFactory_nameHint() default "DAV store {store.name} at {url}";
}
