package org.hearthsync.activesync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.hearthsync.activesync.internal.protocol.EasEngine;
import org.junit.jupiter.api.Test;

/**
 * The packages of this bundle layer (http wiring → command handlers → protocol engine and its command
 * contract → policy, auth → device → sync → store): no package may reach, through any chain of
 * references, back to itself. The graph is read from the compiled classes (every class a class file's
 * constant pool names, in class entries, descriptors and generic signatures), so a reference that no
 * import shows (a fully qualified name, a same-package-looking call through a nested type) counts too.
 */
class PackageCyclesTest {
    private static final String ROOT = "org/hearthsync/activesync/";
    /** A class name inside the bundle as it stands in a constant pool entry ({@code Lorg/...;} or a bare name). */
    private static final Pattern REF = Pattern.compile("org/hearthsync/activesync/[A-Za-z0-9_/$]+");

    @Test
    void noPackageOfTheBundleDependsOnItselfThroughAnother() throws Exception {
        Map<String, Map<String, String>> graph = graph(mainClasses());
        assertTrue(graph.size() > 10 && graph.containsKey("internal.command.sync"),
                "the main classes were not found or not read: " + graph.keySet());
        List<List<String>> cycles = cycles(graph);
        assertTrue(cycles.isEmpty(), () -> describe(cycles, graph));
    }

    /** The finder itself: a cycle through three packages is found, a chain without one is not. */
    @Test
    void findsACycleThroughSeveralPackagesAndNothingInAChain() {
        Map<String, Map<String, String>> g = new TreeMap<>();
        edge(g, "a", "b");
        edge(g, "b", "c");
        edge(g, "c", "d");
        assertTrue(cycles(g).isEmpty());
        edge(g, "d", "b");
        assertEquals(List.of(List.of("b", "c", "d")), cycles(g));
    }

    private static void edge(Map<String, Map<String, String>> g, String from, String to) {
        g.computeIfAbsent(from, k -> new TreeMap<>()).put(to, from + ".X -> " + to + ".Y");
        g.computeIfAbsent(to, k -> new TreeMap<>());
    }

    private static Path mainClasses() throws URISyntaxException {
        // the folder (target/classes) the engine was loaded from: the bundle's main classes, no tests
        return Path.of(EasEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** package → (package it refers to → one example reference "class -> class"), packages relative to the bundle root. */
    static Map<String, Map<String, String>> graph(Path classes) throws IOException {
        Map<String, Map<String, String>> g = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path f : files) {
            String cls = classes.relativize(f).toString().replace('\\', '/').replaceAll("\\.class$", "");
            if (!cls.startsWith(ROOT)) {
                continue;
            }
            String from = pkg(cls);
            Map<String, String> out = g.computeIfAbsent(from, k -> new TreeMap<>());
            try (InputStream in = Files.newInputStream(f)) {
                for (String text : constantPoolTexts(in)) {
                    Matcher m = REF.matcher(text);
                    while (m.find()) {
                        String to = pkg(m.group());
                        if (!to.equals(from)) {
                            out.putIfAbsent(to, cls.substring(ROOT.length()) + " -> " + m.group().substring(ROOT.length()));
                        }
                    }
                }
            }
        }
        g.values().forEach(out -> out.keySet().retainAll(g.keySet()));
        return g;
    }

    private static String pkg(String internalName) {
        String rest = internalName.substring(ROOT.length());
        int slash = rest.lastIndexOf('/');
        return slash < 0 ? "(root)" : rest.substring(0, slash).replace('/', '.');
    }

    /**
     * The UTF-8 entries of a class file's constant pool (JVMS 4.4): class names, descriptors and
     * signatures are all among them. Only the pool is read; the rest of the file does not matter here.
     */
    static List<String> constantPoolTexts(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        List<String> texts = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> texts.add(in.readUTF()); // Utf8
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2); // Class, String, MethodType, Module, Package
                case 15 -> in.skipNBytes(3); // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // Integer, Float, refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> { // Long, Double take two slots
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return texts;
    }

    /** The strongly connected components of more than one package (Tarjan), each sorted, in sorted order. */
    static List<List<String>> cycles(Map<String, Map<String, String>> g) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] next = { 0 };
        for (String v : g.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, g, index, low, stack, onStack, out, next);
            }
        }
        out.sort((a, b) -> a.get(0).compareTo(b.get(0)));
        return out;
    }

    private static void connect(String v, Map<String, Map<String, String>> g, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<List<String>> out, int[] next) {
        index.put(v, next[0]);
        low.put(v, next[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : g.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, g, index, low, stack, onStack, out, next);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            TreeSet<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(List.copyOf(component));
            }
        }
    }

    private static String describe(List<List<String>> cycles, Map<String, Map<String, String>> g) {
        StringBuilder b = new StringBuilder("package cycles in org.hearthsync.activesync:");
        for (List<String> c : cycles) {
            b.append("\n  ").append(c).append(", through:");
            for (String from : c) {
                g.get(from).forEach((to, example) -> {
                    if (c.contains(to)) {
                        b.append("\n    ").append(from).append(" -> ").append(to).append("  (").append(example).append(')');
                    }
                });
            }
        }
        return b.toString();
    }
}
