package org.hearthsync.upnp.internal;

import java.io.IOException;

/** The router answered a control request with a UPnP error (a SOAP fault carrying {@code UPnPError}). */
final class UpnpException extends IOException {
    private static final long serialVersionUID = 1L;

    static final int INVALID_ACTION = 401;
    static final int INVALID_ARGS = 402;
    static final int ACTION_FAILED = 501;
    static final int NOT_AUTHORIZED = 606;
    static final int OPTIONAL_ACTION_NOT_IMPLEMENTED = 602;
    static final int NO_SUCH_ENTRY = 714;
    static final int CONFLICT_IN_MAPPING_ENTRY = 718;
    static final int SAME_PORT_VALUES_REQUIRED = 724;
    static final int ONLY_PERMANENT_LEASES_SUPPORTED = 725;
    static final int EXTERNAL_PORT_ONLY_SUPPORTS_WILDCARD = 727;
    static final int NO_PORT_MAPS_AVAILABLE = 728;
    static final int CONFLICT_WITH_OTHER_MECHANISMS = 729;

    final int code;
    final String description;

    UpnpException(int code, String description) {
        super("UPnP error " + code + (description.isEmpty() ? "" : " " + description));
        this.code = code;
        this.description = description;
    }
}
