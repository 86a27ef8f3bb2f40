package org.hearthsync.activesync.internal.command.sync;

import java.util.List;

import org.hearthsync.activesync.internal.command.sync.SyncRequest.Collection;
import org.hearthsync.activesync.internal.sync.CollectionResult;
import org.hearthsync.activesync.internal.sync.FolderTarget;
import org.hearthsync.wbxml.Element;

/**
 * What one collection of a Sync response says.
 *
 * @param collectionId  the folder
 * @param sentKey       the key the client sent
 * @param key           the key of the response ({@code null}: none)
 * @param status        the collection's status
 * @param className     the class name (before 14.0 the response names it), {@code null} when unknown
 * @param target        the store collection behind the folder, {@code null} for a mail or unknown folder
 * @param result        what the collection's Sync produced, {@code null} when it did not run or failed
 * @param mailResponses for a mail folder, the answers to the client's commands (all refusals); {@code null} otherwise
 */
record Outcome(String collectionId, String sentKey, String key, int status, String className, FolderTarget target,
        CollectionResult result, List<Element> mailResponses) {
    Outcome {
        mailResponses = mailResponses == null ? null : List.copyOf(mailResponses);
    }

    /** A collection answered with a status (and a key) only. */
    static Outcome of(Collection c, int status, String key) {
        return new Outcome(c.collectionId(), c.syncKey(), key, status, null, null, null, null);
    }

    /** A store collection answered with a status and a key, no content. */
    static Outcome of(Collection c, FolderTarget target, int status, String key) {
        return new Outcome(c.collectionId(), c.syncKey(), key, status, target.dataClass().easName(), target, null, null);
    }

    static Outcome synced(Collection c, FolderTarget target, String key, CollectionResult result) {
        return new Outcome(c.collectionId(), c.syncKey(), key, 1, target.dataClass().easName(), target, result, null);
    }

    static Outcome mail(Collection c, int status, String key, List<Element> responses) {
        return new Outcome(c.collectionId(), c.syncKey(), key, status, "Email", null, null, responses);
    }

    /** How many server commands this collection sends (they count against the request's window). */
    int commandCount() {
        return result == null ? 0 : result.commands().size();
    }

    boolean advanced() {
        return key != null && !key.equals(sentKey);
    }

    /** Nothing in this collection the client has to hear about. */
    boolean quiet() {
        if (status != 1 || key == null || !key.equals(sentKey)) {
            return false;
        }
        return mailResponses != null ? mailResponses.isEmpty() : result != null && result.quiet();
    }
}
