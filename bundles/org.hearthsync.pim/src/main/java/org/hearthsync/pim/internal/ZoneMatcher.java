package org.hearthsync.pim.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Finds the IANA zone whose offsets match a zone known only by its rules (an EAS TIME_ZONE_INFORMATION
 * struct or a VTIMEZONE), so that stored events carry a real TZID and recur correctly across DST.
 */
final class ZoneMatcher {
    /**
     * Windows zone names (what Outlook writes as TZID and phones put in the struct) to IANA: the CLDR
     * windowsZones default mappings, from the resource {@code windows-zones.properties} (see its header).
     */
    private static final Map<String, String> WINDOWS = windowsZones();
    /** Tried before the rest, so a match lands on the zone people recognise. */
    private static final List<String> PREFERRED = List.of("Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Helsinki",
            "Europe/Moscow", "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
            "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Halifax", "America/Sao_Paulo",
            "Asia/Tokyo", "Asia/Shanghai", "Asia/Kolkata", "Asia/Dubai", "Australia/Sydney", "Australia/Brisbane",
            "Australia/Adelaide", "Australia/Perth", "Pacific/Auckland", "Africa/Johannesburg", "Etc/UTC");
    private static final List<ZoneId> CANDIDATES = candidates();
    private static final Map<String, ZoneId> CACHE = new ConcurrentHashMap<>();

    private ZoneMatcher() {
    }

    private static Map<String, String> windowsZones() {
        Map<String, String> out = new java.util.HashMap<>();
        try (var in = ZoneMatcher.class.getResourceAsStream("windows-zones.properties")) {
            if (in != null) {
                for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\\R")) {
                    int eq = line.indexOf('=');
                    if (!line.startsWith("#") && eq > 0) {
                        out.put(line.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT), line.substring(eq + 1).trim());
                    }
                }
            }
        } catch (java.io.IOException e) {
            // the jar is broken; IANA ids and rule matching still work
        }
        out.put("coordinated universal time", "Etc/UTC");
        return Map.copyOf(out);
    }

    private static List<ZoneId> candidates() {
        Set<String> ids = new TreeSet<>();
        for (String id : ZoneId.getAvailableZoneIds()) {
            if (id.contains("/") && !id.startsWith("Etc/") && !id.startsWith("SystemV/") && !id.startsWith("US/")
                    && !id.startsWith("Canada/") && !id.startsWith("Brazil/") && !id.startsWith("Mexico/")
                    && !id.startsWith("Chile/")) {
                ids.add(id);
            }
        }
        List<ZoneId> out = new ArrayList<>();
        for (String p : PREFERRED) {
            out.add(ZoneId.of(p));
            ids.remove(p);
        }
        for (String id : ids) {
            out.add(ZoneId.of(id));
        }
        return List.copyOf(out);
    }

    /** An IANA zone named, or abbreviated, by a TZID or a Windows name; null when none is. */
    static ZoneId byName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String n = name.trim().replace("\"", "");
        String win = WINDOWS.get(n.toLowerCase(java.util.Locale.ROOT));
        if (win != null) {
            return ZoneId.of(win);
        }
        // "/mozilla.org/20070129_1/Europe/Berlin", "/softwarestudio.org/Olson_20011030_5/America/New_York"
        String[] parts = n.split("/");
        for (int i = 0; i < parts.length; i++) {
            String candidate = String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length));
            if (candidate.isEmpty()) {
                continue;
            }
            try {
                if (ZoneId.getAvailableZoneIds().contains(candidate)) {
                    return ZoneId.of(candidate);
                }
            } catch (RuntimeException | AssertionError e) {
                // not a zone id
            }
        }
        return null;
    }

    /**
     * The first IANA zone (hint first, then the well-known ones) whose offset equals {@code offset}
     * at noon of every day of {@code year} (rules change over the years; the struct only describes one), and just around each of {@code transitions}.
     */
    static ZoneId match(String cacheKey, ToIntFunction<Instant> offset, List<Instant> transitions, int year, ZoneId hint) {
        return match(cacheKey, offset, transitions, year, hint, false);
    }

    /**
     * As above; {@code lenientAtChanges}: a sample next to a day where the expected offset changes may differ
     * (biweekly's VTIMEZONE time zones give the old offset for the whole day of a transition).
     */
    static ZoneId match(String cacheKey, ToIntFunction<Instant> offset, List<Instant> transitions, int year, ZoneId hint,
            boolean lenientAtChanges) {
        // the key must determine the offsets (callers pass the struct bytes or the VTIMEZONE's rules)
        String key = cacheKey == null ? null : cacheKey + "@" + year + "@" + hint + "@" + lenientAtChanges;
        if (key != null && CACHE.containsKey(key)) {
            return CACHE.get(key);
        }
        List<Instant> samples = samples(year, transitions);
        int[] expected = new int[samples.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = offset.applyAsInt(samples.get(i));
        }
        boolean[] loose = new boolean[expected.length];
        int days = samples.size() - 2 * transitions.size();
        for (int i = 0; lenientAtChanges && i < days; i++) {
            loose[i] = (i > 0 && expected[i] != expected[i - 1]) || (i + 1 < days && expected[i] != expected[i + 1]);
        }
        ZoneId found = null;
        if (hint != null && matches(hint, samples, expected, loose)) {
            found = hint;
        }
        for (int i = 0; found == null && i < CANDIDATES.size(); i++) {
            if (matches(CANDIDATES.get(i), samples, expected, loose)) {
                found = CANDIDATES.get(i);
            }
        }
        if (key != null && found != null) {
            CACHE.put(key, found);
        }
        return found;
    }

    /** Where two zones' offsets are compared for a year: noon UTC of every day, then a minute either side of each change. */
    static List<Instant> samples(int year, List<Instant> transitions) {
        List<Instant> samples = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            samples.add(d.atTime(12, 0).toInstant(ZoneOffset.UTC));
        }
        for (Instant t : transitions) {
            samples.add(t.minusSeconds(60));
            samples.add(t.plusSeconds(60));
        }
        return samples;
    }

    private static boolean matches(ZoneId z, List<Instant> samples, int[] expected, boolean[] loose) {
        var rules = z.getRules();
        for (int i = 0; i < expected.length; i++) {
            if (!loose[i] && rules.getOffset(samples.get(i)).getTotalSeconds() != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** The zone for an EAS struct: by its names if they match its rules, else by rules alone. */
    static ZoneId forStruct(TimeZoneStruct s, int year) {
        ZoneId hint = byName(s.standardName());
        if (hint == null) {
            hint = byName(s.daylightName());
        }
        List<Instant> tr = new ArrayList<>(s.transitions(year));
        ZoneId z = match(s.encode(), s::offsetSeconds, tr, year, hint);
        if (z == null) {
            // rules no IANA zone has: a fixed offset keeps the instants right, if not the DST shifts
            int off = s.offsetSeconds(LocalDate.of(year, 1, 15).atStartOfDay(ZoneOffset.UTC).toInstant());
            z = ZoneOffset.ofTotalSeconds(off);
        }
        return z;
    }
}
