package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hearthsync.launcher.EasTestClient.Result;
import org.hearthsync.wbxml.Element;

/**
 * A phone over {@link EasTestClient} for the sync tests and benchmarks: provisions, syncs its folder
 * hierarchy, keeps each folder's items by ServerId and its sync key, sends local edits as client
 * commands and applies responses.
 */
final class EasPhone {
    static final String AS = "AirSync";
    final EasTestClient client;
    final Map<String, String> folderByClass = new HashMap<>();
    final Map<String, String> keys = new HashMap<>();
    final Map<String, Map<String, Element>> items = new HashMap<>();
    final Map<String, List<Element>> outbox = new HashMap<>();
    final Map<String, Element> pendingAdds = new HashMap<>();
    int clientSeq;
    int window = 100;
    /** The last Sync response's collection, for assertions on its Responses. */
    Element lastCollection;
    /** The last response's commands, by name, for assertions. */
    Map<String, Integer> lastCommands = new HashMap<>();

    EasPhone(EasTestClient client) {
        this.client = client;
    }

    /** Provisions and syncs the folder hierarchy. */
    EasPhone setUp() throws Exception {
        Result initial = client.post("Provision", EasTestClient.provisionInitial(!client.version.equals("12.1")));
        Element policy = initial.document().child("Provision", "Policies").orElseThrow().child("Provision", "Policy").orElseThrow();
        Result ack = client.post("Provision", EasTestClient.provisionAck(policy.childText("Provision", "PolicyKey")));
        client.policyKey = ack.document().child("Provision", "Policies").orElseThrow().child("Provision", "Policy")
                .orElseThrow().childText("Provision", "PolicyKey");
        Result fs = client.post("FolderSync", EasTestClient.folderSync("0"));
        String ns = "FolderHierarchy";
        for (Element add : fs.document().child(ns, "Changes").orElseThrow().children(ns, "Add")) {
            String cls = switch (add.childText(ns, "Type")) {
                case "9" -> "Contacts";
                case "8" -> "Calendar";
                case "7" -> "Tasks";
                case "10" -> "Notes";
                default -> null;
            };
            if (cls != null) {
                folderByClass.put(cls, add.childText(ns, "ServerId"));
            }
        }
        return this;
    }

    /**
     * The same phone talking to a restarted server (another port): its policy key, folders, keys,
     * items and unsent commands carry over, as they do on a real phone.
     */
    EasPhone reconnect(EasTestClient to) {
        to.policyKey = client.policyKey;
        EasPhone p = new EasPhone(to);
        p.folderByClass.putAll(folderByClass);
        p.keys.putAll(keys);
        items.forEach((f, m) -> p.items(f).putAll(m));
        outbox.forEach((f, l) -> p.outbox.put(f, new ArrayList<>(l)));
        p.pendingAdds.putAll(pendingAdds);
        p.clientSeq = clientSeq;
        p.window = window;
        return p;
    }

    String folder(String cls) {
        return folderByClass.get(cls);
    }

    Map<String, Element> items(String folder) {
        return items.computeIfAbsent(folder, f -> new LinkedHashMap<>());
    }

    String key(String folder) {
        return keys.getOrDefault(folder, "0");
    }

    void add(String folder, Element data) {
        String cid = "c" + (++clientSeq);
        Element add = new Element(AS, "Add").addText(AS, "ClientId", cid);
        add.add(data);
        outbox.computeIfAbsent(folder, f -> new ArrayList<>()).add(add);
        pendingAdds.put(cid, data);
    }

    void change(String folder, String sid, Element data) {
        Element c = new Element(AS, "Change").addText(AS, "ServerId", sid);
        c.add(data);
        outbox.computeIfAbsent(folder, f -> new ArrayList<>()).add(c);
        items(folder).put(sid, data);
    }

    void delete(String folder, String sid) {
        outbox.computeIfAbsent(folder, f -> new ArrayList<>()).add(new Element(AS, "Delete").addText(AS, "ServerId", sid));
        items(folder).remove(sid);
    }

    /** EAS 16: changes one occurrence of a series (Change with AirSyncBase:InstanceId). */
    void changeInstance(String folder, String sid, String instanceId, Element data) {
        Element c = new Element(AS, "Change").addText(AS, "ServerId", sid).addText("AirSyncBase", "InstanceId", instanceId);
        c.add(data);
        outbox.computeIfAbsent(folder, f -> new ArrayList<>()).add(c);
    }

    /** EAS 16: deletes one occurrence of a series (Delete with AirSyncBase:InstanceId); the series stays. */
    void deleteInstance(String folder, String sid, String instanceId) {
        outbox.computeIfAbsent(folder, f -> new ArrayList<>()).add(new Element(AS, "Delete").addText(AS, "ServerId", sid)
                .addText("AirSyncBase", "InstanceId", instanceId));
    }

    Element request(String folder) {
        Element sync = new Element(AS, "Sync");
        Element c = sync.add(AS, "Collections").add(AS, "Collection");
        String key = key(folder);
        if (client.version.equals("12.1")) {
            c.addText(AS, "Class", classOf(folder));
        }
        c.addText(AS, "SyncKey", key).addText(AS, "CollectionId", folder);
        if (!key.equals("0")) {
            c.add(AS, "GetChanges");
            c.addText(AS, "WindowSize", Integer.toString(window));
            c.add(AS, "Options").add("AirSyncBase", "BodyPreference").addText("AirSyncBase", "Type", "1");
            List<Element> cmds = outbox.getOrDefault(folder, List.of());
            if (!cmds.isEmpty()) {
                Element commands = c.add(AS, "Commands");
                cmds.forEach(commands::add);
            }
        }
        return sync;
    }

    private String classOf(String folder) {
        return folderByClass.entrySet().stream().filter(e -> e.getValue().equals(folder)).findFirst().orElseThrow().getKey();
    }

    /** One round trip; returns whether more is available. */
    boolean sync(String folder) throws Exception {
        return apply(folder, client.post("Sync", request(folder)));
    }

    /** Applies a Sync response to {@link #request(String)}: keys, acknowledged adds, server commands. */
    boolean apply(String folder, Result r) {
        assertEquals(200, r.status());
        assertNotNull(r.document(), "a Sync response document");
        Element coll = r.document().child(AS, "Collections").orElseThrow().child(AS, "Collection").orElseThrow();
        assertEquals("1", coll.childText(AS, "Status"), coll.toString());
        keys.put(folder, coll.childText(AS, "SyncKey"));
        lastCollection = coll;
        Map<String, Element> its = items(folder);
        coll.child(AS, "Responses").ifPresent(rs -> {
            for (Element e : rs.children(AS, "Add")) {
                Element data = pendingAdds.remove(e.childText(AS, "ClientId"));
                if ("1".equals(e.childText(AS, "Status")) && data != null) {
                    its.put(e.childText(AS, "ServerId"), data);
                }
            }
        });
        outbox.remove(folder);
        lastCommands = new HashMap<>();
        coll.child(AS, "Commands").ifPresent(cs -> {
            for (Element e : cs.children()) {
                lastCommands.merge(e.name(), 1, Integer::sum);
                String sid = e.childText(AS, "ServerId");
                switch (e.name()) {
                    case "Add", "Change" -> its.put(sid, e.child(AS, "ApplicationData").orElseThrow());
                    default -> its.remove(sid);
                }
            }
        });
        return coll.child(AS, "MoreAvailable").isPresent();
    }

    /** Syncs (starting with key 0 if needed) until nothing more; returns the round trips. */
    int syncAll(String folder) throws Exception {
        int n = 0;
        if (key(folder).equals("0")) {
            sync(folder);
            n++;
        }
        Map<String, Integer> total = new HashMap<>();
        boolean more;
        do {
            more = sync(folder);
            lastCommands.forEach((k, v) -> total.merge(k, v, Integer::sum));
            n++;
        } while (more || !outbox.getOrDefault(folder, List.of()).isEmpty());
        lastCommands = total;
        return n;
    }

    int estimate(String folder) throws Exception {
        String g = "GetItemEstimate";
        Element req = new Element(g, "GetItemEstimate");
        Element c = req.add(g, "Collections").add(g, "Collection");
        if (client.version.equals("12.1")) {
            c.addText(g, "Class", classOf(folder)).addText(g, "CollectionId", folder).addText(AS, "FilterType", "0")
                    .addText(AS, "SyncKey", key(folder));
        } else {
            c.addText(AS, "SyncKey", key(folder)).addText(g, "CollectionId", folder);
        }
        Result r = client.post("GetItemEstimate", req);
        Element resp = r.document().child(g, "Response").orElseThrow();
        assertEquals("1", resp.childText(g, "Status"), r.document().toString());
        return Integer.parseInt(resp.child(g, "Collection").orElseThrow().childText(g, "Estimate"));
    }

    static Element ping(int heartbeat, String... folders) {
        Element ping = new Element("Ping", "Ping").addText("Ping", "HeartbeatInterval", Integer.toString(heartbeat));
        Element fs = ping.add("Ping", "Folders");
        for (String f : folders) {
            fs.add("Ping", "Folder").addText("Ping", "Id", f).addText("Ping", "Class", "Contacts");
        }
        return ping;
    }

    /** The label of an item: FileAs for contacts, Subject for the others. */
    static String label(Element data) {
        for (String ns : List.of("Contacts", "Calendar", "Tasks", "Notes")) {
            String v = data.childText(ns, ns.equals("Contacts") ? "FileAs" : "Subject");
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    static Element item(String cls, String label, String detail) {
        Element d = new Element(AS, "ApplicationData");
        switch (cls) {
            case "Contacts" -> {
                d.addText("Contacts", "FileAs", label).addText("Contacts", "FirstName", label);
                if (detail != null) {
                    d.addText("Contacts", "JobTitle", detail);
                }
            }
            case "Calendar" -> {
                d.addText("Calendar", "Subject", detail == null ? label : label + " " + detail)
                        .addText("Calendar", "StartTime", "20300105T090000Z").addText("Calendar", "EndTime", "20300105T100000Z");
            }
            case "Tasks" -> d.addText("Tasks", "Subject", detail == null ? label : label + " " + detail)
                    .addText("Tasks", "Complete", "0");
            default -> d.addText("Notes", "Subject", detail == null ? label : label + " " + detail);
        }
        return d;
    }
}
