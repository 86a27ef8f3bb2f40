package org.hearthsync.console.internal;

/** A step that matters only when phones reach Hearth from the Internet (router ports, the DNS name). */
abstract class InternetStep extends WritingStep {

    InternetStep(String id, WizardServices services, ConfigWriter configs, ActionLog log) {
        super(id, services, configs, log);
    }

    @Override
    public final boolean applies(WizardState state) {
        return state.internet();
    }
}
