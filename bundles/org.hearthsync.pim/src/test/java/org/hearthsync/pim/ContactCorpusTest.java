package org.hearthsync.pim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every vCard of the corpus: to EAS and back without losing anything. */
class ContactCorpusTest {
    static final PimMapper MAPPER = PimMappers.contacts();
    static final MappingOptions OPTS = MappingOptions.defaults().withProtocolVersion("14.1");
    /** What a phone's FileAs change may rewrite: FN, or Evolution's X-EVOLUTION-FILE-AS where the card has one. */
    static final java.util.Set<String> TOUCHED_BY_FILE_AS = java.util.Set.of("FN", "X-EVOLUTION-FILE-AS");

    record Item(String name, String text, boolean broken) {
    }

    private static List<Item> cached;

    static synchronized List<Item> corpus() {
        if (cached == null) {
            cached = List.copyOf(read()); // several tests walk the corpus: read it once per run
        }
        return cached;
    }

    private static List<Item> read() {
        List<Item> out = new ArrayList<>();
        for (Path f : Fixtures.files("vcard", ".vcf")) {
            List<String> cards = Fixtures.splitVCards(Fixtures.readPim(f));
            boolean broken = f.getFileName().toString().startsWith("broken");
            for (int i = 0; i < cards.size(); i++) {
                out.add(new Item(Fixtures.name(f) + (cards.size() > 1 ? "#" + i : ""), cards.get(i), broken));
            }
        }
        return out;
    }

    /** What the phone gets for an item; null for a broken-by-name card the mapper rejects (anything else must map). */
    static Element mapped(Item item) throws MappingException {
        try {
            return MAPPER.toEas(item.text(), OPTS);
        } catch (MappingException e) {
            if (item.broken()) {
                return null;
            }
            throw e;
        }
    }

    @TestFactory
    Stream<DynamicTest> roundTripIsIdentity() {
        return corpus().stream().map(item -> DynamicTest.dynamicTest(item.name(), () -> {
            Element eas = mapped(item);
            if (eas == null) {
                return; // broken by its name and rejected cleanly; one that maps gets every check below
            }
            MergeResult r = MAPPER.fromEas(item.text(), eas, OPTS);
            assertFalse(r.changed(), () -> "echo changed the card:\n" + eas);
            assertEquals(item.text(), r.text());
        }));
    }

    /** EAS -> new vCard -> EAS gives the same fields: the values survive a trip through the store. */
    @TestFactory
    Stream<DynamicTest> easFieldsSurviveANewCard() {
        return corpus().stream().map(item -> DynamicTest.dynamicTest(item.name(), () -> {
            Element eas = MAPPER.toEas(item.text(), OPTS);
            MergeResult fresh = MAPPER.fromEas(null, eas, OPTS);
            assertTrue(fresh.changed());
            Element again = MAPPER.toEas(fresh.text(), OPTS);
            if (eas.child("Contacts", "FileAs").isPresent()) {
                EasTrees.assertSameFields(eas, again, fresh.text());
            } else {
                EasTrees.assertSameFields(eas, again, fresh.text(), "Contacts:FileAs"); // FN is made from the name
            }
        }));
    }

    /** A phone change to one field rewrites the card (as 4.0) and keeps every other property. */
    @TestFactory
    Stream<DynamicTest> changeKeepsEverythingElse() {
        return corpus().stream().map(item -> DynamicTest.dynamicTest(item.name(), () -> {
            Element eas = mapped(item);
            if (eas == null) {
                return; // broken by its name and rejected cleanly; one that maps gets every check below
            }
            Element changed = EasTrees.withText(eas, "Contacts", "FileAs", "Changed Näme 😀");
            MergeResult r = MAPPER.fromEas(item.text(), changed, OPTS);
            assertTrue(r.changed());
            assertTrue(r.text().contains("VERSION:4.0"), r.text());
            EasTrees.assertSameFields(changed, MAPPER.toEas(r.text(), OPTS), r.text());
            assertEquals(VCards.propertyCounts(item.text(), "FN", "REV"), VCards.propertyCounts(r.text(), "FN", "REV"),
                    r.text());
            // every property the change did not touch is there, by value, parameters included (changed in form at most)
            PropertyDiff.Outcome diff = PropertyDiff.vcard(item.text(), r.text(), TOUCHED_BY_FILE_AS);
            assertTrue(diff.lost().isEmpty(), () -> "properties lost: " + diff.lost() + "\n" + r.text());
            MergeResult again = MAPPER.fromEas(r.text(), MAPPER.toEas(r.text(), OPTS), OPTS);
            if (again.changed()) {
                fail("not stable after the change:\n" + r.text());
            }
        }));
    }
}
