package org.hearthsync.launcher.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hearthsync.launcher.RunningHearth;
import org.ops4j.pax.exam.Option;

/**
 * The framework the Pax Exam tests run: the assembled distribution's bundles with the launcher's
 * properties, a fresh data folder with FileInstall on {@code plugins/} and {@code etc/}, and
 * free ports for the three listeners.
 */
final class HearthFramework {
    private HearthFramework() {
    }

    static Option[] options(String dataPrefix) throws IOException {
        Path data = Files.createTempDirectory(dataPrefix);
        Path etc = Files.createDirectories(data.resolve("etc"));
        Files.createDirectories(data.resolve("plugins"));
        int[] ports = RunningHearth.freePorts(3);
        Files.writeString(etc.resolve("org.hearthsync.transport.cfg"),
                "eas.port = " + ports[0] + "\nsetup.port = " + ports[1] + "\nconsole.port = " + ports[2] + "\n");
        List<Option> options = new ArrayList<>();
        options.add(systemProperty("pax.exam.logging").value("none"));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"));
        options.add(frameworkProperty("hearth.data").value(data.toString()));
        options.add(frameworkProperty("felix.cm.dir").value(data.resolve("config").toString()));
        options.add(frameworkProperty("felix.fileinstall.dir").value(data.resolve("plugins") + "," + etc));
        options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.bundles.new.start").value("true"));
        options.add(frameworkProperty("org.apache.felix.http.enable").value("false"));
        options.add(frameworkProperty("org.apache.felix.https.enable").value("false"));
        options.add(frameworkProperty("felix.webconsole.security.providers").value("hearth"));
        options.add(junitBundles());
        Path bundles = Path.of(System.getProperty("hearth.dist", "target/hearth")).resolve("bundles");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(bundles, "*.jar")) {
            for (Path jar : jars) {
                String name = jar.getFileName().toString();
                boolean fragment = name.startsWith("org.apache.aries.spifly");
                boolean logging = name.startsWith("slf4j-");
                options.add(bundle(jar.toUri().toString()).startLevel(logging ? 1 : 5).start(!fragment));
            }
        }
        return options.toArray(new Option[0]);
    }
}
