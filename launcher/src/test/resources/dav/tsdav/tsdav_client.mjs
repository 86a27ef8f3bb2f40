// Hearth's DAV server driven by tsdav (npm), a JavaScript CalDAV/CardDAV client Hearth's developers did not write.
// usage: node tsdav_client.mjs TLS_URL PLAIN_URL USER PASSWORD   (Hearth's CA in NODE_EXTRA_CA_CERTS)
// Prints one PASS or FAIL line per check and exits non-zero when any failed.
import { DAVClient, createAccount } from 'tsdav';

const [tlsUrl, plainUrl, username, password] = process.argv.slice(2);
const credentials = { username, password };
const headers = { Authorization: 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64') };
let failed = 0;
let passed = 0;

async function check(name, fn) {
    try {
        const detail = await fn();
        passed++;
        console.log(`PASS ${name}${detail ? ': ' + detail : ''}`);
    } catch (e) {
        failed++;
        console.log(`FAIL ${name}: ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}`);
    }
}

function expect(cond, what) {
    if (!cond) throw new Error(what);
}

const stamp = Date.now();
const uid = `tsdav-${stamp}@hearth.test`;
const ics = (summary) => [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Hearth tests//tsdav//EN', 'BEGIN:VEVENT', `UID:${uid}`,
    'DTSTAMP:20261204T120000Z', 'DTSTART:20261210T090000Z', 'DTEND:20261210T100000Z', `SUMMARY:${summary}`,
    'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
const vcard = (fn) => ['BEGIN:VCARD', 'VERSION:3.0', `UID:tsdav-card-${stamp}`, `FN:${fn}`, 'N:Client;Tess;;;',
    'EMAIL:tess@hearth.test', 'END:VCARD', ''].join('\r\n');

const cal = new DAVClient({ serverUrl: tlsUrl, credentials, authMethod: 'Basic', defaultAccountType: 'caldav' });
const card = new DAVClient({ serverUrl: tlsUrl, credentials, authMethod: 'Basic', defaultAccountType: 'carddav' });
let calendar;
let addressBook;

await check('rfc6764-account-discovery-caldav', async () => {
    await cal.login();
    expect(cal.account?.rootUrl?.endsWith('/dav/'), `rootUrl ${cal.account?.rootUrl}`);
    expect(cal.account?.principalUrl?.endsWith(`/dav/principals/${username}/`), `principalUrl ${cal.account?.principalUrl}`);
    expect(cal.account?.homeUrl, 'no calendar-home-set');
    return `principal ${new URL(cal.account.principalUrl).pathname}, home ${new URL(cal.account.homeUrl).pathname}`;
});

await check('rfc6764-discovery-from-the-plain-setup-port', async () => {
    // a client given the host's plain address: /.well-known/caldav there must send it to the TLS port
    const account = await createAccount({ account: { serverUrl: plainUrl, accountType: 'caldav' }, headers });
    expect(account.rootUrl === new URL('/dav/', tlsUrl).href, `rootUrl ${account.rootUrl}, want ${new URL('/dav/', tlsUrl).href}`);
    expect(account.principalUrl === cal.account.principalUrl, `principalUrl ${account.principalUrl}`);
    return account.rootUrl;
});

await check('rfc4791-calendar-listing', async () => {
    const calendars = await cal.fetchCalendars();
    expect(calendars.length > 0, 'no calendars');
    calendar = calendars.find((c) => (c.components ?? []).includes('VEVENT')) ?? calendars[0];
    return calendars.map((c) => `${c.displayName} ${JSON.stringify(c.components)}`).join(', ');
});

let eventUrl;
await check('rfc4791-create-event', async () => {
    const r = await cal.createCalendarObject({ calendar, filename: `tsdav-${stamp}.ics`, iCalString: ics('Made by tsdav') });
    expect(r.ok, `PUT answered ${r.status}`);
    eventUrl = new URL(`tsdav-${stamp}.ics`, calendar.url).href;
    return `PUT ${r.status}`;
});

await check('rfc4791-fetch-event-by-time-range', async () => {
    const objects = await cal.fetchCalendarObjects({ calendar,
        timeRange: { start: '2026-12-10T00:00:00Z', end: '2026-12-11T00:00:00Z' } });
    const mine = objects.find((o) => o.data?.includes(uid));
    expect(mine, `not in the calendar-query answer (${objects.length} objects)`);
    expect(mine.data.includes('SUMMARY:Made by tsdav'), 'summary lost');
    expect(mine.etag, 'no etag');
    return `${objects.length} object(s) in range`;
});

await check('rfc4791-update-event-with-etag', async () => {
    const [mine] = await cal.fetchCalendarObjects({ calendar, objectUrls: [eventUrl] });
    expect(mine?.etag, 'multiget found no etag');
    const r = await cal.updateCalendarObject({ calendarObject: { url: eventUrl, etag: mine.etag, data: ics('Changed by tsdav') } });
    expect(r.ok, `PUT with If-Match answered ${r.status}`);
    const stale = await cal.updateCalendarObject({ calendarObject: { url: eventUrl, etag: mine.etag, data: ics('Stale write') } });
    expect(stale.status === 412, `a stale If-Match answered ${stale.status}, not 412`);
    const [now] = await cal.fetchCalendarObjects({ calendar, objectUrls: [eventUrl] });
    expect(now.data.includes('SUMMARY:Changed by tsdav'), 'the update did not stick');
    return `PUT ${r.status}, stale ${stale.status}`;
});

await check('rfc4791-calendar-query-expand', async () => {
    // a weekly series; RFC 4791 9.6.5 expand must answer its occurrences in the range, each with a RECURRENCE-ID
    const name = `tsdav-weekly-${stamp}.ics`;
    const weekly = ics('Weekly by tsdav').replace(uid, `weekly-${uid}`).replace('SUMMARY:', 'RRULE:FREQ=WEEKLY;COUNT=52\r\nSUMMARY:');
    const put = await cal.createCalendarObject({ calendar, filename: name, iCalString: weekly });
    expect(put.ok, `PUT answered ${put.status}`);
    const objects = await cal.fetchCalendarObjects({ calendar, expand: true,
        timeRange: { start: '2026-12-15T00:00:00Z', end: '2027-01-05T00:00:00Z' } });
    const mine = objects.find((o) => o.data?.includes(`weekly-${uid}`));
    expect(mine, `the series is not in the expanded answer (${objects.length} objects)`);
    const ids = mine.data.match(/RECURRENCE-ID[^\r\n]*/g) ?? [];
    expect(!/RRULE/.test(mine.data), 'an RRULE is left in the expanded data');
    expect(JSON.stringify(ids) === JSON.stringify(['RECURRENCE-ID:20261217T090000Z', 'RECURRENCE-ID:20261224T090000Z',
        'RECURRENCE-ID:20261231T090000Z']), `occurrences ${JSON.stringify(ids)}`);
    await cal.deleteCalendarObject({ calendarObject: { url: new URL(name, calendar.url).href } });
    return ids.join(', ');
});

await check('rfc4791-delete-event', async () => {
    const [mine] = await cal.fetchCalendarObjects({ calendar, objectUrls: [eventUrl] });
    const r = await cal.deleteCalendarObject({ calendarObject: { url: eventUrl, etag: mine.etag } });
    expect(r.ok, `DELETE answered ${r.status}`);
    const left = await cal.fetchCalendarObjects({ calendar });
    expect(!left.some((o) => o.data?.includes(uid)), 'still listed after DELETE');
    return `DELETE ${r.status}`;
});

await check('rfc6352-account-discovery-and-addressbook-listing', async () => {
    await card.login();
    expect(card.account?.homeUrl, 'no addressbook-home-set');
    const books = await card.fetchAddressBooks();
    expect(books.length > 0, 'no address books');
    addressBook = books[0];
    return books.map((b) => b.displayName).join(', ');
});

let cardUrl;
await check('rfc6352-create-update-delete-contact', async () => {
    const created = await card.createVCard({ addressBook, filename: `tsdav-${stamp}.vcf`, vCardString: vcard('Tess Client') });
    expect(created.ok, `PUT answered ${created.status}`);
    cardUrl = new URL(`tsdav-${stamp}.vcf`, addressBook.url).href;
    const cards = await card.fetchVCards({ addressBook });
    const mine = cards.find((c) => c.data?.includes(`tsdav-card-${stamp}`));
    expect(mine?.etag, `not listed by addressbook-query (${cards.length} cards)`);
    expect(mine.data.includes('FN:Tess Client'), 'FN lost');
    const updated = await card.updateVCard({ vCard: { url: cardUrl, etag: mine.etag, data: vcard('Tess Updated') } });
    expect(updated.ok, `update answered ${updated.status}`);
    const [now] = await card.fetchVCards({ addressBook, objectUrls: [cardUrl] });
    expect(now?.data?.includes('FN:Tess Updated'), 'the update did not stick');
    const deleted = await card.deleteVCard({ vCard: { url: cardUrl, etag: now.etag } });
    expect(deleted.ok, `DELETE answered ${deleted.status}`);
    const left = await card.fetchVCards({ addressBook });
    expect(!left.some((c) => c.data?.includes(`tsdav-card-${stamp}`)), 'still listed after DELETE');
    return `PUT ${created.status}, update ${updated.status}, DELETE ${deleted.status}`;
});

await check('rfc6578-sync-collection', async () => {
    const before = (await cal.fetchCalendars()).find((c) => c.url === calendar.url);
    expect(before?.syncToken, 'the calendar has no DAV:sync-token');
    const name = `tsdav-sync-${stamp}.ics`;
    const put = await cal.createCalendarObject({ calendar, filename: name,
        iCalString: ics('Seen by sync').replace(uid, `sync-${uid}`) });
    expect(put.ok, `PUT answered ${put.status}`);
    // sync-collection from the old token must report exactly what changed since: the new event
    const r = await cal.smartCollectionSync({ collection: { ...before, objects: [], objectMultiGet: (p) => cal.calendarMultiGet(p) },
        method: 'webdav', detailedResult: true });
    const created = r.objects.created.map((o) => new URL(o.url).pathname);
    expect(created.length === 1 && created[0].endsWith(name), `created since the token: ${JSON.stringify(created)}`);
    expect(r.syncToken && r.syncToken !== before.syncToken, 'the token did not move');
    await cal.deleteCalendarObject({ calendarObject: { url: new URL(name, calendar.url).href } });
    return `1 created since the old token, new token ${r.syncToken !== before.syncToken}`;
});

console.log(`tsdav: ${passed} checks passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
