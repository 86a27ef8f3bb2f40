package org.hearthsync.pim.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.hearthsync.pim.MappingException;
import org.hearthsync.pim.MappingOptions;
import org.hearthsync.pim.MergeResult;
import org.hearthsync.pim.PimClass;
import org.hearthsync.pim.PimMapper;
import org.hearthsync.wbxml.Element;

import biweekly.component.VAlarm;
import biweekly.component.VTodo;
import biweekly.parameter.Related;
import biweekly.property.DateDue;
import biweekly.property.DateOrDateTimeProperty;
import biweekly.property.DateStart;
import biweekly.property.ICalProperty;
import biweekly.property.RecurrenceRule;
import biweekly.property.Status;
import biweekly.property.Trigger;

/** MS-ASTASK tasks to and from a VTODO; see MAPPING.md. */
public final class TaskMapper implements PimMapper {
    private static final String NS = Eas.TASKS;
    static final String REGENERATE = "X-HEARTH-TASK-REGENERATE";
    static final String DEAD_OCCUR = "X-HEARTH-TASK-DEADOCCUR";

    @Override
    public PimClass pimClass() {
        return PimClass.TASKS;
    }

    @Override
    public String uid(String storedText) throws MappingException {
        List<VTodo> item = CalDoc.parse(storedText).item(VTodo.class);
        return item.isEmpty() ? null : CalDoc.uidOf(item.get(0));
    }

    private static VTodo todo(CalDoc doc) throws MappingException {
        List<VTodo> item = doc.item(VTodo.class);
        if (item.isEmpty()) {
            throw new MappingException("stored calendar object has no VTODO");
        }
        for (VTodo t : item) {
            if (t.getRecurrenceId() == null) {
                return t;
            }
        }
        return item.get(0);
    }

    /** The two EAS forms of a task date: the UTC instant and the local wall time written as if UTC. */
    record TaskDate(Instant utc, LocalDateTime local, boolean dateOnly) {
    }

    static TaskDate date(CalDoc doc, DateOrDateTimeProperty p, MappingOptions o) {
        CalDoc.Time t = doc.time(p, o.zone());
        if (t == null) {
            return null;
        }
        if (t.allDay()) {
            return new TaskDate(t.date().atStartOfDay(o.zone()).toInstant(), t.date().atStartOfDay(), true);
        }
        ZoneId z = t.zone() != null ? t.zone() : o.zone();
        return new TaskDate(t.instant(), LocalDateTime.ofInstant(t.instant(), z), false);
    }

    @Override
    public Element toEas(String storedText, MappingOptions o) throws MappingException {
        try {
            CalDoc doc = CalDoc.parse(storedText);
            VTodo t = todo(doc);
            Element data = Eas.applicationData();
            Bodies.write(data, description(t), o, NS);
            Eas.put(data, NS, "Subject", summary(t));
            data.addText(NS, "Importance", Integer.toString(importance(t)));
            TaskDate start = date(doc, t.getDateStart(), o);
            TaskDate due = date(doc, t.getDateDue(), o);
            if (start != null) {
                data.addText(NS, "UtcStartDate", EasDates.dashed(start.utc()));
                data.addText(NS, "StartDate", EasDates.dashedLocal(start.local()));
            }
            if (due != null) {
                data.addText(NS, "UtcDueDate", EasDates.dashed(due.utc()));
                data.addText(NS, "DueDate", EasDates.dashedLocal(due.local()));
            }
            Instant completed = completed(t);
            data.addText(NS, "Complete", isComplete(t) ? "1" : "0");
            if (isComplete(t) && completed != null) {
                data.addText(NS, "DateCompleted", EasDates.dashed(completed));
            }
            data.addText(NS, "Sensitivity", Integer.toString(CalDoc.sensitivity(t.getClassification())));
            Instant reminder = reminder(doc, t, o);
            data.addText(NS, "ReminderSet", reminder != null ? "1" : "0");
            if (reminder != null) {
                data.addText(NS, "ReminderTime", EasDates.dashed(reminder));
            }
            Eas.putList(data, NS, "Categories", "Category", CalDoc.categories(t));
            EasRecurrence rec = recurrence(doc, t, o);
            if (rec != null) {
                TaskDate base = start != null ? start : due;
                data.add(rec.write(NS, false, o.atLeast("14.0"), base.utc()));
            }
            return data;
        } catch (RuntimeException | AssertionError e) {
            throw new MappingException("cannot map VTODO to EAS: " + e, e);
        }
    }

    private static EasRecurrence recurrence(CalDoc doc, VTodo t, MappingOptions o) {
        RecurrenceRule rr = t.getRecurrenceRule();
        TaskDate base = date(doc, t.getDateStart() != null ? t.getDateStart() : t.getDateDue(), o);
        if (rr == null || rr.getValue() == null || base == null) {
            return null;
        }
        CalDoc.Time bt = doc.time(t.getDateStart() != null ? t.getDateStart() : t.getDateDue(), o.zone());
        ZoneId z = bt.zone() != null ? bt.zone() : o.zone();
        RecurrenceMapper.Mapped m = RecurrenceMapper.toEas(rr.getValue(), base.local(), z, base.dateOnly());
        if (m == null) {
            return null;
        }
        EasRecurrence e = m.eas();
        Integer regen = intOrNull(CalDoc.rawValue(t, REGENERATE));
        Integer dead = intOrNull(CalDoc.rawValue(t, DEAD_OCCUR));
        return new EasRecurrence(e.type(), e.interval(), e.occurrences(), e.until(), e.dayOfWeek(), e.dayOfMonth(),
                e.weekOfMonth(), e.monthOfYear(), e.firstDayOfWeek(), regen == null ? 0 : regen, dead == null ? 0 : dead);
    }

    private static Integer intOrNull(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** EAS Importance from PRIORITY: 1-4 high (2), 5 or none normal (1), 6-9 low (0). */
    static int importance(VTodo t) {
        Integer p = t.getPriority() == null ? null : t.getPriority().getValue();
        if (p == null || p == 0 || p == 5) {
            return 1;
        }
        return p < 5 ? 2 : 0;
    }

    static boolean isComplete(VTodo t) {
        return (t.getStatus() != null && t.getStatus().isCompleted()) || t.getCompleted() != null
                || (t.getPercentComplete() != null && Integer.valueOf(100).equals(t.getPercentComplete().getValue()));
    }

    private static Instant completed(VTodo t) {
        return t.getCompleted() == null || t.getCompleted().getValue() == null ? null
                : t.getCompleted().getValue().toInstant();
    }

    /** The alarm time: an absolute trigger, or one relative to DTSTART/DUE. */
    private static Instant reminder(CalDoc doc, VTodo t, MappingOptions o) {
        VAlarm a = reminderAlarm(t);
        if (a == null) {
            return null;
        }
        Trigger tr = a.getTrigger();
        if (tr.getDate() != null) {
            return tr.getDate().toInstant();
        }
        TaskDate base = date(doc, tr.getRelated() == Related.END ? t.getDateDue() : t.getDateStart() != null ? t.getDateStart()
                : t.getDateDue(), o);
        return base == null ? null : base.utc().plusMillis(tr.getDuration().toMillis());
    }

    private static VAlarm reminderAlarm(VTodo t) {
        for (VAlarm a : t.getAlarms()) {
            if (a.getTrigger() != null && (a.getTrigger().getDate() != null || a.getTrigger().getDuration() != null)) {
                return a;
            }
        }
        return null;
    }

    private static String summary(VTodo t) {
        return t.getSummary() == null ? null : t.getSummary().getValue();
    }

    private static String description(VTodo t) {
        return t.getDescription() == null || t.getDescription().getValue() == null ? null
                : Bodies.normalize(t.getDescription().getValue());
    }

    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        String x = s.replace("\r\n", "\n").strip();
        return x.isEmpty() ? null : x;
    }

    @Override
    public MergeResult fromEas(String storedText, Element data, MappingOptions o) throws MappingException {
        try {
            CalDoc doc;
            VTodo t;
            if (storedText == null) {
                doc = CalDoc.create();
                t = new VTodo();
                t.setUid(UUID.randomUUID().toString());
                doc.ical.addTodo(t);
            } else {
                doc = CalDoc.parse(storedText);
                t = todo(doc);
            }
            MergeLog log = new MergeLog();
            EasRecurrence recBefore = recurrence(doc, t, o);
            if (Eas.has(data, NS, "Subject") || o.supports("Subject")) {
                String phone = clean(Eas.text(data, NS, "Subject"));
                if (!Objects.equals(clean(summary(t)), phone)) {
                    t.setSummary(phone);
                    log.changed();
                }
            }
            Bodies.Body b = Bodies.read(data, NS);
            if (b != null && b.usable()) {
                String phone = b.text().isEmpty() ? null : b.text();
                if (!Objects.equals(description(t), phone)) {
                    t.setDescription(phone);
                    log.changed();
                }
            }
            Integer imp = Eas.integer(data, NS, "Importance");
            if (imp != null && imp != importance(t)) {
                t.setPriority(imp == 2 ? 1 : imp == 0 ? 9 : 5);
                log.changed();
            }
            mergeDate(doc, t, data, "StartDate", t.getDateStart(), o, log, true);
            mergeDate(doc, t, data, "DueDate", t.getDateDue(), o, log, false);
            mergeComplete(t, data, o, log);
            Integer sens = Eas.integer(data, NS, "Sensitivity");
            if (sens != null && sens != CalDoc.sensitivity(t.getClassification())) {
                t.setClassification(CalDoc.classFor(sens));
                log.changed();
            }
            mergeReminder(doc, t, data, o, log);
            if (Eas.has(data, NS, "Categories") || o.supports("Categories")) {
                List<String> phone = Eas.list(data, NS, "Categories", "Category");
                List<String> cur = CalDoc.categories(t);
                if (!(new HashSet<>(cur).equals(new HashSet<>(phone)) && cur.size() == phone.size())) {
                    CalDoc.setCategories(t, phone);
                    log.changed();
                }
            }
            mergeRecurrence(doc, t, data, recBefore, o, log);
            List<String> kept = kept(doc, t);
            if (storedText != null && !log.isChanged()) {
                return new MergeResult(storedText, Objects.toString(CalDoc.uidOf(t), ""), false, kept);
            }
            if (CalDoc.uidOf(t) == null) {
                t.setUid(UUID.randomUUID().toString());
            }
            Date now = Date.from(Instant.now(o.clock()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            t.setDateTimeStamp(now);
            t.setLastModified(now);
            return new MergeResult(doc.write(o.zone()), CalDoc.uidOf(t), true, kept);
        } catch (RuntimeException | AssertionError e) {
            throw new MappingException("cannot merge EAS task: " + e, e);
        }
    }

    /**
     * Whether a new task's local-midnight date is a date without a time. Phones send a date-only task as local midnight
     * with the UTC of that midnight in their zone (which is the user's, normally), some with midnight UTC, some with no
     * UTC at all. A UTC that is neither is a task due at midnight somewhere else (Evolution's task-4: 00:00 New York):
     * read as a date it would move by the difference of the zones.
     */
    private static boolean dateOnlyNew(LocalDateTime local, Instant utc, ZoneId userZone) {
        return utc == null || utc.equals(local.atZone(userZone).toInstant()) || utc.equals(local.toInstant(ZoneOffset.UTC));
    }

    private static void mergeDate(CalDoc doc, VTodo t, Element data, String name, DateOrDateTimeProperty p, MappingOptions o,
            MergeLog log, boolean start) throws MappingException {
        String utc = Eas.text(data, NS, "Utc" + name);
        String local = Eas.text(data, NS, name);
        if (utc == null && local == null) {
            if (p != null && o.supports("Utc" + name) && o.supports(name)) {
                if (start) {
                    t.setDateStart((DateStart) null);
                } else {
                    t.setDateDue((DateDue) null);
                }
                log.changed();
            }
            return;
        }
        TaskDate cur = date(doc, p, o);
        Instant phoneUtc = utc != null ? EasDates.parse("Tasks:Utc" + name, utc) : null;
        LocalDateTime phoneLocal = local != null ? EasDates.parseLocal("Tasks:" + name, local) : null;
        if (cur != null && (phoneUtc == null || phoneUtc.equals(cur.utc())) && (phoneLocal == null || phoneLocal.equals(cur.local()))) {
            return;
        }
        boolean dateOnly = phoneLocal != null && phoneLocal.toLocalTime().equals(LocalTime.MIDNIGHT)
                && (cur != null ? cur.dateOnly() : dateOnlyNew(phoneLocal, phoneUtc, o.zone()));
        DateOrDateTimeProperty prop = p;
        if (prop == null) {
            prop = start ? new DateStart(new Date()) : new DateDue(new Date());
            if (start) {
                t.setDateStart((DateStart) prop);
            } else {
                t.setDateDue((DateDue) prop);
            }
        }
        if (dateOnly) {
            doc.setTime(prop, null, phoneLocal.toLocalDate(), null);
        } else {
            Instant at = phoneUtc != null ? phoneUtc : phoneLocal.atZone(o.zone()).toInstant();
            CalDoc.Time ct = p == null ? null : doc.time(p, o.zone());
            ZoneId zone = ct != null && ct.zone() != null ? ct.zone() : null;
            if (zone == null && phoneUtc != null && phoneLocal != null) {
                zone = phoneOffsetZone(phoneUtc, phoneLocal, o.zone());
            }
            doc.setTime(prop, at, null, zone);
        }
        log.changed();
    }

    /**
     * A task date the phone wrote in another offset than the user's zone (local minus UTC differs, as for a task made
     * while travelling or one whose stored TZID named a zone elsewhere): stored in a fixed-offset zone ({@code Etc/GMT-8}
     * for +08:00), so the wall time the phone showed is kept along with the instant. Null when the user's zone agrees.
     */
    static ZoneId phoneOffsetZone(Instant utc, LocalDateTime local, ZoneId user) {
        long seconds = java.time.Duration.between(utc, local.toInstant(java.time.ZoneOffset.UTC)).getSeconds();
        if (Math.abs(seconds) > 18 * 3600 || user.getRules().getOffset(utc).getTotalSeconds() == seconds) {
            return null;
        }
        return VCalZone.fixed(java.time.ZoneOffset.ofTotalSeconds((int) seconds));
    }

    private static void mergeComplete(VTodo t, Element data, MappingOptions o, MergeLog log) throws MappingException {
        Integer complete = Eas.integer(data, NS, "Complete");
        if (complete == null) {
            return;
        }
        boolean phone = complete == 1;
        String when = Eas.text(data, NS, "DateCompleted");
        Instant phoneWhen = when == null || when.isBlank() ? null : EasDates.parse("Tasks:DateCompleted", when);
        if (phone == isComplete(t) && (!phone || phoneWhen == null || phoneWhen.equals(completed(t)))) {
            return;
        }
        if (phone) {
            t.setStatus(Status.completed());
            t.setCompleted(Date.from(phoneWhen != null ? phoneWhen : Instant.now(o.clock())));
            if (t.getPercentComplete() != null) {
                t.setPercentComplete(100);
            }
        } else {
            t.setStatus(Status.needsAction());
            t.setCompleted((biweekly.property.Completed) null);
            if (t.getPercentComplete() != null && Integer.valueOf(100).equals(t.getPercentComplete().getValue())) {
                t.setPercentComplete((biweekly.property.PercentComplete) null);
            }
        }
        log.changed();
    }

    private static void mergeReminder(CalDoc doc, VTodo t, Element data, MappingOptions o, MergeLog log) throws MappingException {
        Integer set = Eas.integer(data, NS, "ReminderSet");
        if (set == null && !o.supports("ReminderSet")) {
            return;
        }
        String time = Eas.text(data, NS, "ReminderTime");
        Instant phone = set != null && set == 1 && time != null && !time.isBlank() ? EasDates.parse("Tasks:ReminderTime", time) : null;
        Instant cur = reminder(doc, t, o);
        if (Objects.equals(phone, cur)) {
            return;
        }
        VAlarm a = reminderAlarm(t);
        if (phone == null) {
            if (a != null) {
                t.removeComponent(a);
                log.changed();
            }
            return;
        }
        if (a == null) {
            t.addAlarm(VAlarm.display(new Trigger(Date.from(phone)), "Reminder"));
        } else {
            a.setTrigger(new Trigger(Date.from(phone)));
        }
        log.changed();
    }

    private static void mergeRecurrence(CalDoc doc, VTodo t, Element data, EasRecurrence cur, MappingOptions o, MergeLog log)
            throws MappingException {
        Element pr = data.child(NS, "Recurrence").orElse(null);
        EasRecurrence phone = pr == null ? null : EasRecurrence.read(pr, NS);
        if (phone == null) {
            if (cur != null && o.supports("Recurrence")) {
                t.removeProperties(RecurrenceRule.class);
                log.changed();
            }
            return;
        }
        DateOrDateTimeProperty baseProp = t.getDateStart() != null ? t.getDateStart() : t.getDateDue();
        CalDoc.Time bt = doc.time(baseProp, o.zone());
        ZoneId z = bt != null && bt.zone() != null ? bt.zone() : o.zone();
        if (cur != null && cur.sameAs(phone, z)) {
            return;
        }
        t.removeProperties(RecurrenceRule.class);
        t.setRecurrenceRule(RecurrenceMapper.toRule(phone, z, bt == null || bt.allDay()));
        t.removeExperimentalProperties(REGENERATE);
        t.removeExperimentalProperties(DEAD_OCCUR);
        if (phone.regenerate() != null && phone.regenerate() != 0) {
            t.addExperimentalProperty(REGENERATE, phone.regenerate().toString());
        }
        if (phone.deadOccur() != null && phone.deadOccur() != 0) {
            t.addExperimentalProperty(DEAD_OCCUR, phone.deadOccur().toString());
        }
        log.changed();
    }

    private static List<String> kept(CalDoc doc, VTodo t) {
        Set<String> mapped = Set.of("SUMMARY", "DESCRIPTION", "PRIORITY", "DTSTART", "DUE", "STATUS", "COMPLETED", "CLASS",
                "CATEGORIES", "UID", "DTSTAMP", "LAST-MODIFIED", "RRULE", REGENERATE, DEAD_OCCUR);
        List<String> out = new ArrayList<>();
        for (ICalProperty p : t.getProperties().values()) {
            String n = CalDoc.propertyName(p);
            if (!mapped.contains(n)) {
                out.add(n);
            }
        }
        VAlarm a = reminderAlarm(t);
        for (VAlarm x : t.getAlarms()) {
            if (x != a) {
                out.add("VALARM");
            }
        }
        for (var c : doc.ical.getComponents().values()) {
            if (c != t) {
                out.add(c.getClass().getSimpleName().toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }

}
