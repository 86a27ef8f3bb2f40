/**
 * The names of the engine's settings that another part writes (the console's setup wizard writes accounts, its
 * devices page writes device directives), owned here so that a rename shows at compile time.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.activesync.settings;
