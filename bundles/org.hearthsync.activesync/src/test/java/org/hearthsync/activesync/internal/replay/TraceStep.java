package org.hearthsync.activesync.internal.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One request/response record of a sync*gw trace (shared/fixtures/eas-wire/syncgw-traces/N):
 * {@code NN-name-req-headers.txt}, {@code NN-name-req.wbxml}, {@code NN-name-resp-headers.txt},
 * {@code NN-name-resp.wbxml}.
 */
record TraceStep(String name, String method, String query, Map<String, String> headers, byte[] body, int status,
        Map<String, String> responseHeaders, byte[] responseBody) {

    static List<TraceStep> load(Path folder) throws IOException {
        Map<String, String> prefixes = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-req-headers.txt"))
                    .forEach(n -> prefixes.put(n.substring(0, 2), n.substring(0, n.length() - "-req-headers.txt".length())));
        }
        List<TraceStep> out = new ArrayList<>();
        for (String prefix : prefixes.values()) {
            out.add(step(folder, prefix));
        }
        return out;
    }

    private static TraceStep step(Path folder, String prefix) throws IOException {
        List<String> req = Files.readAllLines(folder.resolve(prefix + "-req-headers.txt"), StandardCharsets.UTF_8);
        String[] requestLine = req.get(0).split(" ");
        String target = requestLine[1];
        int q = target.indexOf('?');
        Map<String, String> headers = headers(req);
        List<String> resp = Files.readAllLines(folder.resolve(prefix + "-resp-headers.txt"), StandardCharsets.UTF_8);
        int status = Integer.parseInt(resp.get(0).split(" ")[1]);
        return new TraceStep(prefix, requestLine[0], q < 0 ? null : target.substring(q + 1), headers,
                read(folder.resolve(prefix + "-req.wbxml")), status, headers(resp), read(folder.resolve(prefix + "-resp.wbxml")));
    }

    private static Map<String, String> headers(List<String> lines) {
        Map<String, String> h = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || line.startsWith("#")) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                h.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return h;
    }

    private static byte[] read(Path p) throws IOException {
        return Files.exists(p) ? Files.readAllBytes(p) : new byte[0];
    }
}
