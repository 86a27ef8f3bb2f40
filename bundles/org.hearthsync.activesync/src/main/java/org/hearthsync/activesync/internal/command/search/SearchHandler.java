package org.hearthsync.activesync.internal.command.search;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.protocol.CommandHandler;
import org.hearthsync.activesync.internal.protocol.EasResponse;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.activesync.internal.sync.SyncOptions;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.pim.MappingException;
import org.hearthsync.pim.MappingOptions;
import org.hearthsync.pim.PimClass;
import org.hearthsync.pim.PimMapper;
import org.hearthsync.pim.PimMappers;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Search (MS-ASCMD 2.2.1.16) of the GAL: the phone's directory look-up, answered from the contacts
 * of the account's store. The query matches, case-insensitively, anywhere in the display name,
 * first or last name, or e-mail address. Results are sorted by display name and cut to the
 * requested Range (default and at most 100 entries); Total counts every match.
 *
 * <p>A Mailbox search succeeds with no results (the mail folders are always empty). Other stores
 * (DocumentLibrary) are not searchable here: their Store gets status 2
 * while the command itself succeeds. A malformed request gets status 2 in its Store (or at the top
 * when there is no Store); a store failure gets status 3.
 */
public final class SearchHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SearchHandler.class);
    static final String NS = "Search";
    static final String GAL = "GAL";
    static final String MAILBOX = "Mailbox";
    static final String C = "Contacts";
    static final int SUCCESS = 1;
    static final int PROTOCOL_ERROR = 2;
    static final int SERVER_ERROR = 3;
    static final int MAX_RESULTS = 100;
    static final int BATCH = 200;

    private final StoreDirectory stores;
    private final Clock clock;

    public SearchHandler(StoreDirectory stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    @Override
    public Command command() {
        return Command.SEARCH;
    }

    @Override
    public EasResponse handle(CommandContext ctx) {
        Element root = ctx.document();
        Element storeReq = root == null || !root.is(NS, "Search") ? null : root.child(NS, "Store").orElse(null);
        if (storeReq == null) {
            return EasResponse.document(new Element(NS, "Search").addText(NS, "Status", Integer.toString(PROTOCOL_ERROR)));
        }
        Element out = new Element(NS, "Search").addText(NS, "Status", Integer.toString(SUCCESS));
        Element store = out.add(NS, "Response").add(NS, "Store");
        String name = storeReq.childText(NS, "Name");
        if (name != null && name.trim().equalsIgnoreCase(MAILBOX) && storeReq.child(NS, "Query").isPresent()) {
            // the mail folders are always empty: a mail client's search succeeds with no results
            store.addText(NS, "Status", Integer.toString(SUCCESS));
            store.add(NS, "Result");
            store.addText(NS, "Total", "0");
            return EasResponse.document(out);
        }
        if (name == null || !name.trim().equalsIgnoreCase(GAL)) {
            LOG.debug("device {} of {} searched store '{}', which Hearth does not search", ctx.deviceId(),
                    ctx.userName(), name);
            return EasResponse.document(storeStatus(out, store, PROTOCOL_ERROR));
        }
        String query = storeReq.childText(NS, "Query");
        int[] range = range(storeReq.child(NS, "Options").map(o -> o.childText(NS, "Range")).orElse(null));
        if (query == null || query.isBlank() || range == null) {
            return EasResponse.document(storeStatus(out, store, PROTOCOL_ERROR));
        }
        List<Map<String, String>> matches;
        try {
            matches = search(ctx, query.strip().toLowerCase(Locale.ROOT));
        } catch (StoreException e) {
            LOG.warn("store '{}' of {} failed a directory search: {}", ctx.account().storeName(), ctx.userName(),
                    e.getMessage());
            return EasResponse.document(storeStatus(out, store, SERVER_ERROR));
        } catch (RuntimeException e) {
            LOG.warn("directory search of {} failed", ctx.userName(), e);
            return EasResponse.document(storeStatus(out, store, SERVER_ERROR));
        }
        store.addText(NS, "Status", Integer.toString(SUCCESS));
        int from = range[0];
        int to = Math.min(range[1], matches.size() - 1);
        if (from > to) {
            store.add(NS, "Result");
            store.addText(NS, "Total", Integer.toString(matches.size()));
            LOG.debug("directory search of {}: {} matches, none in range", ctx.userName(), matches.size());
            return EasResponse.document(out);
        }
        for (Map<String, String> m : matches.subList(from, to + 1)) {
            Element props = store.add(NS, "Result").add(NS, "Properties");
            m.forEach((k, v) -> props.addText(GAL, k, v));
        }
        store.addText(NS, "Range", from + "-" + to);
        store.addText(NS, "Total", Integer.toString(matches.size()));
        LOG.debug("directory search of {}: {} matches, sent {}-{}", ctx.userName(), matches.size(), from, to);
        return EasResponse.document(out);
    }

    private static Element storeStatus(Element out, Element store, int status) {
        store.addText(NS, "Status", Integer.toString(status));
        return out;
    }

    /** {@code m-n} with at most {@value #MAX_RESULTS} entries (a wider one is cut); {@code null} when malformed. */
    static int[] range(String r) {
        if (r == null || r.isBlank()) {
            return new int[] { 0, MAX_RESULTS - 1 };
        }
        String[] p = r.trim().split("-");
        if (p.length != 2 || p[0].isEmpty() || p[1].isEmpty() || p[0].length() > 6 || p[1].length() > 6
                || !p[0].chars().allMatch(Character::isDigit) || !p[1].chars().allMatch(Character::isDigit)) {
            return null;
        }
        int from = Integer.parseInt(p[0]);
        int to = Integer.parseInt(p[1]);
        if (to < from) {
            return null;
        }
        return new int[] { from, Math.min(to, from + MAX_RESULTS - 1) };
    }

    private List<Map<String, String>> search(CommandContext ctx, String q) throws StoreException {
        PimStore store = stores.store(ctx.account().storeName()).orElseThrow(
                () -> new StoreException.Unavailable("no store named '" + ctx.account().storeName() + "'", null));
        PimMapper mapper = PimMappers.of(PimClass.CONTACTS);
        MappingOptions options = SyncOptions.of(ctx.version().text(), 1, 0, null, ctx.account(), clock);
        List<Map<String, String>> out = new ArrayList<>();
        for (CollectionInfo c : store.collections()) {
            if (c.dataClass() != DataClass.CONTACTS
                    || !ctx.account().collections().isEmpty() && !ctx.account().collections().contains(c.id())) {
                continue;
            }
            List<String> names = store.list(c.id()).stream().map(ResourceRef::name).toList();
            for (int i = 0; i < names.size(); i += BATCH) {
                for (Resource r : store.getAll(c.id(), names.subList(i, Math.min(names.size(), i + BATCH))).values()) {
                    Map<String, String> entry = entry(mapper, options, r.content());
                    if (entry != null && matches(entry, q)) {
                        out.add(entry);
                    }
                }
            }
        }
        out.sort(Comparator.comparing((Map<String, String> m) -> m.getOrDefault("DisplayName", "").toLowerCase(Locale.ROOT)));
        return out;
    }

    /** The GAL properties of a stored vCard; {@code null} when it cannot be read. */
    static Map<String, String> entry(PimMapper mapper, MappingOptions options, String vcard) {
        Element d;
        try {
            d = mapper.toEas(vcard, options);
        } catch (MappingException e) {
            return null;
        }
        String first = text(d, "FirstName");
        String last = text(d, "LastName");
        String display = text(d, "FileAs");
        if (display == null) {
            display = first == null ? last : last == null ? first : first + " " + last;
        }
        String email = email(text(d, "Email1Address"));
        if (display == null) {
            display = email;
        }
        if (display == null) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "DisplayName", display);
        put(m, "Phone", text(d, "BusinessPhoneNumber") != null ? text(d, "BusinessPhoneNumber") : text(d, "HomePhoneNumber"));
        put(m, "Office", text(d, "OfficeLocation"));
        put(m, "Title", text(d, "JobTitle"));
        put(m, "Company", text(d, "CompanyName"));
        put(m, "FirstName", first);
        put(m, "LastName", last);
        put(m, "HomePhone", text(d, "HomePhoneNumber"));
        put(m, "MobilePhone", text(d, "MobilePhoneNumber"));
        put(m, "EmailAddress", email);
        return m;
    }

    static boolean matches(Map<String, String> entry, String q) {
        for (String k : List.of("DisplayName", "FirstName", "LastName", "EmailAddress")) {
            String v = entry.get(k);
            if (v != null && v.toLowerCase(Locale.ROOT).contains(q)) {
                return true;
            }
        }
        return false;
    }

    private static String text(Element d, String field) {
        String v = d.childText(C, field);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** The bare address of {@code "Name" <a@b>} or {@code a@b}. */
    private static String email(String v) {
        if (v == null) {
            return null;
        }
        int lt = v.lastIndexOf('<');
        int gt = v.lastIndexOf('>');
        return lt >= 0 && gt > lt ? v.substring(lt + 1, gt).strip() : v;
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
