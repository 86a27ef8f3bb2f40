package org.hearthsync.upnp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void classifiesRouterAddresses() {
        assertTrue(Addresses.isCarrierGradeNat(Addresses.v4(100, 64, 0, 1)));
        assertTrue(Addresses.isCarrierGradeNat(Addresses.v4(100, 127, 255, 254)));
        assertFalse(Addresses.isCarrierGradeNat(Addresses.v4(100, 128, 0, 1)));
        assertFalse(Addresses.isCarrierGradeNat(Addresses.v4(100, 63, 255, 255)));
        assertTrue(Addresses.isPrivate(Addresses.v4(10, 1, 2, 3)));
        assertTrue(Addresses.isPrivate(Addresses.v4(172, 16, 0, 1)));
        assertTrue(Addresses.isPrivate(Addresses.v4(172, 31, 255, 1)));
        assertFalse(Addresses.isPrivate(Addresses.v4(172, 32, 0, 1)));
        assertTrue(Addresses.isPrivate(Addresses.v4(192, 168, 178, 1)));
        assertFalse(Addresses.isShared(Addresses.v4(11, 22, 33, 1)));
        assertTrue(Addresses.isUnusable(Addresses.v4(0, 0, 0, 0)));
    }

    @Test
    void parsesOnlyIpv4LiteralsWithoutLookups() {
        assertEquals(Optional.of(Addresses.v4(11, 22, 33, 1)), Addresses.parseV4(" 11.22.33.1 "));
        assertEquals(Optional.empty(), Addresses.parseV4("router.example"));
        assertEquals(Optional.empty(), Addresses.parseV4("1.2.3.256"));
        assertEquals(Optional.empty(), Addresses.parseV4(""));
        assertEquals(Optional.empty(), Addresses.parseV4(null));
    }
}
