package org.hearthsync.wbxml.bench;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.hearthsync.wbxml.Element;
import org.hearthsync.wbxml.SyncResponses;
import org.hearthsync.wbxml.WbxmlException;
import org.hearthsync.wbxml.WbxmlHandler;
import org.hearthsync.wbxml.WbxmlReader;
import org.hearthsync.wbxml.WbxmlWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Decode and encode throughput on a Sync response with 500 contacts. Reports operations per
 * second; MB/s = ops/s x document size (printed at start). Not a test: surefire never runs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WbxmlBenchmark {
    private final WbxmlReader reader = WbxmlReader.create();
    private byte[] document;
    private Element tree;

    @Setup
    public void setUp() throws WbxmlException {
        document = SyncResponses.contactsWbxml(500);
        tree = reader.read(document);
    }

    @Benchmark
    public Element decodeToTree() throws WbxmlException {
        return reader.read(document);
    }

    @Benchmark
    public void decodeEvents(Blackhole bh) throws WbxmlException {
        reader.parse(document, new WbxmlHandler() {
            @Override
            public void startElement(String namespace, String name) {
                bh.consume(name);
            }

            @Override
            public void text(String text) {
                bh.consume(text);
            }
        });
    }

    @Benchmark
    public byte[] encodeTree() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(document.length);
        new WbxmlWriter(out).element(tree).finish();
        return out.toByteArray();
    }

    public static void main(String[] args) throws Exception {
        System.out.println("Sync response, 500 contacts: "
                + SyncResponses.contactsWbxml(500).length + " bytes of WBXML");
        new Runner(new OptionsBuilder().include(WbxmlBenchmark.class.getSimpleName()).build()).run();
    }
}
