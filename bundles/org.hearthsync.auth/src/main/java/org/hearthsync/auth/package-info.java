/**
 * How Hearth checks and keeps passwords, shared by every front door (EAS, Autodiscover, DAV, the console) and
 * the command line: {@link org.hearthsync.auth.PasswordHash} (the one stored form of a password),
 * {@link org.hearthsync.auth.BasicCredentials} (the HTTP Basic header) and
 * {@link org.hearthsync.auth.CredentialCache} (headers verified recently).
 *
 * <p>1.0.0: moved here from {@code org.hearthsync.api.account} 1.1.0 (the API bundle keeps interfaces and value
 * types only), with the same classes and methods.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.auth;
