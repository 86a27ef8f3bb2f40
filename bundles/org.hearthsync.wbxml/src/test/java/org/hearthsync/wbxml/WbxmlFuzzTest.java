package org.hearthsync.wbxml;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of the real fixtures: every mutant either decodes or fails with
 * WbxmlException. Runs a fixed number of iterations (a few seconds); raise it for a soak with
 * {@code -Dhearth.fuzz.iterations=5000000}, and vary {@code -Dhearth.fuzz.seed}.
 */
class WbxmlFuzzTest {
    private static final WbxmlReader READER = WbxmlReader.builder()
            .limits(WbxmlLimits.builder().maxDocumentSize(1 << 20).maxOpaqueLength(1 << 18)
                    .maxStringLength(1 << 18).build())
            .build();

    @Test
    void mutatedFixturesDecodeOrThrowWbxmlException() {
        int iterations = Integer.getInteger("hearth.fuzz.iterations", 200_000);
        long seed = Long.getLong("hearth.fuzz.seed", 0x5EEDL);
        Random random = new Random(seed);
        List<Path> files = Fixtures.wbxmlFiles();
        byte[][] corpus = new byte[files.size()][];
        for (int i = 0; i < corpus.length; i++) {
            corpus[i] = Fixtures.wbxml(files.get(i));
        }
        int decoded = 0;
        for (int i = 0; i < iterations; i++) {
            byte[] input = mutate(corpus[random.nextInt(corpus.length)], random);
            try {
                if (i % 16 == 0) {
                    READER.read(new ByteArrayInputStream(input));
                } else {
                    READER.read(input);
                }
                decoded++;
            } catch (WbxmlException expected) {
                // fine
            } catch (Throwable t) {
                fail("iteration " + i + " (seed " + seed + ") threw " + t, t);
            }
        }
        assertTrue(decoded > 0, "no mutant decoded at all; the mutator is too aggressive");
    }

    private static byte[] mutate(byte[] source, Random r) {
        byte[] b = source.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int kind = r.nextInt(6);
            if (b.length == 0) {
                return b;
            }
            int at = r.nextInt(b.length);
            switch (kind) {
                case 0 -> b[at] = (byte) r.nextInt(256);
                case 1 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 2 -> b = java.util.Arrays.copyOf(b, at); // truncate
                case 3 -> { // interesting bytes: global tokens, continuation bits
                    int[] tokens = {0x00, 0x01, 0x02, 0x03, 0x04, 0x40, 0x43, 0x44, 0x80, 0x83,
                        0x84, 0xC0, 0xC3, 0xC4, 0xFF, 0x7F};
                    b[at] = (byte) tokens[r.nextInt(tokens.length)];
                }
                case 4 -> { // duplicate a slice
                    int len = Math.min(b.length - at, 1 + r.nextInt(32));
                    byte[] out = new byte[b.length + len];
                    System.arraycopy(b, 0, out, 0, at + len);
                    System.arraycopy(b, at, out, at + len, b.length - at);
                    b = out;
                }
                default -> { // delete a slice
                    int len = Math.min(b.length - at, 1 + r.nextInt(16));
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + len, out, at, b.length - at - len);
                    b = out;
                }
            }
        }
        return b;
    }
}
