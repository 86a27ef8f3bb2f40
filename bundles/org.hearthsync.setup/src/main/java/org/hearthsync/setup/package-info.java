/**
 * Phone onboarding as other parts of Hearth see it: which phones fetched Hearth's certificate or
 * configuration profile from the setup page, and when (the console's "live tick").
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.setup;
