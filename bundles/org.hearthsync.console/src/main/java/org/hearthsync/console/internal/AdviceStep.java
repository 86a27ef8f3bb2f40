package org.hearthsync.console.internal;

/** Plain advice before the phone is set up; nothing to choose. */
final class AdviceStep implements WizardStep {

    @Override
    public String id() {
        return "advice";
    }

    @Override
    public void render(View v) {
        Ui ui = v.ui();
        v.w().println("<p>" + ui.h("advice.text1") + "</p><p>" + ui.h("advice.text2") + "</p><p>" + ui.h("advice.text3") + "</p>");
    }
}
