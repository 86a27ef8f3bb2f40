package org.hearthsync.activesync.internal.command.mail;

import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.protocol.CommandHandler;
import org.hearthsync.activesync.internal.protocol.EasResponse;
import org.hearthsync.activesync.internal.protocol.EasStatus;
import org.hearthsync.wbxml.Element;

/**
 * SendMail, SmartReply and SmartForward: Hearth syncs no mail and sends none. From 14.0 the phone
 * gets the command's document with status 137 (command not supported); before 14.0, whose mail
 * commands carry MIME and answer only with HTTP status, HTTP 501. The body is never read.
 */
public final class MailNotSupportedHandler implements CommandHandler {
    private final Command command;

    public MailNotSupportedHandler(Command command) {
        this.command = command;
    }

    @Override
    public Command command() {
        return command;
    }

    @Override
    public boolean wbxmlBody() {
        return false;
    }

    @Override
    public boolean advertised() {
        return false;
    }

    @Override
    public EasResponse handle(CommandContext ctx) {
        if (!ctx.version().hasCommonStatusCodes()) {
            return EasResponse.http(501);
        }
        return EasResponse.document(new Element(command.namespace(), command.root())
                .addText(command.namespace(), "Status", Integer.toString(EasStatus.COMMAND_NOT_SUPPORTED)));
    }
}
