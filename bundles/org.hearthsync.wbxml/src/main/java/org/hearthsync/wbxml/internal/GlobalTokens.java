package org.hearthsync.wbxml.internal;

/** WBXML 1.3 global tokens (WAP-192 section 7.1), shared by every code page. */
public final class GlobalTokens {
    public static final int SWITCH_PAGE = 0x00;
    public static final int END = 0x01;
    public static final int ENTITY = 0x02;
    public static final int STR_I = 0x03;
    public static final int LITERAL = 0x04;
    public static final int EXT_I_0 = 0x40;
    public static final int EXT_I_1 = 0x41;
    public static final int EXT_I_2 = 0x42;
    public static final int PI = 0x43;
    public static final int LITERAL_C = 0x44;
    public static final int EXT_T_0 = 0x80;
    public static final int EXT_T_1 = 0x81;
    public static final int EXT_T_2 = 0x82;
    public static final int STR_T = 0x83;
    public static final int LITERAL_A = 0x84;
    public static final int EXT_0 = 0xC0;
    public static final int EXT_1 = 0xC1;
    public static final int EXT_2 = 0xC2;
    public static final int OPAQUE = 0xC3;
    public static final int LITERAL_AC = 0xC4;

    /** Tag bit: the element has content and is closed by END. */
    public static final int CONTENT_BIT = 0x40;
    /** Tag bit: the element has attributes (never in ActiveSync). */
    public static final int ATTRIBUTES_BIT = 0x80;
    public static final int TAG_MASK = 0x3F;

    /** Header values ActiveSync uses: WBXML 1.3, unknown public id, UTF-8 (IANA MIBenum 106). */
    public static final int VERSION_1_3 = 0x03;
    public static final int PUBLIC_ID_UNKNOWN = 0x01;
    public static final int CHARSET_UTF8 = 106;

    private GlobalTokens() {
    }
}
