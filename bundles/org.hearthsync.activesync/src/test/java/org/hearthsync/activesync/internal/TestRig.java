package org.hearthsync.activesync.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.activesync.internal.auth.AuthThrottleImpl;
import org.hearthsync.activesync.internal.command.foldersync.FolderSyncHandler;
import org.hearthsync.activesync.internal.command.mail.MailNotSupportedHandler;
import org.hearthsync.activesync.internal.policy.Policy;
import org.hearthsync.activesync.internal.policy.PolicyKeys;
import org.hearthsync.activesync.internal.command.provision.ProvisionHandler;
import org.hearthsync.activesync.internal.policy.ProvisioningPolicy;
import org.hearthsync.activesync.internal.command.settings.SettingsHandler;
import org.hearthsync.activesync.internal.device.TestDevices;
import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.protocol.EasEngine;
import org.hearthsync.api.eas.EasHttpRequest;
import org.hearthsync.activesync.internal.protocol.RawResponse;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.wbxml.Element;
import org.hearthsync.wbxml.WbxmlException;
import org.hearthsync.wbxml.WbxmlReader;
import org.hearthsync.wbxml.WbxmlWriter;

/** The engine wired with in-memory parts: accounts with plain passwords, a real device registry in a temp folder, a fake store. */
public final class TestRig implements AutoCloseable {
    public static final String USER = "tester";
    public static final String PASSWORD = "secret";
    public static final String EMAIL = "tester@hearth.test";

    public final MutableClock clock = new MutableClock();
    public final TestDevices devices;
    public final FakeStore store = new FakeStore();
    public final StoreDirectory stores = new StoreDirectory();
    public final ProvisioningPolicy policy = ProvisioningPolicy.of(Policy.NONE);
    public final AuthThrottleImpl throttle = new AuthThrottleImpl(clock, 5, Duration.ofMinutes(10), Duration.ofMinutes(5));
    public final Map<String, Account> accounts = new LinkedHashMap<>();
    public final EasEngine engine;
    public String remoteAddress = "192.0.2.10";

    public TestRig(Path folder) throws IOException {
        devices = TestDevices.open(folder.resolve("devices.mv.db"), clock);
        stores.put("default", store);
        accounts.put(USER, new Account(USER, EMAIL, "default", List.of()));
        PolicyKeys keys = new PolicyKeys(devices.registry());
        engine = new EasEngine(registry(), devices.registry(), throttle, policy, keys, WbxmlReader.create(), List.of(
                new ProvisionHandler(devices.registry(), keys, policy), new SettingsHandler(devices.registry()),
                new FolderSyncHandler(stores, devices.registry()), new MailNotSupportedHandler(Command.SEND_MAIL),
                new MailNotSupportedHandler(Command.SMART_REPLY), new MailNotSupportedHandler(Command.SMART_FORWARD)));
    }

    private AccountRegistry registry() {
        return new AccountRegistry() {
            @Override
            public List<Account> accounts() {
                return new ArrayList<>(accounts.values());
            }

            @Override
            public Optional<Account> find(String userName) {
                String n = userName.contains("\\") ? userName.substring(userName.lastIndexOf('\\') + 1) : userName;
                n = n.contains("@") ? n.substring(0, n.indexOf('@')) : n;
                return Optional.ofNullable(accounts.get(n.toLowerCase()));
            }

            @Override
            public Optional<Account> authenticate(String userName, char[] password) {
                boolean ok = PASSWORD.equals(new String(password));
                java.util.Arrays.fill(password, '\0');
                return ok ? find(userName) : Optional.empty();
            }
        };
    }

    @Override
    public void close() {
        devices.close();
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A plain-form POST as a phone sends it. */
    public RawResponse post(String cmd, String version, String deviceId, String policyKey, Element body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", basic(USER, PASSWORD));
        h.put("MS-ASProtocolVersion", version);
        h.put("User-Agent", "RigPhone/1.0");
        if (policyKey != null) {
            h.put("X-MS-PolicyKey", policyKey);
        }
        return engine.handle(new EasHttpRequest("POST", "Cmd=" + cmd + "&User=" + USER + "&DeviceId=" + deviceId
                + "&DeviceType=RigPhone", h, encode(body), remoteAddress, true));
    }

    public static byte[] encode(Element body) {
        try {
            return body == null ? new byte[0] : WbxmlWriter.encode(body);
        } catch (WbxmlException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Element decode(RawResponse r) {
        try {
            return WbxmlReader.create().read(r.body());
        } catch (WbxmlException e) {
            throw new AssertionError("response is not WBXML: " + e.getMessage(), e);
        }
    }

    /** Provisions {@code deviceId} through both phases and returns the final key. */
    public String provision(String version, String deviceId) {
        Element initial = new Element("Provision", "Provision");
        initial.add("Provision", "Policies").add("Provision", "Policy").addText("Provision", "PolicyType", Policy.TYPE);
        Element r1 = decode(post("Provision", version, deviceId, "0", initial));
        String temp = r1.child("Provision", "Policies").get().child("Provision", "Policy").get().childText("Provision", "PolicyKey");
        Element ack = new Element("Provision", "Provision");
        ack.add("Provision", "Policies").add("Provision", "Policy").addText("Provision", "PolicyType", Policy.TYPE)
                .addText("Provision", "PolicyKey", temp).addText("Provision", "Status", "1");
        Element r2 = decode(post("Provision", version, deviceId, temp, ack));
        return r2.child("Provision", "Policies").get().child("Provision", "Policy").get().childText("Provision", "PolicyKey");
    }

    /** A clock tests move by hand. */
    public static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** A store with collections only; {@link #available} false makes it throw {@link StoreException.Unavailable}. */
    public static final class FakeStore implements PimStore {
        public final List<CollectionInfo> collections = new ArrayList<>(List.of(
                new CollectionInfo("1", "Contacts", DataClass.CONTACTS, null, true),
                new CollectionInfo("2", "Calendar", DataClass.CALENDAR, null, true),
                new CollectionInfo("3", "Tasks", DataClass.TASKS, null, true),
                new CollectionInfo("4", "Notes", DataClass.NOTES, null, true)));
        public volatile boolean available = true;

        @Override
        public List<CollectionInfo> collections() throws StoreException {
            if (!available) {
                throw new StoreException.Unavailable("switched off by the test", null);
            }
            return List.copyOf(collections);
        }

        @Override
        public CollectionInfo createCollection(String displayName, DataClass dataClass) throws StoreException {
            throw new StoreException.Unsupported("fake");
        }

        @Override
        public void renameCollection(String collectionId, String displayName) throws StoreException {
            throw new StoreException.Unsupported("fake");
        }

        @Override
        public void deleteCollection(String collectionId) throws StoreException {
            throw new StoreException.Unsupported("fake");
        }

        @Override
        public List<ResourceRef> list(String collectionId) {
            return List.of();
        }

        @Override
        public Optional<Resource> get(String collectionId, String name) {
            return Optional.empty();
        }

        @Override
        public Map<String, Resource> getAll(String collectionId, Collection<String> names) {
            return Map.of();
        }

        @Override
        public String put(String collectionId, String name, String content, WriteCondition condition)
                throws StoreException {
            throw new StoreException.Unsupported("fake");
        }

        @Override
        public void delete(String collectionId, String name, WriteCondition condition) throws StoreException {
            throw new StoreException.Unsupported("fake");
        }

        @Override
        public String syncToken(String collectionId) {
            return "0";
        }

        @Override
        public ChangeSet changesSince(String collectionId, String token) throws StoreException {
            throw new StoreException.Unsupported("fake");
        }
    }
}
