package org.hearthsync.console.internal;

import org.apache.felix.webconsole.spi.BrandingPlugin;
import org.osgi.service.component.annotations.Component;

/**
 * The console is Hearth's control panel, not a framework tool: its title, logo and icon say Hearth.
 * Images are served from this bundle's {@code res/hearth/} folder under the status page's label; the
 * style sheet stays the console's own.
 */
@Component(service = BrandingPlugin.class)
public final class HearthBranding implements BrandingPlugin {
    static final String NAME = "Hearth";
    static final String LOGO = "/" + StatusPage.LABEL + "/res/hearth/logo.svg";

    @Override
    public String getBrandName() {
        return NAME;
    }

    @Override
    public String getProductName() {
        return NAME;
    }

    @Override
    public String getProductURL() {
        return CsrfGuard.PATH + "/" + StatusPage.LABEL;
    }

    @Override
    public String getProductImage() {
        return LOGO;
    }

    @Override
    public String getVendorName() {
        return NAME;
    }

    @Override
    public String getVendorURL() {
        return getProductURL();
    }

    @Override
    public String getVendorImage() {
        return LOGO;
    }

    @Override
    public String getFavIcon() {
        return LOGO;
    }

    @Override
    public String getMainStyleSheet() {
        return "/res/ui/webconsole.css";
    }
}
