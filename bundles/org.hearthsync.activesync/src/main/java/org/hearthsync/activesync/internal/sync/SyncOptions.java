package org.hearthsync.activesync.internal.sync;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Set;

import org.hearthsync.api.account.Account;
import org.hearthsync.pim.MappingOptions;

/** The mapping options for a request: the phone's version, body preference, ghosting, the user's zone. */
public final class SyncOptions {
    private SyncOptions() {
    }

    public static MappingOptions of(String protocolVersion, int bodyType, int truncation, Set<String> supported,
            Account account, Clock clock) {
        return MappingOptions.defaults().withProtocolVersion(protocolVersion)
                .withBodyPreference(bodyType == 2 ? MappingOptions.BODY_HTML : MappingOptions.BODY_PLAIN, truncation)
                .withSupported(supported).withZone(ZoneId.systemDefault()).withClock(clock)
                .withOwnerEmails(Set.of(account.emailAddress()));
    }

    public static MappingOptions of(String protocolVersion, FolderState s, Account account, Clock clock) {
        return of(protocolVersion, s.bodyType(), s.truncation(), s.supported(), account, clock);
    }
}
