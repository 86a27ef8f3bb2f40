package org.hearthsync.activesync.internal.sync;

import java.util.List;

import org.hearthsync.activesync.internal.command.estimate.GetItemEstimateHandler;
import org.hearthsync.activesync.internal.command.ping.PingHandler;
import org.hearthsync.activesync.internal.protocol.CommandHandler;

/** The handlers of the commands after Sync, as the rig wires them (Ping heartbeats from 1 s for tests). */
final class SyncRigHandlers {
    static final int MIN_HEARTBEAT = 1;

    private SyncRigHandlers() {
    }

    static List<CommandHandler> create(SyncRig rig) {
        return List.of(new org.hearthsync.activesync.internal.command.itemoperations.ItemOperationsHandler(rig.stores,
                rig.devices.registry(), rig.syncState, rig.clock),
                new org.hearthsync.activesync.internal.command.moveitems.MoveItemsHandler(rig.stores,
                        rig.devices.registry(), rig.syncState),
                new org.hearthsync.activesync.internal.command.folders.FolderCreateHandler(rig.stores,
                        rig.devices.registry()),
                new org.hearthsync.activesync.internal.command.folders.FolderUpdateHandler(rig.stores,
                        rig.devices.registry()),
                new org.hearthsync.activesync.internal.command.folders.FolderDeleteHandler(rig.stores,
                        rig.devices.registry()),
                new org.hearthsync.activesync.internal.command.search.SearchHandler(rig.stores, rig.clock),
                new org.hearthsync.activesync.internal.command.meetingresponse.MeetingResponseHandler(rig.stores,
                        rig.devices.registry(), rig.syncState),
                new GetItemEstimateHandler(rig.stores, rig.devices.registry(), rig.syncState, rig.clock, rig.safety),
                new org.hearthsync.activesync.internal.command.mail.MailNotSupportedHandler(
                        org.hearthsync.activesync.internal.protocol.Command.SEND_MAIL),
                new org.hearthsync.activesync.internal.command.mail.MailNotSupportedHandler(
                        org.hearthsync.activesync.internal.protocol.Command.SMART_REPLY),
                new org.hearthsync.activesync.internal.command.mail.MailNotSupportedHandler(
                        org.hearthsync.activesync.internal.protocol.Command.SMART_FORWARD),
                new PingHandler(rig.stores, rig.devices.registry(), rig.syncState, rig.hub, rig.safety, rig.locks, rig.clock,
                        MIN_HEARTBEAT, 3540));
    }
}
