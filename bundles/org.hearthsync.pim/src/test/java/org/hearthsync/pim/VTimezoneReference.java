package org.hearthsync.pim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VTimezone;
import biweekly.io.TimezoneAssignment;

/**
 * The tests' reference for a VTIMEZONE's offsets, computed by code Hearth did not write: python3-icalendar reads
 * the component and python3-dateutil expands its observances' RRULEs (with RDATEs, to 2100), in one long-running
 * {@code /usr/bin/python3} process. The mapper's own reading ({@code ObservanceOffsets}) is what this checks, so
 * it must not be the reference as well. Debian packages python3-icalendar and python3-dateutil (.ci/run installs them).
 */
public final class VTimezoneReference {
    private static final String SCRIPT = String.join("\n",
            "import sys, base64, datetime",
            "from datetime import timezone",
            "import icalendar, dateutil.rrule",
            "END = datetime.datetime(2101, 1, 1, tzinfo=timezone.utc)",
            "def onsets(c, frm):",
            "    start = c['DTSTART'].dt",
            "    aware = start.replace(tzinfo=timezone(frm))",
            "    out = [aware]",
            "    for rule in (c['RRULE'] if isinstance(c.get('RRULE'), list) else [c['RRULE']] if 'RRULE' in c else []):",
            "        text = rule.to_ical().decode()",
            "        try:",
            "            it, local = dateutil.rrule.rrulestr(text, dtstart=aware), False",
            "        except ValueError:",  // a floating UNTIL: iterate in local time
            "            it, local = dateutil.rrule.rrulestr(text, dtstart=start), True",
            "        for n, t in enumerate(it):",
            "            t = t.replace(tzinfo=timezone(frm)) if local else t",
            "            if t >= END or n > 1500: break",
            "            out.append(t)",
            "    for rd in (c['RDATE'] if isinstance(c.get('RDATE'), list) else [c['RDATE']] if 'RDATE' in c else []):",
            "        for d in rd.dts:",
            "            v = d.dt[0] if isinstance(d.dt, tuple) else d.dt",
            "            if isinstance(v, datetime.datetime):",
            "                out.append(v.replace(tzinfo=timezone(frm)) if v.tzinfo is None else v)",
            "    return out",
            "for line in sys.stdin:",
            "    try:",
            "        text, tzid = [base64.b64decode(x).decode('utf-8') for x in line.split()]",
            "        found = [z for z in icalendar.Calendar.from_ical(text).walk('VTIMEZONE') if str(z.get('TZID')) == tzid]",
            "        tr = {}",
            "        for c in (found[0].subcomponents if found else []):",
            "            if c.name not in ('STANDARD', 'DAYLIGHT') or 'DTSTART' not in c or 'TZOFFSETTO' not in c or 'TZOFFSETFROM' not in c:",
            "                continue",
            "            frm, to = c['TZOFFSETFROM'].td, c['TZOFFSETTO'].td",
            "            if not isinstance(c['DTSTART'].dt, datetime.datetime):",
            "                continue",
            "            for t in onsets(c, frm):",
            "                tr[int(t.timestamp())] = (int(frm.total_seconds()), int(to.total_seconds()))",
            "        if not tr:",
            "            print('NONE', flush=True)",
            "            continue",
            "        keys = sorted(tr)",
            "        print('OK', tr[keys[0]][0], ' '.join('%d:%d' % (k, tr[k][1]) for k in keys), flush=True)",
            "    except Exception as e:",
            "        print('ERR', repr(e).replace('\\n', ' '), flush=True)",
            "");
    private static final Map<String, VTimezoneReference> CACHE = new ConcurrentHashMap<>();
    private static final VTimezoneReference NONE = new VTimezoneReference(0, new TreeMap<>());
    private static Process python;
    private static BufferedReader answers;
    private static Writer questions;

    /** Onset (epoch seconds) to the offset from then on. */
    private final TreeMap<Long, Integer> onsets;
    private final int before;

    private VTimezoneReference(int before, TreeMap<Long, Integer> onsets) {
        this.before = before;
        this.onsets = onsets;
    }

    /** The reference for a VTIMEZONE (written out by biweekly); null when it has no observance that defines an offset. */
    public static VTimezoneReference of(VTimezone vtz) {
        if (vtz == null || vtz.getTimezoneId() == null || vtz.getTimezoneId().getValue() == null) {
            return null;
        }
        ICalendar cal = new ICalendar();
        cal.getTimezoneInfo().getTimezones().add(new TimezoneAssignment(java.util.TimeZone.getTimeZone("UTC"), vtz));
        return of(Biweekly.write(cal).go(), vtz.getTimezoneId().getValue());
    }

    /** The reference for the VTIMEZONE with {@code tzid} in an iCalendar text, read by python3-icalendar from the text itself. */
    public static VTimezoneReference of(String icalText, String tzid) {
        VTimezoneReference r = CACHE.computeIfAbsent(tzid + "\u0000" + icalText, k -> ask(icalText, tzid));
        return r == NONE ? null : r;
    }

    private static synchronized VTimezoneReference ask(String text, String tzid) {
        String answer;
        try {
            if (python == null) {
                start();
            }
            Base64.Encoder b64 = Base64.getEncoder();
            questions.write(b64.encodeToString(text.getBytes(StandardCharsets.UTF_8)) + " "
                    + b64.encodeToString(tzid.getBytes(StandardCharsets.UTF_8)) + "\n");
            questions.flush();
            answer = answers.readLine();
        } catch (IOException e) {
            throw new AssertionError("python3-icalendar reference: " + e, e);
        }
        if (answer == null) {
            throw new AssertionError("python3-icalendar reference ended");
        }
        if (answer.startsWith("NONE") || answer.startsWith("ERR")) {
            return NONE; // nothing it can read as offsets: the test side uses biweekly's zone then, as before
        }
        String[] parts = answer.split(" ");
        TreeMap<Long, Integer> onsets = new TreeMap<>();
        for (int i = 2; i < parts.length; i++) {
            String[] kv = parts[i].split(":");
            onsets.put(Long.parseLong(kv[0]), Integer.parseInt(kv[1]));
        }
        return new VTimezoneReference(Integer.parseInt(parts[1]), onsets);
    }

    private static void start() throws IOException {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import icalendar, dateutil.rrule").redirectErrorStream(true).start();
        boolean ok;
        try {
            ok = p.waitFor() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        if (!ok) {
            String msg = "the test reference for VTIMEZONE offsets needs /usr/bin/python3 with python3-icalendar and "
                    + "python3-dateutil (Debian packages; .ci/run installs them)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(msg);
            }
            org.junit.jupiter.api.Assumptions.abort(msg);
        }
        python = new ProcessBuilder("/usr/bin/python3", "-c", SCRIPT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        answers = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
        questions = new OutputStreamWriter(python.getOutputStream(), StandardCharsets.UTF_8);
    }

    public int offsetSeconds(Instant t) {
        Map.Entry<Long, Integer> e = onsets.floorEntry(t.getEpochSecond());
        return e == null ? before : e.getValue();
    }

    /** How many offset changes the VTIMEZONE has in [from, to). */
    public int changesBetween(Instant from, Instant to) {
        return onsets.subMap(from.getEpochSecond(), true, to.getEpochSecond(), false).size();
    }

    public LocalDateTime local(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.ofTotalSeconds(offsetSeconds(t)));
    }

    /**
     * The instant of a local time by RFC 5545 3.3.5: a time that occurs twice is the first of the two; a time in a gap
     * is read with the offset in force before the gap.
     */
    public Instant wall(LocalDateTime l) {
        // the offset before any change near l, then each change's offset: the first reading that holds wins
        long approx = l.toEpochSecond(ZoneOffset.UTC);
        Map.Entry<Long, Integer> prior = onsets.floorEntry(approx - 2 * 86_400);
        int previous = prior == null ? before : prior.getValue();
        Instant first = null;
        java.util.List<Integer> tried = new java.util.ArrayList<>();
        tried.add(previous);
        tried.addAll(onsets.subMap(approx - 2 * 86_400, true, approx + 2 * 86_400, true).values());
        for (int off : tried) {
            Instant t = l.toInstant(ZoneOffset.ofTotalSeconds(off));
            if (offsetSeconds(t) == off && (first == null || t.isBefore(first))) {
                first = t;
            }
        }
        if (first != null) {
            return first;
        }
        // in a gap: the change whose skipped local hours hold l, read with the offset before it
        int off = previous;
        for (Map.Entry<Long, Integer> e : onsets.subMap(approx - 2 * 86_400, true, approx + 2 * 86_400, true).entrySet()) {
            if (approx >= e.getKey() + off && approx < e.getKey() + e.getValue()) {
                return l.toInstant(ZoneOffset.ofTotalSeconds(off));
            }
            off = e.getValue();
        }
        return l.toInstant(ZoneOffset.ofTotalSeconds(previous));
    }
}
