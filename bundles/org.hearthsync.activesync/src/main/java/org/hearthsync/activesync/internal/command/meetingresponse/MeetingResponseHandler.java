package org.hearthsync.activesync.internal.command.meetingresponse;

import java.util.Optional;

import org.hearthsync.activesync.internal.command.foldersync.FolderIds;
import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.protocol.CommandHandler;
import org.hearthsync.activesync.internal.protocol.EasResponse;
import org.hearthsync.activesync.internal.protocol.ProtocolVersion;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.activesync.internal.sync.FolderState;
import org.hearthsync.activesync.internal.sync.FolderTarget;
import org.hearthsync.activesync.internal.sync.SyncStateStore;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MeetingResponse (MS-ASCMD 2.2.1.11) to a meeting in a calendar folder: CollectionId is the
 * calendar folder, RequestId the event's ServerId there. The account's own attendee entry in the
 * stored iCalendar gets PARTSTAT ACCEPTED, TENTATIVE or DECLINED (UserResponse 1, 2, 3), written
 * back only if the event did not change meanwhile (etag; re-read and retried once). The Result
 * carries CalendarId (the same ServerId) unless the meeting was declined. Hearth sends no mail, so
 * SendResponse is ignored; the organizer learns of the reply through the shared store, if at all.
 *
 * <p>Status 2 for anything that is not a meeting someone else organized in a calendar folder the
 * device synced (unknown folder or item, mail folders, appointments, the user's own meetings),
 * for a malformed request, and for an InstanceId under protocol 14.0 or older, which the spec
 * does not allow. From 14.1 on an InstanceId (one occurrence) is answered for the whole series:
 * Hearth records the reply on the series and every overridden occurrence. Status 3 when the store
 * fails or the event keeps changing under the write.
 */
public final class MeetingResponseHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MeetingResponseHandler.class);
    static final String NS = "MeetingResponse";
    static final int SUCCESS = 1;
    static final int INVALID_REQUEST = 2;
    static final int MAILBOX_ERROR = 3;

    private final StoreDirectory stores;
    private final DeviceStateStore devices;
    private final SyncStateStore states;

    public MeetingResponseHandler(StoreDirectory stores, DeviceStateStore devices, SyncStateStore states) {
        this.stores = stores;
        this.devices = devices;
        this.states = states;
    }

    @Override
    public Command command() {
        return Command.MEETING_RESPONSE;
    }

    @Override
    public EasResponse handle(CommandContext ctx) {
        Element root = ctx.document();
        Element out = new Element(NS, "MeetingResponse");
        if (root == null || !root.is(NS, "MeetingResponse") || root.children(NS, "Request").isEmpty()) {
            out.add(NS, "Result").addText(NS, "Status", Integer.toString(INVALID_REQUEST));
            return EasResponse.document(out);
        }
        for (Element req : root.children(NS, "Request")) {
            String requestId = req.childText(NS, "RequestId");
            Element r = out.add(NS, "Result");
            if (requestId != null) {
                r.addText(NS, "RequestId", requestId);
            }
            String partStat = partStat(req.childText(NS, "UserResponse"));
            int status;
            try {
                status = respond(ctx, req, requestId, partStat);
            } catch (RuntimeException e) {
                LOG.warn("MeetingResponse of device {} of {} failed", ctx.deviceId(), ctx.userName(), e);
                status = MAILBOX_ERROR;
            }
            r.addText(NS, "Status", Integer.toString(status));
            if (status == SUCCESS && !"DECLINED".equals(partStat)) {
                r.addText(NS, "CalendarId", requestId);
            }
        }
        return EasResponse.document(out);
    }

    private int respond(CommandContext ctx, Element req, String sid, String partStat) {
        String folderId = req.childText(NS, "CollectionId");
        if (sid == null || folderId == null || partStat == null) {
            return INVALID_REQUEST;
        }
        String instance = req.childText(NS, "InstanceId");
        if (instance != null && !ctx.version().atLeast(ProtocolVersion.V14_1)) {
            return INVALID_REQUEST; // not before 14.1
        }
        try {
            Optional<FolderTarget> t = FolderIds.target(stores, devices, ctx.account(), ctx.deviceId(), folderId);
            if (t.isEmpty() || t.get().dataClass() != DataClass.CALENDAR) {
                return INVALID_REQUEST;
            }
            FolderState s = states.load(ctx.userName(), ctx.deviceId(), folderId);
            String name = s.resourceName(sid);
            if (name == null) {
                return INVALID_REQUEST;
            }
            for (int attempt = 0; attempt < 2; attempt++) {
                Optional<Resource> res = t.get().store().get(t.get().collectionId(), name);
                if (res.isEmpty()) {
                    return INVALID_REQUEST;
                }
                AttendeeReply.Result edited = AttendeeReply.reply(res.get().content(), ctx.account().emailAddress(),
                        partStat);
                if (edited.outcome() != AttendeeReply.Outcome.UPDATED) {
                    LOG.debug("MeetingResponse of device {} of {} to {}: {}", ctx.deviceId(), ctx.userName(), sid,
                            edited.outcome());
                    return INVALID_REQUEST;
                }
                try {
                    t.get().store().put(t.get().collectionId(), name, edited.text(),
                            WriteCondition.ifMatch(res.get().etag()));
                    LOG.debug("device {} of {} answered meeting {} with {}", ctx.deviceId(), ctx.userName(), sid,
                            partStat);
                    return SUCCESS;
                } catch (StoreException.PreconditionFailed changed) {
                    // changed meanwhile: read it again
                } catch (StoreException.NotFound gone) {
                    return INVALID_REQUEST;
                }
            }
            return MAILBOX_ERROR;
        } catch (StoreException e) {
            LOG.warn("store '{}' failed a MeetingResponse of device {}: {}", ctx.account().storeName(), ctx.deviceId(),
                    e.getMessage());
            return MAILBOX_ERROR;
        }
    }

    static String partStat(String userResponse) {
        if (userResponse == null) {
            return null;
        }
        return switch (userResponse.trim()) {
            case "1" -> "ACCEPTED";
            case "2" -> "TENTATIVE";
            case "3" -> "DECLINED";
            default -> null;
        };
    }
}
