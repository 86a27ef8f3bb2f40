/**
 * What the ActiveSync engine shows to the console: the sign-in throttle's current lockouts;
 * the same throttle guards the other front doors (DAV).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.hearthsync.activesync;
