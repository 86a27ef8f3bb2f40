package org.hearthsync.wbxml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A realistic Sync response full of contacts, for tests and the benchmark. */
public final class SyncResponses {
    private SyncResponses() {
    }

    public static Element contacts(int count) {
        Element sync = new Element("AirSync", "Sync");
        Element collection = sync.add("AirSync", "Collections").add("AirSync", "Collection");
        collection.addText("AirSync", "SyncKey", "1744573201").addText("AirSync", "CollectionId", "2")
                .addText("AirSync", "Status", "1");
        Element commands = collection.add("AirSync", "Commands");
        for (int i = 0; i < count; i++) {
            Element add = commands.add("AirSync", "Add");
            add.addText("AirSync", "ServerId", "2:" + (1000 + i));
            Element data = add.add("AirSync", "ApplicationData");
            Element body = data.add("AirSyncBase", "Body");
            body.addText("AirSyncBase", "Type", "1").addText("AirSyncBase", "EstimatedDataSize", "58")
                    .addText("AirSyncBase", "Data",
                            "Met at the conference in Lyon.\r\nLikes hiking and jazz. #" + i);
            data.addText("Contacts", "FileAs", "Müller-Lüdenscheidt, Jürgen " + i)
                    .addText("Contacts", "FirstName", "Jürgen")
                    .addText("Contacts", "LastName", "Müller-Lüdenscheidt " + i)
                    .addText("Contacts", "CompanyName", "Example Widgets GmbH")
                    .addText("Contacts", "JobTitle", "Head of Procurement")
                    .addText("Contacts", "Email1Address", "\"Jürgen Müller\" <j.mueller" + i + "@example.com>")
                    .addText("Contacts", "BusinessPhoneNumber", "+49 30 1234567-" + i)
                    .addText("Contacts", "MobilePhoneNumber", "+49 170 555" + String.format("%04d", i))
                    .addText("Contacts", "BusinessAddressStreet", "Friedrichstraße " + (i % 200))
                    .addText("Contacts", "BusinessAddressCity", "Berlin")
                    .addText("Contacts", "BusinessAddressPostalCode", "10117")
                    .addText("Contacts", "BusinessAddressCountry", "Germany")
                    .addText("Contacts", "Birthday", "1975-04-1" + (i % 10) + "T00:00:00.000Z");
            data.add("Contacts", "Categories").addText("Contacts", "Category", "Business");
            data.addText("Contacts2", "NickName", "Jü" + i).addText("Contacts2", "IMAddress", "jm" + i + "@chat.example");
            if (i % 10 == 0) {
                byte[] picture = new byte[2048];
                for (int b = 0; b < picture.length; b++) {
                    picture[b] = (byte) (b * 31 + i);
                }
                // Contacts send pictures as base64 text (MS-ASCNTC), not OPAQUE.
                data.addText("Contacts", "Picture", java.util.Base64.getEncoder().encodeToString(picture));
            }
        }
        return sync;
    }

    public static byte[] contactsWbxml(int count) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new WbxmlWriter(out).element(contacts(count)).finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
