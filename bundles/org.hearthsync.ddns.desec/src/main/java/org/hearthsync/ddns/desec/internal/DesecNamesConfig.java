package org.hearthsync.ddns.desec.internal;

/** Optional settings of the deSEC name generator (PID {@code org.hearthsync.ddns.desec.names}), for tests. */
@interface DesecNamesConfig {

    /** deSEC's REST API, ending in a slash. */
    String api_url() default "https://desec.io/api/v1/";
}
