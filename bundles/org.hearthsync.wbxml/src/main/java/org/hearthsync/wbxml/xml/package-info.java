/**
 * Converts {@link org.hearthsync.wbxml.Element} trees to and from XML text, for tests, tools and
 * traces. Uses only the JDK XML APIs. Not meant for the request path.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.wbxml.xml;
