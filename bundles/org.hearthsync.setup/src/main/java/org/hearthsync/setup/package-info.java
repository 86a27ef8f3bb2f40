/**
 * Phone onboarding as other parts of Hearth see it: which phones fetched Hearth's certificate or
 * configuration profile from the setup page, and when (the console's "live tick").
 *
 * <p>1.1.0 added {@link org.hearthsync.setup.SetupSettings}, the names the setup wizard writes. 1.2.0 added
 * {@link org.hearthsync.setup.Onboarding.Artifact#MAC_PROFILE}: a consumer switching over the artifacts must now
 * expect a computer's download too. 1.3.0 added {@link org.hearthsync.setup.Onboarding#computer()}: whether a
 * computer or a phone fetched a download (a certificate is the same file for both).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.hearthsync.setup;
