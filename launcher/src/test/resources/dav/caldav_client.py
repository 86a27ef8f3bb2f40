#!/usr/bin/python3
"""Drives Hearth's DAV server with the Python caldav library (Debian python3-caldav), one check per RFC area.

Usage: caldav_client.py URL USER PASSWORD CA_PEM
Prints one line per check, "PASS name" or "FAIL name: reason", and exits 1 when any failed. The launcher's
DavClientsIT runs it against a freshly started Hearth; docs/dav-conformance.md records a run.
"""
import datetime
import http.client
import ssl
import urllib.parse
import re
import sys
import traceback
import uuid

import caldav
from caldav.lib import error

url, user, password, ca = sys.argv[1:5]
results = []


def check(name):
    def wrap(fn):
        try:
            fn()
            results.append(("PASS", name, ""))
        except Exception as e:  # every failure is reported, the run goes on
            results.append(("FAIL", name, "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")))
            traceback.print_exc(file=sys.stderr)
        return fn
    return wrap


def ical(uid, start, summary, rrule=None):
    return "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//hearth-test//caldav//EN", "BEGIN:VEVENT",
        "UID:" + uid, "DTSTAMP:20260101T000000Z", "DTSTART:" + start.strftime("%Y%m%dT%H%M%SZ"),
        "DTEND:" + (start + datetime.timedelta(hours=1)).strftime("%Y%m%dT%H%M%SZ"), "SUMMARY:" + summary]
        + (["RRULE:" + rrule] if rrule else []) + ["END:VEVENT", "END:VCALENDAR", ""])


client = caldav.DAVClient(url, username=user, password=password, ssl_verify_cert=ca)
state = {}


@check("rfc6764-well-known-redirects")
def _():
    ctx = ssl.create_default_context(cafile=ca)
    for kind in ("caldav", "carddav"):
        conn = http.client.HTTPSConnection(urllib.parse.urlsplit(url).netloc, context=ctx)
        conn.request("PROPFIND", "/.well-known/" + kind)
        r = conn.getresponse()
        assert r.status == 301 and r.getheader("Location") == "/dav/", (r.status, r.getheader("Location"))
        conn.close()


@check("rfc5397-current-user-principal")
def _():
    p = client.principal()
    assert str(p.url).endswith("/dav/principals/" + user + "/"), p.url
    state["principal"] = p


@check("rfc4791-calendar-home-set-and-calendars")
def _():
    cals = state["principal"].calendars()
    names = [c.name for c in cals]
    assert "Calendar" in names, names


@check("rfc4791-mkcalendar")
def _():
    cal = state["principal"].make_calendar(name="DAV test " + uuid.uuid4().hex[:6], cal_id=uuid.uuid4().hex)
    state["cal"] = cal
    assert cal.get_display_name().startswith("DAV test"), cal.get_display_name()


@check("rfc4918-put-get-event")
def _():
    cal = state["cal"]
    start = datetime.datetime(2026, 3, 2, 9, 0)
    ev = cal.save_event(ical("single-" + uuid.uuid4().hex, start, "Dentist"))
    state["single"] = ev
    again = cal.event_by_url(ev.url)
    again.load()
    assert "SUMMARY:Dentist" in again.data, again.data


@check("rfc4791-calendar-query-time-range")
def _():
    cal = state["cal"]
    cal.save_event(ical("weekly-" + uuid.uuid4().hex, datetime.datetime(2025, 1, 6, 8, 0), "Standup",
                        "FREQ=WEEKLY;COUNT=200"))
    cal.save_event(ical("far-" + uuid.uuid4().hex, datetime.datetime(2030, 1, 1, 8, 0), "Far away"))
    found = cal.date_search(datetime.datetime(2026, 3, 1), datetime.datetime(2026, 3, 8), expand=False)
    summaries = sorted(re.search(r"SUMMARY:(.*)", f.data).group(1).strip() for f in found)
    assert summaries == ["Dentist", "Standup"], summaries


@check("rfc4791-calendar-multiget-and-uid-search")
def _():
    cal = state["cal"]
    uid = re.search(r"UID:(.*)", state["single"].data).group(1).strip()
    ev = cal.event_by_uid(uid)
    assert uid in ev.data


def raw(method, target, body, headers):
    """A request outside the library, which raises on 403 before the DAV:error body can be read."""
    import base64
    parts = urllib.parse.urlsplit(target)
    conn = http.client.HTTPSConnection(parts.netloc, context=ssl.create_default_context(cafile=ca))
    auth = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    conn.request(method, parts.path, body.encode(), dict(headers, Authorization="Basic " + auth))
    r = conn.getresponse()
    out = (r.status, r.read().decode())
    conn.close()
    return out


@check("rfc4791-preconditions-no-uid-conflict-component-data-size")
def _():
    cal = state["cal"]
    single = state["single"]
    uid = re.search(r"UID:(.*)", single.data).group(1).strip()
    other = str(cal.url).rstrip("/") + "/another-name-" + uuid.uuid4().hex[:6] + ".ics"
    status, body = raw("PUT", other, ical(uid, datetime.datetime(2026, 3, 3, 9, 0), "Same UID"),
                       {"Content-Type": "text/calendar", "If-None-Match": "*"})
    assert status in (403, 409), (status, body)
    href = re.search(r"no-uid-conflict>\s*<[a-zA-Z]*:?href>([^<]+)<", body)
    assert href and urllib.parse.urlsplit(str(single.url)).path == href.group(1), body
    assert raw("GET", other, "", {})[0] == 404, "the conflicting event was stored"
    todo = ical("todo-" + uuid.uuid4().hex, datetime.datetime(2026, 3, 3, 9, 0), "x").replace("VEVENT", "VTODO")
    status, body = raw("PUT", other, todo, {"Content-Type": "text/calendar"})
    assert status == 403 and "supported-calendar-component" in body, (status, body)
    status, body = raw("PUT", other, "this is not iCalendar", {"Content-Type": "text/calendar"})
    assert status == 403 and "valid-calendar-data" in body, (status, body)
    r = client.propfind(str(cal.url), '<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop>'
                        '<c:max-resource-size/></d:prop></d:propfind>', 0)
    body = r.raw if isinstance(r.raw, str) else r.raw.decode()
    size = re.search(r"max-resource-size>(\d+)<", body)
    assert size and int(size.group(1)) > 0, body


@check("rfc4918-if-match-stale-etag-412")
def _():
    ev = state["single"]
    r = client.request(str(ev.url), "GET")
    etag = r.headers["ETag"]
    body = r.raw if isinstance(r.raw, str) else r.raw.decode()
    r1 = client.request(str(ev.url), "PUT", body.replace("Dentist", "Dentist (moved)"),
                        {"If-Match": etag, "Content-Type": "text/calendar"})
    assert r1.status in (200, 204), r1.status
    r2 = client.request(str(ev.url), "PUT", body.replace("Dentist", "Lost update"),
                        {"If-Match": etag, "Content-Type": "text/calendar"})
    assert r2.status == 412, r2.status
    r3 = client.request(str(ev.url), "PUT", body, {"If-None-Match": "*", "Content-Type": "text/calendar"})
    assert r3.status == 412, r3.status


@check("rfc6578-sync-collection")
def _():
    cal = state["cal"]
    first = cal.objects_by_sync_token(load_objects=True)
    token = first.sync_token
    assert len(list(first)) == 3, len(list(first))
    new = cal.save_event(ical("late-" + uuid.uuid4().hex, datetime.datetime(2026, 4, 1, 9, 0), "Late"))
    state["single"].delete()
    changes = cal.objects_by_sync_token(sync_token=token, load_objects=False)
    urls = [str(o.url) for o in changes]
    assert any(str(new.url) == u for u in urls), urls
    assert len(urls) == 2, urls  # the new one and the deleted one


@check("proppatch-displayname")
def _():
    cal = state["cal"]
    cal.set_properties([caldav.elements.dav.DisplayName("Renamed over DAV")])
    assert cal.get_display_name() == "Renamed over DAV", cal.get_display_name()


@check("rfc6352-addressbook-put-query")
def _():
    home = str(client.url).split("/dav/")[0] + "/dav/home/" + user + "/"
    r = client.propfind(home, '<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>', 1)
    text = r.raw if isinstance(r.raw, str) else r.raw.decode()
    books = re.findall(r"<d:href>([^<]+)</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><card:addressbook/>", text)
    assert books, text
    book = str(client.url).split("/dav/")[0] + books[0]
    uid = uuid.uuid4().hex
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:%s\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\nEND:VCARD\r\n" % uid
    put = client.put(book + uid + ".vcf", card, {"Content-Type": "text/vcard", "If-None-Match": "*"})
    assert put.status == 201, put.status
    q = ('<r:addressbook-query xmlns:d="DAV:" xmlns:r="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/>'
         '<r:address-data/></d:prop><r:filter><r:prop-filter name="FN"><r:text-match>hopper</r:text-match>'
         '</r:prop-filter></r:filter></r:addressbook-query>')
    rep = client.report(book, q, 1)
    body = rep.raw if isinstance(rep.raw, str) else rep.raw.decode()
    assert "Grace Hopper" in body, body
    mg = ('<r:addressbook-multiget xmlns:d="DAV:" xmlns:r="urn:ietf:params:xml:ns:carddav"><d:prop><r:address-data/>'
          '</d:prop><d:href>%s%s.vcf</d:href></r:addressbook-multiget>' % (books[0], uid))
    body = client.report(book, mg, 1).raw
    body = body if isinstance(body, str) else body.decode()
    assert "UID:" + uid in body, body


@check("rfc4918-delete-collection")
def _():
    state["cal"].delete()
    try:
        state["cal"].get_display_name()
        raise AssertionError("the deleted calendar still answers")
    except error.NotFoundError:
        pass
    except error.PropfindError:
        pass


for status, name, why in results:
    print(status, name + (": " + why if why else ""))
sys.exit(0 if all(s == "PASS" for s, _, _ in results) else 1)
