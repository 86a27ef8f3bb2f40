package org.hearthsync.pim.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Local wall time and UTC for a zone given either as an IANA zone or as an EAS TIME_ZONE_INFORMATION
 * struct (whose rules are those of one year, repeated), so one recurrence expansion serves both.
 */
interface WallClock {
    /** The instant of a wall time; a time in a DST gap moves forward by the gap, an ambiguous one takes the earlier instant (as java.time). */
    Instant utc(LocalDateTime local);

    LocalDateTime local(Instant t);

    static WallClock of(ZoneId zone) {
        return new WallClock() {
            @Override
            public Instant utc(LocalDateTime local) {
                return local.atZone(zone).toInstant();
            }

            @Override
            public LocalDateTime local(Instant t) {
                return LocalDateTime.ofInstant(t, zone);
            }
        };
    }
}
