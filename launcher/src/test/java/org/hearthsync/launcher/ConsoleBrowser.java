package org.hearthsync.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through chromedriver (Selenium), signed in to a running
 * Hearth's console: the admin password goes into every request as an Authorization header through
 * the DevTools protocol, so page scripts (fetch) are signed in too. Screenshots are kept under
 * {@code target/screenshots/console-NAME.png}.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Selenium warns once per session that it has no DevTools bindings for this Chromium; raw CDP commands need none. */
    private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    static {
        CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path screenshots;
    final String consoleBase;

    private ConsoleBrowser(ChromeDriverService service, ChromeDriver driver, Path screenshots, String consoleBase) {
        this.service = service;
        this.driver = driver;
        this.screenshots = screenshots;
        this.consoleBase = consoleBase;
    }

    /** Both programs, or a skip (outside CI) or failure (CI) naming the Debian packages. */
    static void requirePrograms() {
        PeerTools.require("chromium", "chromium");
        PeerTools.require("chromedriver", "chromium-driver");
    }

    static ConsoleBrowser open(RunningHearth hearth, Path profile) throws IOException {
        Path chromium = PeerTools.find("chromium").orElse(CHROMIUM);
        Path chromedriver = PeerTools.find("chromedriver").orElse(CHROMEDRIVER);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().withLogFile(profile.resolveSibling("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,800", "--lang=en-US");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 800));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        String basic = Base64.getEncoder().encodeToString(("admin:" + hearth.consolePassword()).getBytes(StandardCharsets.UTF_8));
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic " + basic)));
        Path shots = Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("screenshots");
        Files.createDirectories(shots);
        return new ConsoleBrowser(service, driver, shots, "http://127.0.0.1:" + hearth.consolePort + "/system/console");
    }

    void open(String path) {
        driver.get(consoleBase + path);
    }

    <T> T await(String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(30)).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what + " at " + driver.getCurrentUrl() + ":\n"
                    + driver.getPageSource(), e);
        }
    }

    Path screenshot(String name) throws IOException {
        Path png = screenshots.resolve("console-" + name + ".png");
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
        return png;
    }

    /** A screenshot of the whole page, not only the window (through the DevTools protocol). */
    Path fullScreenshot(String name) throws IOException {
        Object h = driver.executeScript("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        int height = h instanceof Number n ? Math.min(4000, Math.max(800, n.intValue())) : 800;
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", 1280, "height", height, "scale", 1)));
        Path png = screenshots.resolve("console-" + name + ".png");
        Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
        return png;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }

    static File file(Path p) {
        return p.toFile();
    }
}
