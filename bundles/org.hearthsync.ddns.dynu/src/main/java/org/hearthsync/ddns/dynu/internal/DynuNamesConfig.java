package org.hearthsync.ddns.dynu.internal;

/** Optional settings of the Dynu name generator (PID {@code org.hearthsync.ddns.dynu.names}). */
@interface DynuNamesConfig {

    /** Dynu's API v2, ending in a slash; changed only to test against a stand-in. */
    String api_url() default "https://api.dynu.com/v2/";

    /** Dynu's free domains offered for new names, the first one suggested. */
    String[] domains() default { "ddnsfree.com", "freeddns.org", "mywire.org", "ddnsgeek.com", "giize.com", "gleeze.com",
            "kozow.com", "loseyourip.com", "ooguy.com", "theworkpc.com", "webredirect.org" };
}
