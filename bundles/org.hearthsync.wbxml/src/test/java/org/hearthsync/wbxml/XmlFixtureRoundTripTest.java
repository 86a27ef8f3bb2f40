package org.hearthsync.wbxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import static java.util.Map.entry;
import java.util.Optional;
import org.hearthsync.wbxml.xml.ElementComparison;
import org.hearthsync.wbxml.xml.XmlBridge;
import org.hearthsync.wbxml.xml.XmlDialect;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every ActiveSync XML fixture parses through the bridge, encodes to WBXML and decodes back to an
 * equal tree; the tree also survives our own XML output in both dialects.
 */
class XmlFixtureRoundTripTest {
    private static final WbxmlReader READER = WbxmlReader.create();

    /**
     * Fixtures that are not valid ActiveSync XML, with the bridge's expected complaint. All are
     * namespace mistakes in the test data, not codec gaps: evolution-activesync's translator
     * fragments leave AirSyncBase/Contacts/Calendar children un-namespaced (so they land in
     * AirSync, which lacks those tags); sync*gw's documents switch pages with xml-ns in ways
     * its own dialect cannot express here (Calendar DisplayName under a Calendar Location,
     * Commands after an AirSyncBase switch, the page name "Task", a TYPE attribute).
     */
    static final Map<String, String> INVALID = Map.ofEntries(
            entry("evolution-activesync/Cal_Info_Translator/_Request/XML_Data/_XML_cal_info_translator_parse_request_all.xml",
                    "code page AirSync has no tag Body"),
            entry("evolution-activesync/Cal_Info_Translator/_Response/XML_Data/_XML_cal_info_translator_parse_response_exception.xml",
                    "code page AirSync has no tag Exceptions"),
            entry("evolution-activesync/Cal_Info_Translator/_Response/XML_Data/_XML_cal_info_translator_parse_response_location.xml",
                    "code page AirSync has no tag Location"),
            entry("evolution-activesync/Cal_Info_Translator/_Response/XML_Data/_XML_cal_info_translator_parse_response_recurrence.xml",
                    "code page AirSync has no tag Recurrence"),
            entry("evolution-activesync/Cal_Info_Translator/_Response/XML_Data/_XML_cal_info_translator_parse_response_reminder.xml",
                    "code page AirSync has no tag Location"),
            entry("evolution-activesync/Cal_Info_Translator/_Response/XML_Data/_XML_cal_info_translator_parse_response_subject.xml",
                    "code page AirSync has no tag Subject"),
            entry("evolution-activesync/Con_Info_Translator/_Request/XML_Data/_XML_info_translator_parse_request_all.xml",
                    "code page AirSync has no tag WebPage"),
            entry("evolution-activesync/Con_Info_Translator/_Request/XML_Data/_XML_info_translator_parse_request_birthday.xml",
                    "code page AirSync has no tag Birthday"),
            entry("evolution-activesync/Con_Info_Translator/_Request/XML_Data/_XML_info_translator_parse_request_businessAdr.xml",
                    "code page AirSync has no tag BusinessStreet"),
            entry("evolution-activesync/Con_Info_Translator/_Request/XML_Data/_XML_info_translator_parse_request_email_webPage.xml",
                    "code page AirSync has no tag Email1Address"),
            entry("evolution-activesync/Con_Info_Translator/_Request/XML_Data/_XML_info_translator_parse_request_mobile.xml",
                    "code page AirSync has no tag MobilePhoneNumber"),
            entry("evolution-activesync/Con_Info_Translator/_Request/XML_Data/_XML_info_translator_parse_request_name.xml",
                    "code page AirSync has no tag LastName"),
            entry("evolution-activesync/Con_Info_Translator/_Request/XML_Data/_XML_info_translator_parse_request_otherAdr.xml",
                    "code page AirSync has no tag OtherCity"),
            entry("evolution-activesync/Con_Info_Translator/_Request/XML_Data/_XML_info_translator_parse_request_pagerNumber.xml",
                    "code page AirSync has no tag PagerNumber"),
            entry("evolution-activesync/Con_Info_Translator/_Response/XML_Data/_XML_info_translator_parse_response_birthday.xml",
                    "code page AirSync has no tag Birthday"),
            entry("evolution-activesync/Con_Info_Translator/_Response/XML_Data/_XML_info_translator_parse_response_mobile.xml",
                    "code page AirSync has no tag MobilePhoneNumber"),
            entry("evolution-activesync/Con_Info_Translator/_Response/XML_Data/_XML_info_translator_parse_response_note.xml",
                    "code page AirSync has no tag Data"),
            entry("syncgw-asxml/ascalendar-in02.xml",
                    "code page Calendar has no tag DisplayName"),
            entry("syncgw-asxml/ascalendar-in04.xml",
                    "code page Calendar has no tag DisplayName"),
            entry("syncgw-asxml/ascalendar-in05.xml",
                    "code page Calendar has no tag DisplayName"),
            entry("syncgw-asxml/ascontact-in01.xml",
                    "code page Contacts2 has no tag HomeAddressStreet"),
            entry("syncgw-asxml/ascontact-in02.xml",
                    "code page AirSync has no tag Body"),
            entry("syncgw-asxml/asnote-in01.xml",
                    "code page AirSyncBase has no tag Commands"),
            entry("syncgw-asxml/asnote-in02.xml",
                    "code page AirSyncBase has no tag Commands"),
            entry("syncgw-asxml/astask-in01.xml",
                    "unknown ActiveSync namespace activesync:Task"),
            entry("syncgw-asxml/astask-in02.xml",
                    "unknown ActiveSync namespace activesync:Task"),
            entry("syncgw-mimedata-wbxml/out04.xml",
                    "attribute TYPE on ContentId: ActiveSync has no attributes"));

    @TestFactory
    List<DynamicTest> everyXmlFixture() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : Fixtures.xmlDocuments()) {
            tests.add(DynamicTest.dynamicTest(Fixtures.relative(p), () -> check(p)));
        }
        assertFalse(tests.isEmpty());
        return tests;
    }

    private void check(Path p) throws Exception {
        String why = INVALID.get(Fixtures.relative(p));
        if (why != null) {
            WbxmlException e = assertThrows(WbxmlException.class, () -> read(p));
            assertEquals(why, e.getMessage());
            return;
        }
        Element tree = read(p);
        Element decoded = READER.read(WbxmlWriter.encode(tree));
        assertEquals(Optional.empty(), ElementComparison.firstDifference(tree, decoded));
        for (XmlDialect dialect : XmlDialect.values()) {
            Element viaXml = XmlBridge.read(XmlBridge.write(decoded, dialect));
            assertEquals(Optional.empty(), ElementComparison.firstDifference(tree, viaXml),
                    dialect.name());
        }
    }

    private static Element read(Path p) throws Exception {
        try (InputStream in = Files.newInputStream(p)) {
            return XmlBridge.read(in);
        }
    }
}
