/**
 * Accounts the phones sign in with, and the devices (partnerships) Hearth has seen.
 *
 * <p>2.0.0 moved the implementation classes PasswordHash, BasicCredentials and CredentialCache out of the API,
 * unchanged, to {@code org.hearthsync.auth} (bundle org.hearthsync.auth).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.hearthsync.api.account;
