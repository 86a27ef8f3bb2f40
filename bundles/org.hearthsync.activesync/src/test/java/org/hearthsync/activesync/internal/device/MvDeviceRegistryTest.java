package org.hearthsync.activesync.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.hearthsync.activesync.internal.TestRig.MutableClock;
import org.hearthsync.api.account.Device;
import org.hearthsync.api.account.DeviceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvDeviceRegistryTest {
    @TempDir
    Path folder;
    private final MutableClock clock = new MutableClock();

    @Test
    void partnershipsAndStateSurviveARestart() throws Exception {
        Path file = folder.resolve("devices.mv.db");
        MvDeviceRegistry r = new MvDeviceRegistry(file, clock);
        Device first = r.recordContact("Ann", "D1", "iPhone", "Apple-iPhone16C2/2201.1", "16.1");
        assertEquals(DeviceState.ALLOWED, first.state());
        clock.advance(Duration.ofMinutes(5));
        r.recordContact("Ann", "D1", "iPhone", "Apple-iPhone16C2/2201.2", "16.1");
        r.updateInformation("Ann", "D1", "iPhone16,2", "iOS 18.1", "Ann's iPhone");
        r.putState("Ann", "D1", "policy", "k1 1 - p - ");
        r.setState("ann", "D1", DeviceState.BLOCKED);
        r.close();

        MvDeviceRegistry again = new MvDeviceRegistry(file, clock);
        Device d = again.find("ANN", "D1").orElseThrow();
        assertEquals("iPhone16,2", d.model());
        assertEquals("iOS 18.1", d.operatingSystem());
        assertEquals("Ann's iPhone", d.friendlyName());
        assertEquals("Apple-iPhone16C2/2201.2", d.userAgent());
        assertEquals(first.firstSeen(), d.firstSeen());
        assertEquals(first.firstSeen().plus(Duration.ofMinutes(5)), d.lastSeen());
        assertEquals(DeviceState.BLOCKED, d.state());
        assertEquals("k1 1 - p - ", again.state("Ann", "D1", "policy").orElseThrow());

        assertTrue(again.remove("Ann", "D1"));
        assertTrue(again.find("Ann", "D1").isEmpty());
        assertTrue(again.state("Ann", "D1", "policy").isEmpty(), "forgetting a device forgets its protocol state");
        assertFalse(again.remove("Ann", "D1"));
        again.close();
    }

    @Test
    void rememberedStateIsInTheFileWithoutAClose() throws Exception {
        Path file = folder.resolve("devices.mv.db");
        MvDeviceRegistry r = new MvDeviceRegistry(file, clock);
        r.recordContact("Ann", "D1", "iPhone", null, "16.1");
        r.rememberState("Ann", "D1", "ping", "900\n3");
        assertEquals("900\n3", r.state("ann", "D1", "ping").orElseThrow());
        // what a killed process leaves: the file as it is now, the registry never closed
        Path copy = folder.resolve("copy.mv.db");
        java.nio.file.Files.copy(file, copy);
        MvDeviceRegistry after = new MvDeviceRegistry(copy, clock);
        assertEquals("900\n3", after.state("Ann", "D1", "ping").orElseThrow());
        after.close();
        r.close();
    }

    @Test
    void aDeviceCanBeBlockedBeforeItIsSeen() throws Exception {
        MvDeviceRegistry r = new MvDeviceRegistry(folder.resolve("d.mv.db"), clock);
        r.setState("Ann", "FUTURE", DeviceState.BLOCKED);
        Device d = r.recordContact("Ann", "FUTURE", "Android", null, "14.1");
        assertEquals(DeviceState.BLOCKED, d.state());
        assertEquals("Android", d.deviceType());
        assertNull(d.model());
        assertThrows(IllegalArgumentException.class, () -> r.updateInformation("Ann", "NEVER", "m", "o", "f"));
        r.close();
    }

    @Test
    void directivesDoNotRepeatAConfirmedWipe() throws Exception {
        MvDeviceRegistry r = new MvDeviceRegistry(folder.resolve("w.mv.db"), clock);
        assertTrue(DeviceDirective.apply(r, "Ann", "D2", DeviceState.WIPE_PENDING));
        r.setState("Ann", "D2", DeviceState.WIPED);
        assertFalse(DeviceDirective.apply(r, "Ann", "D2", DeviceState.WIPE_PENDING), "after a restart, the same directive");
        assertEquals(DeviceState.WIPED, r.find("Ann", "D2").orElseThrow().state());
        assertTrue(DeviceDirective.apply(r, "Ann", "D2", DeviceState.ALLOWED), "an explicit allow lets it back in");
        assertThrows(IllegalArgumentException.class, () -> DeviceDirective.apply(r, "Ann", "D2", DeviceState.WIPED));
        r.close();
    }
}
