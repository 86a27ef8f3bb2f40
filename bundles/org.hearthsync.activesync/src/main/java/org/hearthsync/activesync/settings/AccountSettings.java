package org.hearthsync.activesync.settings;

/**
 * The names of an account's settings (one factory configuration per account), owned here so that a part
 * writing them (the console's setup wizard) follows a rename at compile time.
 */
public final class AccountSettings {

    /** The factory PID: one configuration per account. */
    public static final String FACTORY_PID = "org.hearthsync.account";

    /** The user name phones sign in with. */
    public static final String USER_NAME = "user.name";

    /** The e-mail address the phone's account shows. */
    public static final String EMAIL_ADDRESS = "email.address";

    /**
     * The password's slow salted hash. Private (the leading dot): Declarative Services copies every other setting
     * into the account's service properties, which any bundle and the shell's service listings can read.
     */
    public static final String PASSWORD_HASH = ".password.hash";

    /**
     * The name earlier versions wrote the hash under, a public property. Still read when {@link #PASSWORD_HASH} is
     * missing; the account's configuration is rewritten under the new name when it is found. A part writing
     * {@link #PASSWORD_HASH} removes this one.
     */
    public static final String LEGACY_PASSWORD_HASH = "password.hash";

    /** The store the account syncs with. */
    public static final String STORE_NAME = "store.name";

    /** The collections of the store it syncs; none for all. */
    public static final String COLLECTIONS = "collections";

    private AccountSettings() {
    }
}
