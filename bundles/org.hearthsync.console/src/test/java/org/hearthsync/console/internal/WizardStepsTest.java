package org.hearthsync.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.time.Instant;
import java.util.ResourceBundle;

import org.hearthsync.api.listener.Listener;
import org.hearthsync.api.listener.ListenerPorts;
import org.hearthsync.setup.Onboarding;
import org.hearthsync.upnp.UpnpSettings;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

import jakarta.servlet.http.HttpServletRequest;

class WizardStepsTest {
    private static final List<String> ORDER = List.of("mode", "phone", "sync", "network", "ports", "dns", "firewall", "certificate",
            "advice", "credentials", "done");

    private static SetupWizard wizard(ConfigWriter configs, WizardServices services) {
        return new SetupWizard(new CsrfGuard(), new ActionLog(), configs, services);
    }

    @Test
    void theStepsKeepTheirIdsOrderAndTexts() {
        SetupWizard w = wizard(mock(ConfigWriter.class), new WizardServices(mock(BundleContext.class)));
        ResourceBundle texts = ResourceBundle.getBundle(SetupWizard.class.getName(), Locale.ROOT);
        for (String id : ORDER) {
            assertEquals(id, w.step(id).id());
            assertTrue(texts.containsKey("nav." + id) && texts.containsKey(id + ".title"), "texts of step " + id);
        }
        assertEquals("mode", w.step("no-such-step").id(), "an unknown step is the first");
        WizardState wifi = new WizardState("wifi", "", "default", List.of(), "");
        WizardState internet = new WizardState("internet", "", "default", List.of(), "");
        assertTrue(!w.step("ports").applies(wifi) && !w.step("dns").applies(wifi), "Internet steps are skipped for Wi-Fi only");
        assertTrue(w.step("ports").applies(internet) && w.step("dns").applies(internet));
    }

    @Test
    void thePortsTableShowsThePortsTheTransportPublishes() {
        ConfigWriter configs = mock(ConfigWriter.class);
        when(configs.read(UpnpSettings.PID)).thenReturn(Map.of(UpnpSettings.EAS_EXTERNAL_PORT, 10443));
        WizardServices services = new WizardServices(mock(BundleContext.class));
        services.listeners = () -> List.of(new Listener(Listener.Role.EAS, "", 18443, true), new Listener(Listener.Role.SETUP, "", 15432, false));
        StringWriter out = new StringWriter();
        WizardStep ports = wizard(configs, services).step("ports");
        ports.render(new WizardStep.View(new PrintWriter(out), new Ui(SetupWizard.class, Locale.ENGLISH), mock(HttpServletRequest.class),
                new WizardState("internet", "", "default", List.of(), ""), Map.of()));
        String html = out.toString();
        assertTrue(html.contains("<td>TCP 10443</td>") && html.contains(" : 18443</td>"), html);
        assertTrue(html.contains("<td>TCP 54321</td>") && html.contains(" : 15432</td>"), html);
    }

    @Test
    void aComputersDownloadIsLabelledAComputersAndTheStepKeepsWaitingForThePhone() {
        WizardServices services = new WizardServices(mock(BundleContext.class));
        List<Onboarding> log = new java.util.ArrayList<>();
        services.onboarding = () -> List.copyOf(log);
        CertificateStep step = new CertificateStep(services);
        Instant t = Instant.parse("2026-01-02T10:00:00Z");
        // Outlook's steps on /computers: the .cer, fetched by Windows' browser
        log.add(new Onboarding(t, Onboarding.Artifact.CERTIFICATE_CER, "Windows", Optional.empty()));
        String html = downloads(step);
        assertTrue(html.contains("id='download-wait'") && !html.contains("download-done"), html);
        assertTrue(html.contains("id='download-computer'") && html.contains("A computer (Windows) downloaded the certificate"), html);
        assertFalse(html.contains("A phone"), html);
        log.add(new Onboarding(t.plusSeconds(1), Onboarding.Artifact.MAC_PROFILE, "Mac", Optional.of("me")));
        assertTrue(downloads(step).contains("A computer (Mac) downloaded the Mac profile"), downloads(step));

        log.add(new Onboarding(t.plusSeconds(2), Onboarding.Artifact.CERTIFICATE_CER, "Windows Phone", Optional.empty()));
        log.add(new Onboarding(t.plusSeconds(3), Onboarding.Artifact.CERTIFICATE_CRT, "Linux", Optional.empty()));
        html = downloads(step);
        assertTrue(html.contains("id='download-done'") && html.contains("A phone (Windows Phone) downloaded the certificate"), html);
        assertFalse(html.contains("A phone (Linux)") || html.contains("A phone (Windows)"), html);
    }

    private static String downloads(CertificateStep step) {
        StringWriter out = new StringWriter();
        step.downloads(new PrintWriter(out), new Ui(SetupWizard.class, Locale.ENGLISH), Instant.EPOCH);
        return out.toString();
    }

    @Test
    void filterValuesAreEscaped() {
        assertEquals("a\\*b\\(c\\)\\\\", WizardServices.escape("a*b(c)\\"));
    }
}
