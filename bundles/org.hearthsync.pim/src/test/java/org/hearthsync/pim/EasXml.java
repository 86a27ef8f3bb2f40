package org.hearthsync.pim;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.hearthsync.wbxml.Element;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Test helper: the fixtures' ApplicationData XML as an {@link Element} tree. The fixtures come
 * from several tools, each marking code pages its own way: {@code airsyncbase:Body} prefixes
 * (undeclared, so the parser is namespace-unaware), {@code xmlns="Calendar:"} defaults (libwbxml),
 * {@code xml-ns="activesync:Contacts2"} page switches in document order (sync*gw), or nothing at
 * all. Unmarked elements get the page their name belongs to. libwbxml and evolution-activesync
 * also use legacy tag names ({@code Recurrence_Type}, {@code BusinessStreet}), renamed here to the
 * MS-ASWBXML names the codec produces.
 */
final class EasXml {
    private static final Set<String> CONTACTS2 = Set.of("CustomerId", "GovernmentId", "IMAddress", "IMAddress2",
            "IMAddress3", "ManagerName", "CompanyMainPhone", "AccountName", "NickName", "MMS");
    private static final Map<String, String> PAGES = Map.ofEntries(Map.entry("airsync", "AirSync"),
            Map.entry("airsyncbase", "AirSyncBase"), Map.entry("contacts", "Contacts"), Map.entry("contacts2", "Contacts2"),
            Map.entry("calendar", "Calendar"), Map.entry("tasks", "Tasks"), Map.entry("task", "Tasks"),
            Map.entry("notes", "Notes"), Map.entry("note", "Notes"), Map.entry("poomcontacts", "Contacts"),
            Map.entry("poomcal", "Calendar"), Map.entry("poomtasks", "Tasks"));
    private static final Map<String, String> LEGACY = Map.ofEntries(
            Map.entry("Recurrence_Type", "Type"), Map.entry("Recurrence_Interval", "Interval"),
            Map.entry("Recurrence_Occurrences", "Occurrences"), Map.entry("Recurrence_Until", "Until"),
            Map.entry("Recurrence_DayOfWeek", "DayOfWeek"), Map.entry("Recurrence_DayOfMonth", "DayOfMonth"),
            Map.entry("Recurrence_WeekOfMonth", "WeekOfMonth"), Map.entry("Recurrence_MonthOfYear", "MonthOfYear"),
            Map.entry("Exception_Deleted", "Deleted"), Map.entry("Exception_StartTime", "ExceptionStartTime"),
            Map.entry("Attendee_Email", "Email"), Map.entry("Attendee_Name", "Name"),
            Map.entry("Attendee_Status", "AttendeeStatus"), Map.entry("Attendee_Type", "AttendeeType"),
            Map.entry("TimeZone", "Timezone"), Map.entry("DTStamp", "DtStamp"),
            Map.entry("BusinessStreet", "BusinessAddressStreet"), Map.entry("BusinessCity", "BusinessAddressCity"),
            Map.entry("BusinessState", "BusinessAddressState"), Map.entry("BusinessPostalCode", "BusinessAddressPostalCode"),
            Map.entry("BusinessCountry", "BusinessAddressCountry"), Map.entry("HomeStreet", "HomeAddressStreet"),
            Map.entry("HomeCity", "HomeAddressCity"), Map.entry("HomeState", "HomeAddressState"),
            Map.entry("HomePostalCode", "HomeAddressPostalCode"), Map.entry("HomeCountry", "HomeAddressCountry"),
            Map.entry("OtherStreet", "OtherAddressStreet"), Map.entry("OtherCity", "OtherAddressCity"),
            Map.entry("OtherState", "OtherAddressState"), Map.entry("OtherPostalCode", "OtherAddressPostalCode"),
            Map.entry("OtherCountry", "OtherAddressCountry"));

    private String page;

    private EasXml() {
    }

    /** The first ApplicationData element of the XML text; unmarked fields belong to {@code defaultPage}. */
    static Element applicationData(String xml, String defaultPage) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        Document doc = b.parse(new ByteArrayInputStream(xml.trim().getBytes(StandardCharsets.UTF_8)));
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            org.w3c.dom.Element e = (org.w3c.dom.Element) all.item(i);
            if (local(e.getTagName()).equals("ApplicationData")) {
                EasXml conv = new EasXml();
                Element out = new Element("AirSync", "ApplicationData");
                conv.children(e, out, null, defaultPage);
                return out;
            }
        }
        throw new IllegalArgumentException("no ApplicationData");
    }

    private void children(org.w3c.dom.Element from, Element to, String scoped, String defaultPage) {
        NodeList kids = from.getChildNodes();
        for (int i = 0; i < kids.getLength(); i++) {
            Node n = kids.item(i);
            if (n.getNodeType() != Node.ELEMENT_NODE) {
                continue;
            }
            org.w3c.dom.Element e = (org.w3c.dom.Element) n;
            String tag = e.getTagName();
            String name = local(tag);
            String ns = null;
            String childScoped = scoped;
            if (tag.contains(":")) {
                ns = page(tag.substring(0, tag.indexOf(':')));
            } else if (e.hasAttribute("xmlns")) {
                ns = page(e.getAttribute("xmlns").replace(":", ""));
                childScoped = ns;
            } else if (e.hasAttribute("xml-ns")) {
                ns = page(e.getAttribute("xml-ns").replaceFirst("(?i)^activesync:", ""));
                page = ns;
            } else if (to.namespace().equals("AirSyncBase")) {
                ns = "AirSyncBase";
            } else if (name.equals("Body") || name.equals("NativeBodyType")) {
                ns = "AirSyncBase";
            } else if (scoped != null) {
                ns = scoped;
            } else if (page != null) {
                ns = page;
            } else if (CONTACTS2.contains(name)) {
                ns = "Contacts2";
            } else if (!to.namespace().equals("AirSync")) {
                ns = to.namespace();
            } else {
                ns = defaultPage;
            }
            name = LEGACY.getOrDefault(name, name);
            Element child = to.add(ns, name);
            boolean hasElements = false;
            NodeList sub = e.getChildNodes();
            for (int j = 0; j < sub.getLength(); j++) {
                hasElements |= sub.item(j).getNodeType() == Node.ELEMENT_NODE;
            }
            if (hasElements) {
                children(e, child, childScoped, defaultPage);
            } else {
                child.text(e.getTextContent());
            }
        }
    }

    private static String local(String tag) {
        return tag.contains(":") ? tag.substring(tag.indexOf(':') + 1) : tag;
    }

    private static String page(String p) {
        return PAGES.getOrDefault(p.toLowerCase(), p);
    }
}
