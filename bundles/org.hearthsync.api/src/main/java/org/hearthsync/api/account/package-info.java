/**
 * Accounts the phones sign in with, and the devices (partnerships) Hearth has seen.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.api.account;
