package org.hearthsync.console.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

/**
 * One page of the setup wizard. A step renders its part of the form and saves what was posted, writing only
 * the settings of the part that owns them, by the names that part publishes.
 */
interface WizardStep {

    /** The step's id, in links ({@code ?step=}) and in its texts' keys. */
    String id();

    /** Whether the step applies to these choices; steps that do not are skipped. */
    default boolean applies(WizardState state) {
        return true;
    }

    /** Writes the step's part of the form. */
    void render(View v);

    /**
     * Saves the posted form. Problems go into {@code f.errors()} (the page is shown again with them).
     *
     * @return true to show this step again (a button inside it was used), false to go on
     */
    default boolean save(Form f) throws IOException {
        return false;
    }

    /** What a step renders with. */
    record View(PrintWriter w, Ui ui, HttpServletRequest req, WizardState state, Map<String, String> posted) {
    }

    /** What a step saves from. */
    record Form(HttpServletRequest req, Ui ui, String go, WizardState state, List<String> errors, Map<String, String> posted) {

        String param(String name) {
            return WizardHtml.str(req.getParameter(name));
        }
    }
}
