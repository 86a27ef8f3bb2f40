package org.hearthsync.pim;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of merging a phone's item onto the stored object.
 *
 * @param text        the new stored text: vCard 4.0 or iCalendar 2.0; when nothing changed it is the
 *                    stored text itself, byte for byte, even if that was an older version
 * @param uid         the object's UID (generated for a new item)
 * @param changed     whether the phone changed anything the store must write
 * @param keptByMerge names of the stored properties EAS does not carry (such as {@code EMAIL},
 *                    {@code X-FOO}, {@code RDATE}), kept only because the change was merged
 */
public record MergeResult(String text, String uid, boolean changed, List<String> keptByMerge) {
    public MergeResult {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(uid, "uid");
        keptByMerge = List.copyOf(keptByMerge);
    }
}
