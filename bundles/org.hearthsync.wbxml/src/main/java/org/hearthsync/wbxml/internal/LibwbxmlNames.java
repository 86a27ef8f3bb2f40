package org.hearthsync.wbxml.internal;

import java.util.HashMap;
import java.util.Map;
import org.hearthsync.wbxml.codepage.CodePage;

/**
 * The tag names libwbxml 0.11.8 ({@code wbxml2xml -l ACTIVESYNC}) uses where they differ from
 * MS-ASWBXML: it keeps ActiveSync 2.5 spellings such as {@code Recurrence_Type} or
 * {@code Attendee_Email}, and has a few typos of its own. The token numbers are the same (checked
 * against the installed tool, see the cross-check test). The XML bridge reads these names and can
 * write them, so documents can be exchanged with libwbxml; the binary codec never uses them.
 */
public final class LibwbxmlNames {
    /** {page number, "hex-token libwbxml-name, ..."}. */
    private static final String[][] TABLE = {
        {"1", "07 AssistantTelephoneNumber,"
            + " 0D BusinessCity,"
            + " 0E BusinessCountry,"
            + " 0F BusinessPostalCode,"
            + " 10 BusinessState,"
            + " 11 BusinessStreet,"
            + " 21 HomeCity,"
            + " 22 HomeCountry,"
            + " 23 HomePostalCode,"
            + " 24 HomeState,"
            + " 25 HomeStreet,"
            + " 2D OtherCity,"
            + " 2E OtherCountry,"
            + " 2F OtherPostalCode,"
            + " 30 OtherState,"
            + " 31 OtherStreet,"
            + " 3B CompressedRTF"},
        {"2", "09 AttOId,"
            + " 19 Reply-To,"
            + " 1D DTStamp,"
            + " 29 Recurrence_Type,"
            + " 2A Recurrence_Until,"
            + " 2B Recurrence_Occurrences,"
            + " 2C Recurrence_Interval,"
            + " 2D Recurrence_DayOfWeek,"
            + " 2E Recurrence_DayOfMonth,"
            + " 2F Recurrence_WeekOfMonth,"
            + " 30 Recurrence_MonthOfYear,"
            + " 3B FlagStatus"},
        {"4", "05 TimeZone,"
            + " 09 Attendee_Email,"
            + " 0A Attendee_Name,"
            + " 10 Compressed_RTF,"
            + " 11 DTStamp,"
            + " 15 Exception_Deleted,"
            + " 16 Exception_StartTime,"
            + " 19 Organizer_Email,"
            + " 1A Organizer_Name,"
            + " 1C Recurrence_Type,"
            + " 1D Recurrence_Until,"
            + " 1E Recurrence_Occurrences,"
            + " 1F Recurrence_Interval,"
            + " 20 Recurrence_DayOfWeek,"
            + " 21 Recurrence_DayOfMonth,"
            + " 22 Recurrence_WeekOfMonth,"
            + " 23 Recurrence_MonthOfYear,"
            + " 29 Attendee_Status,"
            + " 2A Attendee_Type"},
        {"9", "0D UTCDueDate,"
            + " 10 Recurrence_Type,"
            + " 11 Recurrence_Start,"
            + " 12 Recurrence_Until,"
            + " 13 Recurrence_Occurrences,"
            + " 14 Recurrence_Interval,"
            + " 15 Recurrence_DayOfMonth,"
            + " 16 Recurrence_DayOfWeek,"
            + " 17 Recurrence_WeekOfMonth,"
            + " 18 Recurrence_MonthOfYear,"
            + " 19 Recurrence_Regenerate,"
            + " 1A Recurrence_DeadOccur,"
            + " 1F UTCStartDate,"
            + " 21 CompressedRTF"},
        {"11", "09 CheckCRL"},
        {"14", "10 DeviceEncryptionEnabled"},
        {"18", "1F SmtpAddress,"
            + " 2B ihsManagementInformation"},
        {"21", "10 MIME"},
        {"24", "12 RMOwner,"
            + " 18 RemoveRightsManagementDistribution"},
    };

    /**
     * Tags libwbxml writes as base64 text and reads back from base64 into OPAQUE
     * (its WBXML_TAG_OPTION_BINARY): the conversation ids, {page, token}.
     */
    private static final int[][] BINARY = {{15, 0x20}, {20, 0x18}, {22, 0x09}, {22, 0x0A}};

    private static final String[][] NAMES = new String[26][64];
    private static final Map<String, Integer>[] TOKENS = newMaps();

    static {
        for (String[] row : TABLE) {
            int page = Integer.parseInt(row[0]);
            for (String entry : row[1].split(",")) {
                String[] parts = entry.trim().split(" ");
                int token = Integer.parseInt(parts[0], 16);
                NAMES[page][token] = parts[1];
                TOKENS[page].put(parts[1], token);
            }
        }
    }

    private LibwbxmlNames() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer>[] newMaps() {
        Map<String, Integer>[] maps = new Map[26];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = new HashMap<>();
        }
        return maps;
    }

    /** libwbxml's name for the tag, which is the MS-ASWBXML name unless listed here. */
    public static String name(CodePage page, int token) {
        String n = NAMES[page.number()][token];
        return n != null ? n : page.tagName(token);
    }

    /** The token of a libwbxml-only tag name in {@code page}, or -1. */
    public static int token(CodePage page, String name) {
        Integer t = TOKENS[page.number()].get(name);
        return t == null ? -1 : t;
    }

    /** libwbxml's namespace for the page: the page name with a colon, "Gal" for GAL. */
    public static String namespace(CodePage page) {
        return (page.number() == 16 ? "Gal" : page.namespace()) + ":";
    }

    public static boolean isBinary(CodePage page, int token) {
        for (int[] b : BINARY) {
            if (b[0] == page.number() && b[1] == token) {
                return true;
            }
        }
        return false;
    }
}
