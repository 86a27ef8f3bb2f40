/** The factory PID of the CalDAV/CardDAV store, for the part that creates one (the console's setup wizard). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.store.dav;
