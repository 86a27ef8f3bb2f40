package org.hearthsync.activesync.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid queries (seeded, a fixed number of iterations): the parser either
 * returns a query or throws {@link QueryException}; never anything else, never slowly.
 */
class QueryParserFuzzTest {
    private static final long SEED = 0x4EA27L;
    private static final int ITERATIONS = 200_000;
    private static final List<byte[]> SEEDS = List.of(
            Base64.getDecoder().decode("oRMHBBA04HKKtWjKEFxAc0UHjCybBAAAAAALV2luZG93c01haWwHAQI="),
            Base64.getDecoder().decode("jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l"),
            new byte[] { (byte) 161, 20, 0x09, 0x04, 2, 'D', '1', 4, 1, 2, 3, 4, 3, 'i', 'P', 'd', 8, 1, 'u', 1, 2, 'x', 'y' });

    @Test
    void mutatedBase64QueriesNeverEscapeTheParser() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Random random = new Random(SEED);
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] b = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
                String q = Base64.getEncoder().encodeToString(b);
                if (random.nextInt(10) == 0) {
                    q = garble(q, random);
                }
                parse(q, i);
            }
        });
    }

    @Test
    void mutatedPlainQueriesNeverEscapeTheParser() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Random random = new Random(SEED + 1);
            String seed = "Cmd=FolderSync&User=t1%40dev.fd&DeviceId=Nine45069EA34A52&DeviceType=Android&ItemId=1%3A2";
            for (int i = 0; i < ITERATIONS / 4; i++) {
                parse(garble(seed, random), i);
            }
        });
    }

    private static void parse(String q, int i) {
        try {
            QueryParser.parse(q);
        } catch (QueryException expected) {
            // rejected cleanly
        } catch (RuntimeException e) {
            throw new AssertionError("iteration " + i + ": " + q + " escaped with " + e, e);
        }
    }

    private static byte[] mutate(byte[] in, Random r) {
        byte[] b = in.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (r.nextInt(4)) {
                case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
                case 2 -> {
                    byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(300));
                    for (int k = b.length; k < longer.length; k++) {
                        longer[k] = (byte) r.nextInt(256);
                    }
                    b = longer;
                }
                default -> b[r.nextInt(b.length)] = (byte) (r.nextBoolean() ? 0 : 0xFF);
            }
            if (b.length == 0) {
                return b;
            }
        }
        return b;
    }

    private static String garble(String s, Random r) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(3)) {
                case 0 -> sb.setCharAt(at, "%&=+/\u0000\u00e9\n".charAt(r.nextInt(8)));
                case 1 -> sb.deleteCharAt(at);
                default -> sb.insert(at, (char) r.nextInt(0x3000));
            }
        }
        return sb.toString();
    }
}
