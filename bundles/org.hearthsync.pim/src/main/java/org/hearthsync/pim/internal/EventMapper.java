package org.hearthsync.pim.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import biweekly.component.VEvent;
import biweekly.parameter.CalendarUserType;
import biweekly.parameter.ParticipationStatus;
import biweekly.parameter.Related;
import biweekly.parameter.ParticipationLevel;
import biweekly.property.Attendee;
import biweekly.property.DateEnd;
import biweekly.property.DateStart;
import biweekly.property.ExceptionDates;
import biweekly.property.ICalProperty;
import biweekly.property.Organizer;
import biweekly.property.RecurrenceId;
import biweekly.property.RecurrenceRule;
import biweekly.property.Status;
import biweekly.property.Trigger;
import biweekly.util.ICalDate;

/** MS-ASCAL appointments to and from a VEVENT series (master, overrides, EXDATEs); see MAPPING.md. */
public final class EventMapper implements PimMapper {
    private static final String CAL = Eas.CALENDAR;

    /** When and where an event is on the time line, as EAS sees it. */
    record Timing(boolean allDay, Instant start, Instant end, ZoneId zone, TimeZoneStruct own) {
        Timing(boolean allDay, Instant start, Instant end, ZoneId zone) {
            this(allDay, start, end, zone, null);
        }

        /**
         * The rules the phone gets for a year: the event's own VTIMEZONE's ({@code own}, for the start's year) where no
         * IANA zone has them (then {@code zone} is only the offset at the start), else the zone's.
         */
        TimeZoneStruct rules(int year) {
            return own != null && year == LocalDateTime.ofInstant(start, ZoneOffset.UTC).getYear() ? own : TimeZoneStruct.of(zone, year);
        }

        String struct() {
            return rules(LocalDateTime.ofInstant(start, ZoneOffset.UTC).getYear()).encode();
        }
    }

    /** A scalar EAS field; {@code absentKeeps}: a phone leaving it out changes nothing (it has a default). */
    record Field(String name, boolean absentKeeps, java.util.function.Function<VEvent, String> get, Setter set) {
    }

    @FunctionalInterface
    interface Setter {
        void set(VEvent e, String v) throws MappingException;
    }

    private static final List<Field> FIELDS = List.of(
            new Field("Subject", false, e -> e.getSummary() == null ? null : e.getSummary().getValue(),
                    (e, v) -> e.setSummary(v)),
            new Field("Location", false, e -> e.getLocation() == null ? null : e.getLocation().getValue(),
                    (e, v) -> e.setLocation(v)),
            new Field("Sensitivity", true, e -> Integer.toString(CalDoc.sensitivity(e.getClassification())),
                    (e, v) -> e.setClassification(v == null ? null : CalDoc.classFor(parseInt("Sensitivity", v)))),
            new Field("BusyStatus", true, e -> Integer.toString(busyStatus(e)), (e, v) -> setBusyStatus(e, v)),
            new Field("Reminder", false, e -> {
                VAlarm a = reminderAlarm(e);
                return a == null ? null : Long.toString(-a.getTrigger().getDuration().toMillis() / 60000);
            }, EventMapper::setReminder));

    @Override
    public PimClass pimClass() {
        return PimClass.CALENDAR;
    }

    @Override
    public String uid(String storedText) throws MappingException {
        List<VEvent> item = CalDoc.parse(storedText).item(VEvent.class);
        return item.isEmpty() ? null : CalDoc.uidOf(item.get(0));
    }

    // ---------------------------------------------------------------- toEas

    @Override
    public Element toEas(String storedText, MappingOptions o) throws MappingException {
        try {
            CalDoc doc = CalDoc.parse(storedText);
            List<VEvent> item = doc.item(VEvent.class);
            if (item.isEmpty()) {
                throw new MappingException("stored calendar object has no VEVENT");
            }
            VEvent master = master(item);
            Element data = Eas.applicationData();
            Timing t = timing(doc, master, o);
            if (t != null) {
                data.addText(CAL, "Timezone", t.struct());
                data.addText(CAL, "AllDayEvent", t.allDay() ? "1" : "0");
                data.addText(CAL, "StartTime", EasDates.compact(t.start()));
                data.addText(CAL, "EndTime", EasDates.compact(t.end()));
            }
            if (master.getDateTimeStamp() != null && master.getDateTimeStamp().getValue() != null) {
                data.addText(CAL, "DtStamp", EasDates.compact(master.getDateTimeStamp().getValue().toInstant()));
            }
            Eas.put(data, CAL, "UID", CalDoc.uidOf(master));
            putFields(data, master, null, o);
            Bodies.write(data, description(master), o, CAL);
            Eas.putList(data, CAL, "Categories", "Category", CalDoc.categories(master));
            organizerToEas(master, data);
            attendeesToEas(master, data, o);
            data.addText(CAL, "MeetingStatus", Integer.toString(meetingStatus(master, o)));
            if (t != null) {
                RecurrenceMapper.Mapped rec = recurrence(doc, master, t, o);
                if (rec != null) {
                    data.add(rec.eas().write(CAL, true, o.atLeast("14.0"), null));
                    exceptionsToEas(doc, master, item, t, o, data);
                }
            }
            return data;
        } catch (RuntimeException | AssertionError e) {
            throw new MappingException("cannot map VEVENT to EAS: " + e, e);
        }
    }

    private static VEvent master(List<VEvent> item) {
        for (VEvent e : item) {
            if (e.getRecurrenceId() == null) {
                return e;
            }
        }
        return item.get(0);
    }

    private static void putFields(Element data, VEvent e, VEvent master, MappingOptions o) {
        for (Field f : FIELDS) {
            String v = f.get().apply(e);
            if (master != null && Objects.equals(v, f.get().apply(master))) {
                continue; // an exception carries only what differs from the series
            }
            if (f.name().equals("Location") && o.atLeast("16.0")) {
                if (v != null && !v.isEmpty()) {
                    data.add(Eas.BASE, "Location").addText(Eas.BASE, "DisplayName", v);
                }
            } else {
                Eas.put(data, CAL, f.name(), v);
            }
        }
    }

    static Timing timing(CalDoc doc, VEvent e, MappingOptions o) {
        return timing(doc, e, o, null);
    }

    /** {@code seriesZone}: for an override, the zone of its series, which its UTC times are shown in. */
    static Timing timing(CalDoc doc, VEvent e, MappingOptions o, ZoneId seriesZone) {
        DateStart ds = e.getDateStart();
        CalDoc.Time s = doc.time(ds, o.zone());
        if (s == null) {
            return null;
        }
        // a UTC DTSTART recurs in UTC (RFC 5545 3.3.5): the phone gets the UTC struct, else its occurrences would follow
        // the user's DST; single UTC events keep the user's zone (nicer on the phone, same instants)
        ZoneId zone = s.zone() != null ? s.zone() : seriesZone != null ? seriesZone
                : !s.allDay() && e.getRecurrenceRule() != null ? ZoneOffset.UTC : o.zone();
        Instant start = s.allDay() ? s.date().atStartOfDay(zone).toInstant() : s.instant();
        Instant end;
        CalDoc.Time en = doc.time(e.getDateEnd(), zone);
        if (en != null) {
            end = s.allDay() ? (en.date() != null ? en.date() : LocalDate.ofInstant(en.instant(), zone)).atStartOfDay(zone).toInstant()
                    : en.instant();
        } else if (e.getDuration() != null && e.getDuration().getValue() != null) {
            long ms = e.getDuration().getValue().toMillis();
            end = s.allDay() ? s.date().plusDays(Math.max(1, ms / 86_400_000L)).atStartOfDay(zone).toInstant()
                    : start.plusMillis(ms);
        } else {
            end = s.allDay() ? s.date().plusDays(1).atStartOfDay(zone).toInstant() : start;
        }
        if (end.isBefore(start) || (s.allDay() && !end.isAfter(start))) {
            end = s.allDay() ? s.date().plusDays(1).atStartOfDay(zone).toInstant() : start; // an all-day event lasts a day at least
        }
        return new Timing(s.allDay(), start, end, zone, s.allDay() ? null : ownRules(doc, ds, zone, start));
    }

    /**
     * The struct form of the start's VTIMEZONE when its rules are not those of the zone it was matched to (no IANA zone
     * has them, or the file's rules differ from its TZID's, issue 17 C2/C8): null when they are, or when the struct
     * cannot express them (see {@link StructZones#of}; the zone's offset at the start is sent then).
     */
    private static TimeZoneStruct ownRules(CalDoc doc, DateStart ds, ZoneId zone, Instant start) {
        biweekly.io.TimezoneAssignment a = doc.tz().getTimezone(ds);
        if (a == null || a.getComponent() == null || !CalDoc.definesOffsets(a.getComponent())) {
            return null;
        }
        int year = LocalDateTime.ofInstant(start, ZoneOffset.UTC).getYear();
        String id = a.getComponent().getTimezoneId() == null ? null : a.getComponent().getTimezoneId().getValue();
        TimeZoneStruct own = StructZones.of(a.getComponent(), id, year);
        return own == null || StructZones.sameOffsets(own, TimeZoneStruct.of(zone, year), year) ? null : own;
    }

    private static RecurrenceMapper.Mapped recurrence(CalDoc doc, VEvent master, Timing t, MappingOptions o) {
        RecurrenceRule rr = master.getRecurrenceRule();
        if (rr == null || rr.getValue() == null) {
            return null;
        }
        return RecurrenceMapper.toEas(rr.getValue(), LocalDateTime.ofInstant(t.start(), t.zone()), t.zone(), t.allDay());
    }

    private static void exceptionsToEas(CalDoc doc, VEvent master, List<VEvent> item, Timing t, MappingOptions o, Element data) {
        Map<Instant, Element> out = new LinkedHashMap<>();
        Set<Instant> excluded = new HashSet<>(exdates(doc, master, t));
        for (Instant x : exdates(doc, master, t)) {
            Element ex = new Element(CAL, "Exception");
            ex.addText(CAL, "Deleted", "1");
            exceptionId(ex, x, o);
            out.putIfAbsent(x, ex);
        }
        for (VEvent ov : item) {
            if (ov == master || ov.getRecurrenceId() == null) {
                continue;
            }
            Instant rid = recurrenceInstant(doc, ov, t);
            if (excluded.contains(rid)) {
                // an EXDATE and an override on one date (Apple iCal, Evolution, Zimbra write both): the EXDATE wins
                // (RFC 5545 3.8.5.1 excludes the instance), so the phone gets a deleted occurrence, not the override
                continue;
            }
            Element ex = new Element(CAL, "Exception");
            if (ov.getStatus() != null && ov.getStatus().isCancelled()) {
                ex.addText(CAL, "Deleted", "1");
                exceptionId(ex, rid, o);
                out.put(rid, ex);
                continue;
            }
            exceptionId(ex, rid, o);
            Timing ot = timing(doc, ov, o, t.zone());
            if (ot != null) {
                ex.addText(CAL, "StartTime", EasDates.compact(ot.start()));
                ex.addText(CAL, "EndTime", EasDates.compact(ot.end()));
                if (ot.allDay() != t.allDay()) {
                    ex.addText(CAL, "AllDayEvent", ot.allDay() ? "1" : "0");
                }
            }
            putFields(ex, ov, master, o);
            String body = description(ov);
            if (!Objects.equals(body, description(master))) {
                Bodies.write(ex, body, o, CAL);
            }
            List<String> cats = CalDoc.categories(ov);
            if (!cats.equals(CalDoc.categories(master))) {
                Eas.putList(ex, CAL, "Categories", "Category", cats);
            }
            exceptionAttendeesToEas(ov, master, ex, o);
            out.put(rid, ex);
        }
        if (!out.isEmpty()) {
            Element exs = data.add(CAL, "Exceptions");
            out.values().forEach(exs::add);
        }
    }

    /**
     * Which occurrence an exception replaces: ExceptionStartTime up to 14.1, AirSyncBase:InstanceId from 16.0 on
     * (MS-ASCAL 2.2.2.21/2.2.2.23: 16.x has no ExceptionStartTime; MS-ASAIRS 2.2.2.25), both the original UTC start.
     */
    private static void exceptionId(Element ex, Instant x, MappingOptions o) {
        if (o.atLeast("16.0")) {
            ex.addText(Eas.BASE, "InstanceId", EasDates.compact(x));
        } else {
            ex.addText(CAL, "ExceptionStartTime", EasDates.compact(x));
        }
    }

    /** The occurrence an exception from the phone names (either form), or null. */
    static Instant exceptionId(Element ex) throws MappingException {
        String x = Eas.text(ex, CAL, "ExceptionStartTime");
        String field = "Calendar:ExceptionStartTime";
        if (x == null || x.isBlank()) {
            x = Eas.text(ex, Eas.BASE, "InstanceId");
            field = "AirSyncBase:InstanceId";
        }
        return x == null || x.isBlank() ? null : EasDates.parse(field, x);
    }

    private static List<Instant> exdates(CalDoc doc, VEvent master, Timing t) {
        List<Instant> out = new ArrayList<>();
        for (ExceptionDates ed : master.getExceptionDates()) {
            for (ICalDate d : ed.getValues()) {
                out.add(occurrenceInstant(doc.time(ed, d, t.zone()), t));
            }
        }
        return out;
    }

    private static Instant recurrenceInstant(CalDoc doc, VEvent ov, Timing t) {
        RecurrenceId rid = ov.getRecurrenceId();
        return occurrenceInstant(doc.time(rid, t.zone()), t);
    }

    /** An occurrence as EAS names it: all-day ones by their local midnight. */
    private static Instant occurrenceInstant(CalDoc.Time x, Timing t) {
        if (x.allDay() && !t.allDay()) {
            // a DATE EXDATE/RECURRENCE-ID on a date-time series names the occurrence on that day
            return x.date().atTime(LocalDateTime.ofInstant(t.start(), t.zone()).toLocalTime()).atZone(t.zone()).toInstant();
        }
        if (x.allDay()) {
            return x.date().atStartOfDay(t.zone()).toInstant();
        }
        if (t.allDay()) {
            // a date-time EXDATE/RECURRENCE-ID on an all-day series names the day it falls on
            LocalDate d = LocalDate.ofInstant(x.instant(), x.zone() != null ? x.zone() : ZoneOffset.UTC);
            return d.atStartOfDay(t.zone()).toInstant();
        }
        return x.instant();
    }

    private static String description(VEvent e) {
        return e.getDescription() == null ? null : Bodies.normalize(e.getDescription().getValue());
    }

    // BusyStatus: 0 free, 1 tentative, 2 busy, 3 out of office, 4 working elsewhere
    private static final String CDO_BUSY = "X-MICROSOFT-CDO-BUSYSTATUS";

    static int busyStatus(VEvent e) {
        String cdo = CalDoc.rawValue(e, CDO_BUSY);
        if (cdo != null) {
            switch (cdo.trim().toUpperCase(Locale.ROOT)) {
                case "FREE": return 0;
                case "TENTATIVE": return 1;
                case "OOF": return 3;
                case "WORKINGELSEWHERE": return 4;
                default: return 2;
            }
        }
        return e.getTransparency() != null && e.getTransparency().isTransparent() ? 0 : 2;
    }

    private static void setBusyStatus(VEvent e, String v) throws MappingException {
        if (v == null) {
            return;
        }
        int b = parseInt("BusyStatus", v);
        e.setTransparency(b == 0);
        boolean hadCdo = CalDoc.rawValue(e, CDO_BUSY) != null;
        e.removeExperimentalProperties(CDO_BUSY);
        if (hadCdo || b == 1 || b == 3 || b == 4) {
            e.addExperimentalProperty(CDO_BUSY, new String[] { "FREE", "TENTATIVE", "BUSY", "OOF", "WORKINGELSEWHERE" }[Math.min(4, Math.max(0, b))]);
        }
    }

    /** The alarm EAS's Reminder stands for: the first one relative to the start, at or before it. */
    static VAlarm reminderAlarm(VEvent e) {
        for (VAlarm a : e.getAlarms()) {
            Trigger t = a.getTrigger();
            if (t != null && t.getDuration() != null && (t.getRelated() == null || t.getRelated() == Related.START)
                    && t.getDuration().toMillis() <= 0) {
                return a;
            }
        }
        return null;
    }

    private static void setReminder(VEvent e, String v) throws MappingException {
        VAlarm a = reminderAlarm(e);
        if (v == null) {
            if (a != null) {
                e.removeComponent(a);
            }
            return;
        }
        int minutes = parseInt("Reminder", v);
        Trigger t = new Trigger(biweekly.util.Duration.builder().prior(minutes > 0).minutes(Math.abs(minutes)).build(), Related.START);
        if (a == null) {
            e.addAlarm(VAlarm.display(t, "Reminder"));
        } else {
            a.setTrigger(t);
        }
    }

    private static int parseInt(String field, String v) throws MappingException {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException ex) {
            throw Eas.wrong(CAL + ":" + field, v);
        }
    }

    private static void organizerToEas(VEvent e, Element data) {
        Organizer org = e.getOrganizer();
        if (org != null) {
            Eas.put(data, CAL, "OrganizerName", org.getCommonName());
            Eas.put(data, CAL, "OrganizerEmail", org.getEmail());
        }
    }

    private static void attendeesToEas(VEvent e, Element data, MappingOptions o) {
        List<Attendee> list = e.getAttendees().stream().filter(a -> a.getEmail() != null && !a.getEmail().isBlank()).toList();
        if (list.isEmpty()) {
            return;
        }
        Element as = data.add(CAL, "Attendees");
        for (Attendee a : list) {
            Element x = as.add(CAL, "Attendee");
            x.addText(CAL, "Email", address(a.getEmail()));
            x.addText(CAL, "Name", clean(a.getCommonName()) != null ? clean(a.getCommonName()) : address(a.getEmail()));
            if (o.atLeast("12.0")) {
                x.addText(CAL, "AttendeeStatus", Integer.toString(attendeeStatus(a)));
                x.addText(CAL, "AttendeeType", Integer.toString(attendeeType(a)));
            }
        }
    }

    /**
     * An address as sent to the phone: without blanks, which no address has but a broken line folding leaves in
     * ({@code mailto:hcabot@\r\n  example.com}); the stored value is left as it is.
     */
    static String address(String email) {
        return email == null ? null : email.replaceAll("\\s+", "");
    }

    /** What identifies an attendee across the phone and the store. */
    static String emailKey(String email) {
        return address(email).toLowerCase(Locale.ROOT);
    }

    /**
     * MS-ASCAL AttendeeStatus of an attendee, by the PARTSTAT's value: vCalendar 1.0's STATUS values arrive as
     * objects of their own (and {@code NEEDS ACTION} with a space), so comparing objects read a 1.0 attendee's
     * TENTATIVE or CONFIRMED as unknown (0) and its rewrite as 2.0 then said something else.
     */
    static int attendeeStatus(Attendee a) {
        ParticipationStatus p = a.getParticipationStatus();
        if (p == null || p.getValue() == null) {
            return 0;
        }
        switch (p.getValue().strip().toUpperCase(Locale.ROOT).replace(' ', '-').replace('_', '-')) {
            case "ACCEPTED":
            case "CONFIRMED": // vCalendar 1.0: the attendee confirmed
                return 3;
            case "TENTATIVE":
                return 2;
            case "DECLINED":
                return 4;
            case "NEEDS-ACTION":
            case "SENT": // vCalendar 1.0: invited, no answer yet
                return 5;
            default:
                return 0;
        }
    }

    static int attendeeType(Attendee a) {
        if (a.getCalendarUserType() == CalendarUserType.RESOURCE || a.getCalendarUserType() == CalendarUserType.ROOM) {
            return 3;
        }
        return a.getParticipationLevel() == ParticipationLevel.OPTIONAL || a.getParticipationLevel() == ParticipationLevel.FYI ? 2 : 1;
    }

    /** 0 appointment, 1 meeting the user organizes, 3 meeting received; +4 when cancelled. */
    static int meetingStatus(VEvent e, MappingOptions o) {
        if (e.getAttendees().stream().noneMatch(a -> a.getEmail() != null && !a.getEmail().isBlank())) {
            return 0;
        }
        boolean cancelled = e.getStatus() != null && e.getStatus().isCancelled();
        Organizer org = e.getOrganizer();
        boolean mine = org == null || org.getEmail() == null || o.isOwner(org.getEmail());
        return (mine ? 1 : 3) + (cancelled ? 4 : 0);
    }

    // ---------------------------------------------------------------- fromEas

    @Override
    public MergeResult fromEas(String storedText, Element data, MappingOptions o) throws MappingException {
        try {
            CalDoc doc;
            VEvent master;
            List<VEvent> item;
            if (storedText == null) {
                doc = CalDoc.create();
                master = new VEvent();
                String uid = Eas.text(data, CAL, "UID");
                if (uid == null || uid.isBlank()) {
                    uid = Eas.text(data, CAL, "ClientUid");
                }
                master.setUid(uid == null || uid.isBlank() ? UUID.randomUUID().toString() : uid.trim());
                master.setDateTimeStamp(Date.from(Instant.now(o.clock())));
                doc.ical.addEvent(master);
                item = new ArrayList<>(List.of(master));
            } else {
                doc = CalDoc.parse(storedText);
                item = doc.item(VEvent.class);
                if (item.isEmpty()) {
                    throw new MappingException("stored calendar object has no VEVENT");
                }
                master = master(item);
            }
            MergeLog log = new MergeLog();
            Timing before = timing(doc, master, o);
            RecurrenceMapper.Mapped recBefore = before == null ? null : recurrence(doc, master, before, o);
            mergeTiming(doc, master, data, before, o, log);
            Timing t = timing(doc, master, o);
            mergeFields(master, data, null, o, log);
            mergeBody(master, data, null, false, log);
            mergeCategories(master, data, null, o, log);
            mergeOrganizer(master, data, log);
            mergeAttendees(master, data, log);
            mergeMeetingStatus(master, data, o, log);
            if (t != null) {
                MergeLog recLog = new MergeLog();
                boolean recurs = mergeRecurrence(doc, master, item, data, t, recBefore, o, recLog);
                if (recLog.isChanged()) {
                    log.changed();
                }
                if (recurs && data.child(CAL, "Exceptions").isPresent()) {
                    mergeExceptions(doc, master, item, data, t, o, log);
                } else if (recurs && o.atLeast("16.0") && (recLog.isChanged() || moved(before, t))) {
                    // MS-ASCAL 2.2.2.22: in 16.x changing the pattern or the series' start/end deletes the exceptions
                    // (the phone dropped them; kept, they would name no occurrence)
                    dropExceptions(doc, master, item, log);
                }
            }
            List<String> kept = kept(doc, master, item, t, o);
            if (CalDoc.uidOf(master) == null && log.isChanged()) {
                master.setUid(UUID.randomUUID().toString()); // RFC 5545 requires one
            }
            if (storedText != null && !log.isChanged()) {
                return new MergeResult(storedText, Objects.toString(CalDoc.uidOf(master), ""), false, kept);
            }
            Date now = Date.from(Instant.now(o.clock()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            master.setDateTimeStamp(now);
            if (storedText != null) {
                master.setLastModified(now);
            }
            return new MergeResult(doc.write(o.zone()), CalDoc.uidOf(master), true, kept);
        } catch (RuntimeException | AssertionError e) {
            throw new MappingException("cannot merge EAS appointment: " + e, e);
        }
    }

    private static void mergeTiming(CalDoc doc, VEvent e, Element data, Timing cur, MappingOptions o, MergeLog log)
            throws MappingException {
        String st = Eas.text(data, CAL, "StartTime");
        if (st == null || st.isBlank()) {
            return; // no time from the phone: keep the stored one
        }
        Instant start = EasDates.parse("Calendar:StartTime", st);
        String et = Eas.text(data, CAL, "EndTime");
        Instant end = et == null || et.isBlank() ? start : EasDates.parse("Calendar:EndTime", et);
        boolean allDay = "1".equals(trim(Eas.text(data, CAL, "AllDayEvent")));
        String tzText = Eas.text(data, CAL, "Timezone");
        TimeZoneStruct phoneTz = tzText == null || tzText.isBlank() ? null : TimeZoneStruct.decode(tzText);
        int year = LocalDateTime.ofInstant(start, ZoneOffset.UTC).getYear();
        ZoneId zone;
        // a zone only rules name (the event's own VTIMEZONE's, or the phone's): its local times are written with them
        biweekly.io.TimezoneAssignment custom = null;
        if (cur != null && (phoneTz == null || phoneTz.sameRules(cur.rules(year)))) {
            zone = cur.zone();
            if (cur.own() != null) {
                custom = new biweekly.io.TimezoneAssignment(StructZones.javaZone(cur.own(), StructZones.tzid(cur.own())),
                        doc.tz().getTimezone(e.getDateStart()).getComponent());
            }
        } else if (phoneTz != null) {
            zone = ZoneMatcher.forStruct(phoneTz, year);
            if (zone instanceof ZoneOffset) {
                custom = phoneZone(doc, phoneTz, year); // no IANA zone has the phone's rules: a VTIMEZONE with them
            }
        } else {
            zone = o.zone();
        }
        if (cur != null && cur.allDay() == allDay && cur.start().equals(start) && cur.end().equals(end) && cur.zone().equals(zone)) {
            return;
        }
        if (allDay) {
            LocalDate sd = nearestDate(start, zone);
            LocalDate ed = nearestDate(end, zone);
            if (!ed.isAfter(sd)) {
                ed = sd.plusDays(1);
            }
            if (cur != null && cur.allDay() && cur.start().equals(sd.atStartOfDay(cur.zone()).toInstant())
                    && cur.end().equals(ed.atStartOfDay(cur.zone()).toInstant())) {
                return;
            }
            setStartEnd(doc, e, sd.atStartOfDay(zone).toInstant(), ed.atStartOfDay(zone).toInstant(), sd, ed, zone);
        } else {
            setStartEnd(doc, e, start, end, null, null, zone, custom);
        }
        log.changed();
    }

    /**
     * The phone's zone as a VTIMEZONE of the object: one it has under the struct's name with the same rules, else a new
     * one under a TZID no other VTIMEZONE of the object has (the name, then "name (2)", "name (3)" ...), so a phone's
     * zone called like the event's own but with other rules never makes two VTIMEZONEs with one TZID. Null when the
     * struct cannot be one ({@link StructZones#assignment}).
     */
    private static biweekly.io.TimezoneAssignment phoneZone(CalDoc doc, TimeZoneStruct phone, int year) {
        biweekly.io.TimezoneAssignment made = StructZones.assignment(phone);
        if (made == null) {
            return null;
        }
        String base = made.getComponent().getTimezoneId().getValue();
        String id = base;
        for (int n = 2;; n++) {
            boolean taken = false;
            for (biweekly.io.TimezoneAssignment a : doc.tz().getTimezones()) {
                biweekly.component.VTimezone c = a.getComponent();
                if (c == null || c.getTimezoneId() == null || !id.equals(c.getTimezoneId().getValue())) {
                    continue;
                }
                TimeZoneStruct theirs = StructZones.of(c, id, year);
                if (theirs != null && theirs.sameRules(phone)) {
                    return a; // the object's own zone: reused
                }
                taken = true;
            }
            if (!taken) {
                break;
            }
            id = base + " (" + n + ")";
        }
        if (id.equals(base)) {
            return made;
        }
        made.getComponent().setTimezoneId(id);
        return new biweekly.io.TimezoneAssignment(StructZones.javaZone(phone, id), made.getComponent());
    }

    private static LocalDate nearestDate(Instant t, ZoneId zone) {
        return LocalDateTime.ofInstant(t, zone).plusHours(12).toLocalDate();
    }

    private static void setStartEnd(CalDoc doc, VEvent e, Instant start, Instant end, LocalDate sd, LocalDate ed, ZoneId zone) {
        setStartEnd(doc, e, start, end, sd, ed, zone, null);
    }

    /** {@code custom}: the assignment to write date-times with instead of {@code zone}'s (null: the zone's). */
    private static void setStartEnd(CalDoc doc, VEvent e, Instant start, Instant end, LocalDate sd, LocalDate ed, ZoneId zone,
            biweekly.io.TimezoneAssignment custom) {
        DateStart ds = e.getDateStart();
        if (ds == null) {
            ds = new DateStart(new Date());
            e.setDateStart(ds);
        }
        setTime(doc, ds, start, sd, zone, custom);
        if (e.getDuration() != null && e.getDateEnd() == null) {
            e.setDuration(biweekly.util.Duration.fromMillis(Duration.between(start, end).toMillis()));
            return;
        }
        DateEnd de = e.getDateEnd();
        if (de == null) {
            de = new DateEnd(new Date());
            e.setDateEnd(de);
        }
        setTime(doc, de, end, ed, zone, custom);
    }

    private static void setTime(CalDoc doc, biweekly.property.DateOrDateTimeProperty p, Instant t, LocalDate date, ZoneId zone,
            biweekly.io.TimezoneAssignment custom) {
        if (custom != null && date == null) {
            doc.setTime(p, t, custom);
        } else {
            doc.setTime(p, t, date, zone);
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = s.replace("\r\n", "\n").strip();
        return t.isEmpty() ? null : t;
    }

    /** Scalar fields; for an exception ({@code master != null}) a missing field means "as the series". */
    private static void mergeFields(VEvent e, Element data, VEvent master, MappingOptions o, MergeLog log) throws MappingException {
        for (Field f : FIELDS) {
            boolean present;
            String phone;
            if (f.name().equals("Location") && data.child(Eas.BASE, "Location").isPresent()) {
                present = true;
                phone = data.child(Eas.BASE, "Location").get().child(Eas.BASE, "DisplayName").map(Eas::textOf).orElse(null);
            } else {
                present = Eas.has(data, CAL, f.name());
                phone = present ? Eas.text(data, CAL, f.name()) : null;
            }
            if (!present) {
                if (master != null) {
                    if (f.get().apply(e) == null) {
                        continue; // an override without the property was sent without it (inheriting): unchanged
                    }
                    phone = f.get().apply(master);
                } else if (f.absentKeeps() || !o.supports(f.name())) {
                    continue;
                }
            }
            if (!Objects.equals(clean(f.get().apply(e)), clean(phone))) {
                f.set().set(e, clean(phone));
                log.changed();
            }
        }
    }

    /** {@code created}: an override the phone just added, which takes the series' body when it sends none. */
    private static void mergeBody(VEvent e, Element data, VEvent master, boolean created, MergeLog log) throws MappingException {
        Bodies.Body b = Bodies.read(data, CAL);
        String phone;
        if (b == null) {
            if (master == null || !created) {
                // phones leave the body out when it did not change; an override without a DESCRIPTION of its own
                // is sent without one too (EAS cannot say "none" for an exception), so absent keeps it as it is
                return;
            }
            phone = description(master);
        } else if (!b.usable()) {
            return;
        } else {
            phone = b.text();
        }
        phone = phone == null || phone.isEmpty() ? null : phone;
        String cur = description(e);
        if (!Objects.equals(cur == null || cur.isEmpty() ? null : cur, phone)) {
            e.setDescription(phone);
            log.changed();
        }
    }

    private static void mergeCategories(VEvent e, Element data, VEvent master, MappingOptions o, MergeLog log) {
        List<String> phone;
        if (Eas.has(data, CAL, "Categories")) {
            phone = Eas.list(data, CAL, "Categories", "Category");
        } else if (master != null) {
            phone = CalDoc.categories(master);
        } else if (o.supports("Categories")) {
            phone = List.of();
        } else {
            return;
        }
        List<String> cur = CalDoc.categories(e);
        if (!(new HashSet<>(cur).equals(new HashSet<>(phone)) && cur.size() == phone.size())) {
            CalDoc.setCategories(e, phone);
            log.changed();
        }
    }

    private static void mergeOrganizer(VEvent e, Element data, MergeLog log) {
        String email = clean(Eas.text(data, CAL, "OrganizerEmail"));
        String name = clean(Eas.text(data, CAL, "OrganizerName"));
        Organizer org = e.getOrganizer();
        if (email == null) {
            // phones omit the organizer of appointments: keep the stored one. A name alone is what an organizer without
            // a mailto address (CN=...:that, python-icalendar's files) gives the phone, so it is kept where there is no
            // organizer with an address to keep: else a new object made from the fields would lose it
            if (name != null && (org == null || (org.getEmail() == null && !name.equals(org.getCommonName())))) {
                if (org == null) {
                    e.setOrganizer(new Organizer(name, null));
                } else {
                    org.setCommonName(name);
                }
                log.changed();
            }
            return;
        }
        if (org == null || !email.equalsIgnoreCase(org.getEmail() == null ? "" : org.getEmail())) {
            e.setOrganizer(new Organizer(name, email));
            log.changed();
        } else if (name != null && !name.equals(org.getCommonName())) {
            org.setCommonName(name);
            log.changed();
        }
    }

    private static void mergeAttendees(VEvent e, Element data, MergeLog log) throws MappingException {
        Element list = data.child(CAL, "Attendees").orElse(null);
        if (list == null) {
            return; // kept: see MAPPING.md
        }
        Map<String, Element> phone = new LinkedHashMap<>();
        for (Element a : list.children(CAL, "Attendee")) {
            String email = clean(Eas.text(a, CAL, "Email"));
            if (email != null) {
                phone.put(emailKey(email), a);
            }
        }
        Set<String> seen = new HashSet<>();
        for (Attendee a : new ArrayList<>(e.getAttendees())) {
            if (a.getEmail() == null || a.getEmail().isBlank()) {
                continue; // not representable in EAS: kept
            }
            String key = emailKey(a.getEmail());
            Element p = phone.get(key);
            if (p == null) {
                e.removeProperty(a);
                log.changed();
                continue;
            }
            seen.add(key);
            updateAttendee(a, p, log);
        }
        for (Map.Entry<String, Element> en : phone.entrySet()) {
            if (!seen.contains(en.getKey())) {
                Element p = en.getValue();
                Attendee a = new Attendee(clean(Eas.text(p, CAL, "Name")), clean(Eas.text(p, CAL, "Email")));
                updateAttendee(a, p, new MergeLog());
                e.addAttendee(a);
                log.changed();
            }
        }
    }

    private static void updateAttendee(Attendee a, Element p, MergeLog log) throws MappingException {
        String name = clean(Eas.text(p, CAL, "Name"));
        if (name != null && !name.equals(clean(a.getCommonName())) && !emailKey(name).equals(emailKey(a.getEmail()))) {
            a.setCommonName(name);
            log.changed();
        }
        Integer status = Eas.integer(p, CAL, "AttendeeStatus");
        if (status != null && status != attendeeStatus(a)) {
            a.setParticipationStatus(status == 2 ? ParticipationStatus.TENTATIVE : status == 3 ? ParticipationStatus.ACCEPTED
                    : status == 4 ? ParticipationStatus.DECLINED : status == 5 ? ParticipationStatus.NEEDS_ACTION : null);
            log.changed();
        }
        Integer type = Eas.integer(p, CAL, "AttendeeType");
        if (type != null && type != attendeeType(a)) {
            if (type == 3) {
                a.setCalendarUserType(CalendarUserType.RESOURCE);
            } else {
                a.setParticipationLevel(type == 2 ? ParticipationLevel.OPTIONAL : ParticipationLevel.REQUIRED);
            }
            log.changed();
        }
    }

    private static void mergeMeetingStatus(VEvent e, Element data, MappingOptions o, MergeLog log) throws MappingException {
        Integer phone = Eas.integer(data, CAL, "MeetingStatus");
        if (phone == null || phone == meetingStatus(e, o)) {
            return;
        }
        boolean cancelled = (phone & 4) != 0;
        boolean cur = e.getStatus() != null && e.getStatus().isCancelled();
        if (cancelled != cur && !e.getAttendees().isEmpty()) {
            e.setStatus(cancelled ? Status.cancelled() : Status.confirmed());
            log.changed();
        }
    }

    /** @return whether the event recurs after the merge */
    private static boolean mergeRecurrence(CalDoc doc, VEvent master, List<VEvent> item, Element data, Timing t,
            RecurrenceMapper.Mapped before, MappingOptions o, MergeLog log) throws MappingException {
        Element pr = data.child(CAL, "Recurrence").orElse(null);
        EasRecurrence phone = pr == null ? null : EasRecurrence.read(pr, CAL);
        EasRecurrence cur = before == null ? null : before.eas();
        if (phone == null) {
            if (cur == null || !o.supports("Recurrence")) {
                return master.getRecurrenceRule() != null;
            }
            master.removeProperties(RecurrenceRule.class);
            master.removeProperties(ExceptionDates.class);
            for (VEvent ov : item) {
                if (ov != master) {
                    doc.ical.removeComponent(ov);
                }
            }
            log.changed();
            return false;
        }
        if (cur != null && cur.sameAs(phone, t.zone())) {
            return true; // the stored RRULE stands, even where EAS only approximates it
        }
        master.removeProperties(RecurrenceRule.class);
        master.setRecurrenceRule(RecurrenceMapper.toRule(phone, t.zone(), t.allDay()));
        log.changed();
        return true;
    }

    private static void mergeExceptions(CalDoc doc, VEvent master, List<VEvent> item, Element data, Timing t,
            MappingOptions o, MergeLog log) throws MappingException {
        Map<Instant, Element> phone = new LinkedHashMap<>();
        for (Element ex : data.child(CAL, "Exceptions").get().children(CAL, "Exception")) {
            Instant x = exceptionId(ex);
            if (x != null) {
                phone.put(x, ex);
            }
        }
        // EXDATEs the phone no longer has
        for (ExceptionDates ed : new ArrayList<>(master.getExceptionDates())) {
            for (ICalDate d : new ArrayList<>(ed.getValues())) {
                Instant x = occurrenceInstant(doc.time(ed, d, t.zone()), t);
                Element p = phone.get(x);
                if (p == null || !"1".equals(trim(Eas.text(p, CAL, "Deleted")))) {
                    ed.getValues().remove(d);
                    log.changed();
                }
            }
            if (ed.getValues().isEmpty()) {
                master.removeProperty(ed);
            }
        }
        Map<Instant, VEvent> overrides = new LinkedHashMap<>();
        for (VEvent ov : item) {
            if (ov != master && ov.getRecurrenceId() != null) {
                overrides.put(recurrenceInstant(doc, ov, t), ov);
            }
        }
        Set<Instant> exdates = new HashSet<>(exdates(doc, master, t));
        for (Map.Entry<Instant, VEvent> en : overrides.entrySet()) {
            Element p = phone.get(en.getKey());
            boolean cancelled = en.getValue().getStatus() != null && en.getValue().getStatus().isCancelled();
            boolean hidden = exdates.contains(en.getKey()); // behind an EXDATE: the phone saw a deleted occurrence
            if (p == null || ("1".equals(trim(Eas.text(p, CAL, "Deleted"))) && !cancelled && !hidden)) {
                doc.ical.removeComponent(en.getValue());
                log.changed();
            }
        }
        for (Map.Entry<Instant, Element> en : phone.entrySet()) {
            Instant x = en.getKey();
            Element p = en.getValue();
            VEvent ov = overrides.get(x);
            if ("1".equals(trim(Eas.text(p, CAL, "Deleted")))) {
                boolean cancelledOverride = ov != null && ov.getStatus() != null && ov.getStatus().isCancelled();
                if (!exdates.contains(x) && !cancelledOverride) {
                    ExceptionDates ed = new ExceptionDates();
                    ICalDate d = t.allDay() ? CalDoc.dateValue(nearestDate(x, t.zone())) : new ICalDate(Date.from(x), true);
                    ed.getValues().add(d);
                    master.addExceptionDates(ed);
                    if (!t.allDay()) {
                        doc.tz().setTimezone(ed, doc.tz().getTimezone(master.getDateStart()));
                    }
                    log.changed();
                }
                continue;
            }
            boolean created = ov == null || !doc.ical.getEvents().contains(ov);
            if (created) {
                ov = new VEvent();
                ov.setUid(CalDoc.uidOf(master));
                ov.setDateTimeStamp(Date.from(Instant.now(o.clock())));
                RecurrenceId rid = new RecurrenceId(new Date());
                ov.setRecurrenceId(rid);
                // a series in a zone only its VTIMEZONE defines: the override is written with that VTIMEZONE too
                // (t.zone() is then only the offset at the series' start)
                biweekly.io.TimezoneAssignment series = t.own() == null ? null : doc.tz().getTimezone(master.getDateStart());
                Duration len = Duration.between(t.start(), t.end());
                if (series != null) {
                    doc.setTime(rid, x, series);
                    setStartEnd(doc, ov, x, x.plus(len), null, null, t.zone(), series);
                } else {
                    doc.setTime(rid, x, t.allDay() ? nearestDate(x, t.zone()) : null, t.zone());
                    setStartEnd(doc, ov, x, x.plus(len), t.allDay() ? nearestDate(x, t.zone()) : null,
                            t.allDay() ? nearestDate(x.plus(len), t.zone()) : null, t.zone());
                }
                // an override is a whole instance (RFC 5545 3.8.4.4): a meeting's carries its organizer and attendees
                if (master.getOrganizer() != null) {
                    ov.setOrganizer((Organizer) master.getOrganizer().copy());
                }
                for (Attendee a : master.getAttendees()) {
                    ov.addAttendee((Attendee) a.copy());
                }
                doc.ical.addEvent(ov);
                log.changed();
            }
            Timing ot = timing(doc, ov, o, t.zone());
            Element withTime = p;
            if (Eas.text(p, CAL, "StartTime") != null && Eas.text(p, CAL, "Timezone") == null) {
                withTime = EasTreesCopy.withTimezone(p, t.struct());
            }
            if (Eas.text(p, CAL, "AllDayEvent") == null && Eas.text(p, CAL, "StartTime") != null) {
                withTime = EasTreesCopy.withText(withTime, CAL, "AllDayEvent", t.allDay() ? "1" : "0");
            }
            mergeTiming(doc, ov, withTime, ot, o, log);
            mergeFields(ov, p, master, o, log);
            mergeBody(ov, p, master, created, log);
            mergeCategories(ov, p, master, o, log);
            if (o.atLeast("14.0")) {
                mergeAttendees(ov, p, log); // absent: as they are (MS-ASCAL 2.2.2.4: the series' when the override has none)
            }
        }
    }

    /**
     * The attendees of an override (MS-ASCAL 2.2.2.4, 14.0 and later): sent only when they differ from the series'
     * (an Exception without Attendees has the series' attendees), so also not for an override without ATTENDEE.
     */
    private static void exceptionAttendeesToEas(VEvent ov, VEvent master, Element ex, MappingOptions o) {
        if (!o.atLeast("14.0") || ov.getAttendees().isEmpty()) {
            return;
        }
        Element mine = new Element(CAL, "x");
        attendeesToEas(ov, mine, o);
        Element series = new Element(CAL, "x");
        attendeesToEas(master, series, o);
        Element list = mine.child(CAL, "Attendees").orElse(null);
        if (list != null && !attendeeSet(list).equals(series.child(CAL, "Attendees").map(EventMapper::attendeeSet).orElse(Set.of()))) {
            ex.add(list);
        }
    }

    /** Attendees as a set (order is not meaningful): address key, name, status, type. */
    private static Set<String> attendeeSet(Element list) {
        Set<String> out = new HashSet<>();
        for (Element a : list.children(CAL, "Attendee")) {
            out.add(emailKey(Objects.toString(Eas.text(a, CAL, "Email"), "")) + "|" + Eas.text(a, CAL, "Name") + "|"
                    + Eas.text(a, CAL, "AttendeeStatus") + "|" + Eas.text(a, CAL, "AttendeeType"));
        }
        return out;
    }

    /** Whether the series' start, end or all-day flag changed (a zone with other rules for the same instants is no move). */
    private static boolean moved(Timing before, Timing after) {
        return before == null || before.allDay() != after.allDay() || !before.start().equals(after.start())
                || !before.end().equals(after.end());
    }

    private static void dropExceptions(CalDoc doc, VEvent master, List<VEvent> item, MergeLog log) {
        if (!master.getExceptionDates().isEmpty()) {
            master.removeProperties(ExceptionDates.class);
            log.changed();
        }
        for (VEvent ov : item) {
            if (ov != master && ov.getRecurrenceId() != null) {
                doc.ical.removeComponent(ov);
                log.changed();
            }
        }
    }

    // ---------------------------------------------------------------- EAS 16 instance edits

    /**
     * A 16.x Sync Change with InstanceId: the phone's fields for one occurrence are merged onto the exception EAS
     * has for it (the override's fields, or the series' for a plain occurrence), so a field the phone leaves out
     * stays as it was, and the result goes through the Exceptions merge (an override is created or updated).
     */
    public static MergeResult changeInstance(String stored, String instanceId, Element phone, MappingOptions o) throws MappingException {
        return editInstance(stored, instanceId, phone, o);
    }

    /** A 16.x Sync Delete with InstanceId: that occurrence is deleted (EXDATE; an override of it goes). */
    public static MergeResult deleteInstance(String stored, String instanceId, MappingOptions o) throws MappingException {
        return editInstance(stored, instanceId, null, o);
    }

    private static MergeResult editInstance(String stored, String instanceId, Element phone, MappingOptions o) throws MappingException {
        if (stored == null) {
            throw new MappingException("an occurrence edit needs the stored series");
        }
        if (instanceId == null || instanceId.isBlank()) {
            throw new MappingException("AirSyncBase:InstanceId is empty");
        }
        try {
            return editInstance(stored, EasDates.parse("AirSyncBase:InstanceId", instanceId.trim()), phone, o);
        } catch (RuntimeException | AssertionError e) {
            throw new MappingException("cannot apply the occurrence edit: " + e, e);
        }
    }

    private static MergeResult editInstance(String stored, Instant x, Element phone, MappingOptions o) throws MappingException {
        String instanceId = EasDates.compact(x);
        MappingOptions v14 = o.withProtocolVersion("14.1"); // the Exceptions form with ExceptionStartTime
        EventMapper m = new EventMapper();
        Element data = m.toEas(stored, v14);
        if (data.child(CAL, "Recurrence").isEmpty()) {
            throw new MappingException("InstanceId " + instanceId + " names an occurrence of an event that does not recur");
        }
        CalDoc doc = CalDoc.parse(stored);
        VEvent master = master(doc.item(VEvent.class));
        Timing t = timing(doc, master, v14);
        if (!occurs(doc, master, t, x, data)) {
            throw new MappingException("InstanceId " + instanceId + " names no occurrence of the series");
        }
        Element exs = data.child(CAL, "Exceptions").orElseGet(() -> data.add(CAL, "Exceptions"));
        Element cur = null;
        for (Element ex : exs.children(CAL, "Exception")) {
            if (x.equals(exceptionId(ex))) {
                cur = ex;
            }
        }
        if (cur != null) {
            exs.remove(cur);
        }
        Element ex = new Element(CAL, "Exception");
        ex.addText(CAL, "ExceptionStartTime", EasDates.compact(x));
        if (phone == null) {
            ex.addText(CAL, "Deleted", "1");
        } else {
            for (Element f : instanceFields(cur, phone)) {
                ex.add(f);
            }
        }
        exs.add(ex);
        return m.fromEas(stored, data, v14);
    }

    /** The phone's fields for the occurrence over what EAS had for it; series-only fields are not taken. */
    private static List<Element> instanceFields(Element cur, Element phone) {
        Set<String> notForAnException = Set.of("Recurrence", "Exceptions", "UID", "Timezone", "DtStamp", "OrganizerName",
                "OrganizerEmail", "MeetingStatus", "InstanceId", "ClientUid");
        Map<String, Element> out = new LinkedHashMap<>();
        if (cur != null) {
            for (Element f : cur.children()) {
                if (!f.name().equals("ExceptionStartTime") && !f.name().equals("Deleted")) {
                    out.put(f.namespace() + ":" + f.name(), f);
                }
            }
        }
        for (Element f : phone.children()) {
            if (!notForAnException.contains(f.name())) {
                out.put(f.namespace() + ":" + f.name(), EasTreesCopy.copy(f));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** Whether {@code x} is an occurrence of the series as EAS expands it (or one an exception already names). */
    private static boolean occurs(CalDoc doc, VEvent master, Timing t, Instant x, Element data) throws MappingException {
        for (Element ex : data.child(CAL, "Exceptions").map(e -> e.children(CAL, "Exception")).orElse(List.of())) {
            if (x.equals(exceptionId(ex))) {
                return true;
            }
        }
        if (x.isBefore(t.start())) {
            return false;
        }
        return EasExpander.patternOccursAt(data, x);
    }

    /** What the stored object holds that EAS does not carry. */
    private static List<String> kept(CalDoc doc, VEvent master, List<VEvent> item, Timing t, MappingOptions o) {
        Set<String> mapped = Set.of("DTSTART", "DTEND", "DURATION", "SUMMARY", "LOCATION", "DESCRIPTION", "CLASS", "TRANSP",
                "CATEGORIES", "ORGANIZER", "UID", "DTSTAMP", "EXDATE", "RRULE", "RECURRENCE-ID", "LAST-MODIFIED",
                "X-MICROSOFT-CDO-BUSYSTATUS");
        List<String> out = new ArrayList<>();
        for (ICalProperty p : master.getProperties().values()) {
            String n = CalDoc.propertyName(p);
            if (p instanceof Attendee a && a.getEmail() != null) {
                continue;
            }
            if (n.equals("RRULE") && t != null) {
                RecurrenceMapper.Mapped m = recurrence(doc, master, t, o);
                if (m == null || !m.exact()) {
                    out.add("RRULE (not exactly expressible)");
                }
                continue;
            }
            if (!mapped.contains(n)) {
                out.add(n);
            }
        }
        VAlarm rem = reminderAlarm(master);
        for (VAlarm a : master.getAlarms()) {
            if (a != rem) {
                out.add("VALARM");
            }
        }
        for (var c : doc.ical.getComponents().values()) {
            if (!item.contains(c)) {
                out.add(c.getClass().getSimpleName().toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }
}
