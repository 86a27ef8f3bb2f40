package org.hearthsync.wbxml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The shared EAS wire fixtures (system property {@code hearth.fixtures}, set by surefire). */
final class Fixtures {
    static final byte[] EAS_HEADER = {0x03, 0x01, 0x6a, 0x00};

    private Fixtures() {
    }

    static Path easWire() {
        String root = System.getProperty("hearth.fixtures");
        if (root == null) {
            throw new IllegalStateException("system property hearth.fixtures is not set");
        }
        Path dir = Paths.get(root, "eas-wire");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no fixtures at " + dir.toAbsolutePath());
        }
        return dir;
    }

    static List<Path> wbxmlFiles() {
        return list(p -> p.toString().endsWith(".wbxml"));
    }

    /**
     * XML documents in ActiveSync form: not libwbxml decodes (the wbxml test uses those) and not
     * Autodiscover documents, which travel as plain XML and have no WBXML code pages.
     */
    static List<Path> xmlDocuments() {
        return list(p -> p.toString().endsWith(".xml") && !p.toString().endsWith(".decoded.xml")
                && !isAutodiscover(p));
    }

    private static boolean isAutodiscover(Path p) {
        try {
            return Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains("schemas.microsoft.com/exchange/autodiscover");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(java.util.function.Predicate<Path> filter) {
        try (Stream<Path> s = Files.walk(easWire())) {
            return s.filter(Files::isRegularFile).filter(filter).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path p) {
        return easWire().relativize(p).toString();
    }

    /**
     * The bytes of a .wbxml fixture. Horde's fixtures are header-less, so the header is prepended
     * (as PROVENANCE says); those without a libwbxml decode beside them hold the <em>content</em>
     * of an ApplicationData element (several sibling elements, not one root), so they are also
     * wrapped in AirSync ApplicationData (tag 0x1D with content bit = 0x5D ... END).
     */
    static byte[] wbxml(Path p) {
        try {
            byte[] raw = Files.readAllBytes(p);
            boolean hasHeader = raw.length >= 3 && raw[0] == 0x03 && raw[1] == 0x01 && raw[2] == 0x6a;
            if (relative(p).startsWith("horde") && !hasHeader) {
                boolean fragmentList = !Files.exists(decodedSibling(p));
                java.io.ByteArrayOutputStream full = new java.io.ByteArrayOutputStream();
                full.write(EAS_HEADER);
                if (fragmentList) {
                    full.write(0x5D);
                }
                full.write(raw);
                if (fragmentList) {
                    full.write(0x01);
                }
                return full.toByteArray();
            }
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path decodedSibling(Path wbxml) {
        String name = wbxml.getFileName().toString();
        return wbxml.resolveSibling(name.substring(0, name.length() - ".wbxml".length())
                + ".decoded.xml");
    }
}
