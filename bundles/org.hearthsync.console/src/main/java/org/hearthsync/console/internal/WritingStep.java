package org.hearthsync.console.internal;

/**
 * A step that writes settings: it reads through the wizard's services, writes through {@link ConfigWriter} (by
 * the names the owning bundle exports) and records what it changed in the console's action log.
 */
abstract class WritingStep implements WizardStep {
    private final String id;
    protected final WizardServices services;
    protected final ConfigWriter configs;
    protected final ActionLog log;

    WritingStep(String id, WizardServices services, ConfigWriter configs, ActionLog log) {
        this.id = id;
        this.services = services;
        this.configs = configs;
        this.log = log;
    }

    @Override
    public final String id() {
        return id;
    }
}
