package org.kubevirtredfish.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void aDecodedValueCannotForgeFieldsOrLines() {
        assertEquals("FORGE%20204%201ms%20user=admin%0Anext", LogText.decoded("FORGE 204 1ms user=admin\nnext"));
        assertEquals("%C3%A9%2525", LogText.decoded("\u00e9%25"));
        assertEquals("demo.control-plane-0", LogText.decoded("demo.control-plane-0"));
    }

    @Test
    void aRawUriKeepsItsEscapesAndEncodesIllegalCharacters() {
        assertEquals("/redfish/v1/Systems/a%7Cb%22%7B%7D%5E%3C%3E%20",
                LogText.raw("/redfish/v1/Systems/a|b\"{}^<> "));
        assertEquals("/redfish/v1/Systems/a%20b", LogText.raw("/redfish/v1/Systems/a%20b"));
    }

    @Test
    void longInputIsCut() {
        String logged = LogText.decoded("x".repeat(100_000));
        assertTrue(logged.length() <= LogText.MAX + 3);
        assertTrue(logged.endsWith("..."));
    }

    @Test
    void illegalUriCharactersAreRecognised() {
        for (String uri : new String[] {"/a|b", "/a\"b", "/a{b", "/a}b", "/a^b", "/a<b", "/a>b", "/a b",
                "/Syst\u00c3\u00a9ms", "/a%zz", "/a%4"}) {
            assertFalse(IllegalUriFilter.isLegal(uri), uri);
        }
        assertTrue(IllegalUriFilter.isLegal("/redfish/v1/Systems/demo.cp-0/Actions/ComputerSystem.Reset"));
        assertTrue(IllegalUriFilter.isLegal("/redfish/v1/Systems?$expand=*($levels=1)&a=%20"));
    }
}
