/**
 * The name phones use from the Internet, as a fact the setup bundle publishes: certificates (ACME),
 * the console and anything else that needs it reference the {@link org.hearthsync.api.publicname.PublicName}
 * service instead of reading the setup bundle's configuration.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.api.publicname;
