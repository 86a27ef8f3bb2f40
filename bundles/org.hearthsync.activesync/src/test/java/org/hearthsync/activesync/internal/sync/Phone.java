package org.hearthsync.activesync.internal.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.activesync.internal.policy.Policy;
import org.hearthsync.activesync.internal.protocol.RawResponse;
import org.hearthsync.wbxml.Element;

/**
 * A fake phone for the engine tests: keeps its folders' items by ServerId and its sync keys,
 * queues local edits as client commands, and applies responses as a phone does.
 */
public final class Phone {
    static final String AS = "AirSync";
    /** Statuses of item responses are counted at ITEM + status. */
    public static final int ITEM = 10_000;
    final SyncRig rig;
    final String id;
    final String version;
    String policyKey;
    final Map<String, String> folderByClass = new HashMap<>();
    final Map<String, String> keys = new HashMap<>();
    final Map<String, Map<String, Element>> items = new HashMap<>();
    final Map<String, List<Element>> outbox = new HashMap<>();
    /** ClientId → the data of a pending Add. */
    final Map<String, Element> pendingAdds = new HashMap<>();
    int clientSeq;
    public int window = 100;
    public Integer conflict;
    /** Statuses seen, by value, for the tests' bookkeeping. */
    public final Map<Integer, Integer> statuses = new HashMap<>();
    public Element lastResponse;

    public Phone(SyncRig rig, String id, String version) {
        this.rig = rig;
        this.id = id;
        this.version = version;
        provision();
        folderSync();
    }

    public String policyKey() {
        return policyKey;
    }

    void provision() {
        Element initial = new Element("Provision", "Provision");
        initial.add("Provision", "Policies").add("Provision", "Policy").addText("Provision", "PolicyType", Policy.TYPE);
        Element r1 = TestRig.decode(rig.post("Provision", version, id, "0", initial));
        String temp = r1.child("Provision", "Policies").get().child("Provision", "Policy").get().childText("Provision", "PolicyKey");
        Element ack = new Element("Provision", "Provision");
        ack.add("Provision", "Policies").add("Provision", "Policy").addText("Provision", "PolicyType", Policy.TYPE)
                .addText("Provision", "PolicyKey", temp).addText("Provision", "Status", "1");
        Element r2 = TestRig.decode(rig.post("Provision", version, id, temp, ack));
        policyKey = r2.child("Provision", "Policies").get().child("Provision", "Policy").get().childText("Provision", "PolicyKey");
    }

    public void folderSync() {
        String ns = "FolderHierarchy";
        Element r = TestRig.decode(rig.post("FolderSync", version, id, policyKey,
                new Element(ns, "FolderSync").addText(ns, "SyncKey", "0")));
        for (Element add : r.child(ns, "Changes").orElseThrow().children(ns, "Add")) {
            String cls = switch (add.childText(ns, "Type")) {
                case "9", "14" -> "Contacts";
                case "8", "13" -> "Calendar";
                case "7", "15" -> "Tasks";
                case "10", "17" -> "Notes";
                default -> null;
            };
            if (cls != null) {
                folderByClass.putIfAbsent(cls, add.childText(ns, "ServerId"));
            }
        }
    }

    public String folder(String cls) {
        return folderByClass.get(cls);
    }

    public Map<String, Element> items(String folder) {
        return items.computeIfAbsent(folder, f -> new LinkedHashMap<>());
    }

    public String key(String folder) {
        return keys.getOrDefault(folder, "0");
    }

    // ------------------------------------------------------------------ local edits

    public String add(String folder, Element data) {
        String cid = "c" + (++clientSeq);
        Element add = new Element(AS, "Add").addText(AS, "ClientId", cid);
        add.add(data);
        outbox.computeIfAbsent(folder, f -> new ArrayList<>()).add(add);
        pendingAdds.put(cid, data);
        return cid;
    }

    public void change(String folder, String sid, Element data) {
        Element c = new Element(AS, "Change").addText(AS, "ServerId", sid);
        c.add(data);
        outbox.computeIfAbsent(folder, f -> new ArrayList<>()).add(c);
        items(folder).put(sid, data);
    }

    public void delete(String folder, String sid) {
        outbox.computeIfAbsent(folder, f -> new ArrayList<>()).add(new Element(AS, "Delete").addText(AS, "ServerId", sid));
        items(folder).remove(sid);
    }

    /** EAS 16: a change of one occurrence of a series (Change with AirSyncBase:InstanceId, no Exceptions). */
    public void changeInstance(String folder, String sid, String instanceId, Element data) {
        Element c = new Element(AS, "Change").addText(AS, "ServerId", sid).addText("AirSyncBase", "InstanceId", instanceId);
        c.add(data);
        outbox.computeIfAbsent(folder, f -> new ArrayList<>()).add(c);
    }

    /** EAS 16: deletes one occurrence of a series (Delete with AirSyncBase:InstanceId); the item stays. */
    public void deleteInstance(String folder, String sid, String instanceId) {
        outbox.computeIfAbsent(folder, f -> new ArrayList<>()).add(new Element(AS, "Delete").addText(AS, "ServerId", sid)
                .addText("AirSyncBase", "InstanceId", instanceId));
    }

    public void fetch(String folder, String sid) {
        outbox.computeIfAbsent(folder, f -> new ArrayList<>()).add(new Element(AS, "Fetch").addText(AS, "ServerId", sid));
    }

    // ------------------------------------------------------------------ requests

    public Element request(String folder) {
        Element sync = new Element(AS, "Sync");
        Element c = sync.add(AS, "Collections").add(AS, "Collection");
        String key = key(folder);
        c.addText(AS, "SyncKey", key).addText(AS, "CollectionId", folder);
        if (!key.equals("0")) {
            c.add(AS, "GetChanges");
            c.addText(AS, "WindowSize", Integer.toString(window));
            Element o = c.add(AS, "Options");
            if (conflict != null) {
                o.addText(AS, "Conflict", conflict.toString());
            }
            o.add("AirSyncBase", "BodyPreference").addText("AirSyncBase", "Type", "1");
            List<Element> cmds = outbox.getOrDefault(folder, List.of());
            if (!cmds.isEmpty()) {
                Element commands = c.add(AS, "Commands");
                cmds.forEach(commands::add);
            }
        }
        return sync;
    }

    public RawResponse send(Element request) {
        return rig.post("Sync", version, id, policyKey, request);
    }

    /** One Sync round trip; returns whether the server has more. */
    public boolean sync(String folder) {
        RawResponse r = send(request(folder));
        return apply(folder, r);
    }

    /** Sends a Sync and drops the response, as when the connection breaks. */
    public void syncLost(String folder) {
        send(request(folder));
    }

    /** Syncs until the server has nothing more; returns the number of round trips. */
    public int syncAll(String folder) {
        int n = 0;
        boolean more;
        do {
            if (key(folder).equals("0")) {
                sync(folder);
                n++;
            }
            more = sync(folder);
            n++;
            if (n > 10_000) {
                throw new AssertionError("sync does not end");
            }
        } while (more || !outbox.getOrDefault(folder, List.of()).isEmpty() || key(folder).equals("0"));
        return n;
    }

    public boolean apply(String folder, RawResponse r) {
        if (r.status() != 200) {
            statuses.merge(r.status() * 1000, 1, Integer::sum);
            return true;
        }
        Element doc = TestRig.decode(r);
        lastResponse = doc;
        if (doc.childText(AS, "Status") != null) {
            statuses.merge(Integer.parseInt(doc.childText(AS, "Status")) * 100, 1, Integer::sum);
            return true;
        }
        Element coll = null;
        for (Element c : doc.child(AS, "Collections").orElseThrow().children(AS, "Collection")) {
            if (folder.equals(c.childText(AS, "CollectionId"))) {
                coll = c;
            }
        }
        if (coll == null) {
            throw new AssertionError("no collection " + folder + " in " + doc);
        }
        int status = Integer.parseInt(coll.childText(AS, "Status"));
        statuses.merge(status, 1, Integer::sum);
        if (status == 3) {
            keys.put(folder, "0");
            items(folder).clear();
            outbox.remove(folder);
            return true;
        }
        if (status == 12) {
            folderSync();
            return true;
        }
        if (status != 1) {
            return true; // retry later with the same key and the same commands
        }
        keys.put(folder, coll.childText(AS, "SyncKey"));
        Map<String, Element> its = items(folder);
        coll.child(AS, "Responses").ifPresent(rs -> {
            for (Element e : rs.children()) {
                String st = e.childText(AS, "Status");
                statuses.merge(ITEM + Integer.parseInt(st), 1, Integer::sum);
                if (e.name().equals("Add") && "1".equals(st)) {
                    Element data = pendingAdds.remove(e.childText(AS, "ClientId"));
                    if (data != null) {
                        if (its.containsKey(e.childText(AS, "ServerId"))) {
                            throw new AssertionError("the server gave an Add a ServerId the phone has: " + e);
                        }
                        its.put(e.childText(AS, "ServerId"), data);
                    }
                } else if (e.name().equals("Change") && "8".equals(st)) {
                    its.remove(e.childText(AS, "ServerId"));
                }
            }
        });
        outbox.remove(folder);
        coll.child(AS, "Commands").ifPresent(cs -> {
            for (Element e : cs.children()) {
                String sid = e.childText(AS, "ServerId");
                switch (e.name()) {
                    case "Add" -> {
                        if (its.containsKey(sid)) {
                            throw new AssertionError("server Add of a ServerId the phone has: " + sid);
                        }
                        its.put(sid, e.child(AS, "ApplicationData").orElseThrow());
                    }
                    case "Change" -> its.put(sid, e.child(AS, "ApplicationData").orElseThrow());
                    case "Delete", "SoftDelete" -> its.remove(sid);
                    default -> throw new AssertionError(e.name());
                }
            }
        });
        return coll.child(AS, "MoreAvailable").isPresent();
    }

    // ------------------------------------------------------------------ item builders

    public static Element contact(String label, String title) {
        Element d = new Element(AS, "ApplicationData");
        d.addText("Contacts", "FileAs", label).addText("Contacts", "FirstName", label);
        if (title != null) {
            d.addText("Contacts", "JobTitle", title);
        }
        return d;
    }

    public static Element note(String subject) {
        Element d = new Element(AS, "ApplicationData");
        d.addText("Notes", "Subject", subject);
        return d;
    }

    public static Element task(String subject, boolean complete) {
        Element d = new Element(AS, "ApplicationData");
        d.addText("Tasks", "Subject", subject).addText("Tasks", "Complete", complete ? "1" : "0");
        return d;
    }

    public static Element event(String subject, String start, String end) {
        Element d = new Element(AS, "ApplicationData");
        d.addText("Calendar", "Subject", subject).addText("Calendar", "StartTime", start).addText("Calendar", "EndTime", end);
        return d;
    }

    public static String vcard(String uid, String fn, String title) {
        return "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:" + uid + "\r\nFN:" + fn + "\r\nN:;" + fn + ";;;\r\n"
                + (title == null ? "" : "TITLE:" + title + "\r\n") + "END:VCARD\r\n";
    }
}
