/**
 * The dynamic DNS provider SPI: one {@link org.hearthsync.api.ddns.DnsProvider} service per configured
 * account at a provider, the {@link org.hearthsync.api.ddns.DnsUpdater} that drives them, the
 * {@link org.hearthsync.api.ddns.PublicAddressSource} plug point for the public address, and
 * {@link org.hearthsync.api.ddns.DnsNameGenerator}, one service per provider telling the console how
 * a person gets a name there (a sign-up link, or creating the name through the provider's API).
 *
 * <p>1.1.0 added DnsUpdater, ProviderStatus, PublicAddressSource and Dyndns2.
 * <p>1.2.0 added DnsNameGenerator and GeneratedName.
 * <p>1.3.0 added SentAddresses, DnsProvider.toSend (a default method: existing providers keep working),
 * UpdateResult.sent, withSent and skipped, Outcome.SKIPPED, Dyndns2.text (RFC 5952 address text) and
 * Dyndns2.userAgent(version, contact); Dyndns2.userAgent(version) now names the operating system and no
 * longer a contact.
 * <p>2.0.0 moved Dyndns2, the shared reading of the dyndns2 protocol's answers, out of the API, unchanged, to
 * {@code org.hearthsync.ddns.support} (bundle org.hearthsync.ddns.support).
 * <p>3.0.0 removed DnsNameGenerator.suggestions(String): nothing offered its labels (the console's name step
 * takes the label the person types).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("3.0.0")
package org.hearthsync.api.ddns;
