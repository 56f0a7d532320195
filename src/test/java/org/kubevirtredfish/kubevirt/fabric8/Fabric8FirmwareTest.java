package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.GuestReboot;

/**
 * The effective firmware (template, else running instance, else preference) and what a guest reboot does, as pure
 * functions of the VM's JSON.
 */
class Fabric8FirmwareTest {

    private static JsonNode json(String s) {
        try {
            return KubeVirtResources.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode domain(String s) {
        return (ObjectNode) json(s);
    }

    private static FirmwareDefaults preference(String spec) {
        return new FirmwareDefaults(null, json(spec), null);
    }

    private static final String SECURE_PREFERENCE =
            "{\"firmware\":{\"preferredEfi\":{\"secureBoot\":true}},\"features\":{\"preferredSmm\":{}}}";

    @Test
    void aPreferenceGivesUefiToATemplateWithoutBootloaderAndAnExplicitTemplateValueWins() {
        FirmwareDefaults secure = preference(SECURE_PREFERENCE);
        assertEquals(BootMode.UEFI, secure.mode(domain("{}")));
        assertEquals(BootMode.Legacy, secure.mode(domain("{\"firmware\":{\"bootloader\":{\"bios\":{}}}}")));
        assertEquals(BootMode.Legacy, FirmwareDefaults.NONE.mode(domain("{}")));
        // applyFirmwarePreferences: preferredUseBios comes before preferredEfi; the deprecated preferredUseEfi counts
        assertEquals(BootMode.Legacy, preference("{\"firmware\":{\"preferredUseBios\":true,\"preferredEfi\":{}}}")
                .mode(domain("{}")));
        assertEquals(BootMode.UEFI, preference("{\"firmware\":{\"preferredUseEfi\":true}}").mode(domain("{}")));
    }

    @Test
    void aRunningInstanceTellsTheModeWhenTheTemplateDoesNot() {
        JsonNode efiInstance = json("{\"firmware\":{\"bootloader\":{\"efi\":{\"secureBoot\":false}}}}");
        assertEquals(BootMode.UEFI, new FirmwareDefaults(efiInstance, null, null).mode(domain("{}")));
        // the instance has the preference applied already: without a bootloader it is BIOS
        assertEquals(BootMode.Legacy, new FirmwareDefaults(json("{}"), json(SECURE_PREFERENCE), null)
                .mode(domain("{}")));
    }

    @Test
    void uefiFromAPreferenceIsLeftAloneSoItsSecureBootStays() {
        ObjectNode template = domain("{\"firmware\":{\"uuid\":\"u\"}}");
        preference(SECURE_PREFERENCE).setMode(template, BootMode.UEFI);
        assertEquals("{\"firmware\":{\"uuid\":\"u\"}}", template.toString());
    }

    @Test
    void legacyToUefiTakesTheInstancesOrThePreferencesEfiElseSecureBootExactlyWhenSmmIsOn() {
        ObjectNode bios = domain("{\"firmware\":{\"bootloader\":{\"bios\":{}}}}");
        new FirmwareDefaults(json("{\"firmware\":{\"bootloader\":{\"efi\":{\"secureBoot\":true,\"persistent\":true}}}}"),
                null, null).setMode(bios, BootMode.UEFI);
        assertEquals("{\"efi\":{\"secureBoot\":true,\"persistent\":true}}", bios.at("/firmware/bootloader").toString());

        ObjectNode bios2 = domain("{\"firmware\":{\"bootloader\":{\"bios\":{}}}}");
        preference(SECURE_PREFERENCE).setMode(bios2, BootMode.UEFI);
        assertEquals("{\"efi\":{\"secureBoot\":true}}", bios2.at("/firmware/bootloader").toString());

        ObjectNode withSmm = domain("{\"features\":{\"smm\":{}},\"firmware\":{\"bootloader\":{\"bios\":{}}}}");
        FirmwareDefaults.NONE.setMode(withSmm, BootMode.UEFI);
        assertEquals("{\"efi\":{\"secureBoot\":true}}", withSmm.at("/firmware/bootloader").toString());

        // admission refuses secure boot without SMM: an explicit false, as KubeVirt would not default it
        ObjectNode smmOff = domain("{\"features\":{\"smm\":{\"enabled\":false}}}");
        FirmwareDefaults.NONE.setMode(smmOff, BootMode.UEFI);
        assertEquals("{\"efi\":{\"secureBoot\":false}}", smmOff.at("/firmware/bootloader").toString());
    }

    @Test
    void uefiToLegacyWritesBiosOverThePreference() {
        ObjectNode template = domain("{}");
        preference(SECURE_PREFERENCE).setMode(template, BootMode.Legacy);
        assertEquals("{\"bios\":{}}", template.at("/firmware/bootloader").toString());
    }

    @Test
    void anUnreadablePreferenceRefusesASwitchToUefiRatherThanGuessSecureBoot() {
        FirmwareDefaults unknown = new FirmwareDefaults(null, null, "reading it failed (HTTP 403)");
        assertEquals(BootMode.Legacy, unknown.mode(domain("{}")));
        assertThrows(GatewayException.Unavailable.class, () -> unknown.setMode(domain("{}"), BootMode.UEFI));
    }

    @Test
    void secureBootIsAnEfiWithSecureBootUnsetOrTrueFromTheTemplateElseTheInstanceElseThePreference() {
        assertTrue(FirmwareDefaults.NONE.secureBoot(domain("{\"firmware\":{\"bootloader\":{\"efi\":{}}}}")),
                "unset is secure boot (secureBootEnabled)");
        assertFalse(FirmwareDefaults.NONE.secureBoot(
                domain("{\"firmware\":{\"bootloader\":{\"efi\":{\"secureBoot\":false}}}}")));
        assertFalse(FirmwareDefaults.NONE.secureBoot(domain("{}")), "no bootloader is BIOS");
        JsonNode secureInstance = json("{\"firmware\":{\"bootloader\":{\"efi\":{\"secureBoot\":true}}}}");
        assertTrue(new FirmwareDefaults(secureInstance, null, null).secureBoot(domain("{}")));
        assertTrue(preference(SECURE_PREFERENCE).secureBoot(domain("{}")));
        assertFalse(preference(SECURE_PREFERENCE).secureBoot(
                domain("{\"firmware\":{\"bootloader\":{\"bios\":{}}}}")), "an explicit template value wins");
    }

    @Test
    void secureBootOffKeepsSmmAndAnUnreadablePreferenceRefusesRatherThanGuess() {
        ObjectNode template = domain("{\"features\":{\"smm\":{}},\"firmware\":{\"bootloader\":{\"efi\":{}}}}");
        FirmwareDefaults.NONE.setSecureBoot(template, false);
        assertEquals("{\"features\":{\"smm\":{}},\"firmware\":{\"bootloader\":{\"efi\":{\"secureBoot\":false}}}}",
                template.toString());
        FirmwareDefaults unknown = new FirmwareDefaults(null, json("{\"firmware\":{\"preferredEfi\":{}}}"),
                "reading it failed (HTTP 403)");
        assertThrows(GatewayException.Unavailable.class, () -> unknown.setSecureBoot(domain("{}"), true));
        assertThrows(GatewayException.Conflict.class,
                () -> FirmwareDefaults.NONE.setSecureBoot(domain("{}"), true), "BIOS");
    }

    private static GuestReboot reboot(String spec) {
        return GuestRebootPolicy.of(json("{\"spec\":" + spec + "}"));
    }

    @Test
    void aGuestRebootIsANewInstanceOnlyWithRebootPolicyTerminateAndAlways() {
        String terminate = "\"template\":{\"spec\":{\"domain\":{\"rebootPolicy\":\"Terminate\"}}}";
        String reboot = "\"template\":{\"spec\":{\"domain\":{\"rebootPolicy\":\"Reboot\"}}}";
        assertEquals(GuestReboot.SameInstance, reboot("{\"runStrategy\":\"Always\"}"));
        assertEquals(GuestReboot.SameInstance, reboot("{\"runStrategy\":\"Always\"," + reboot + "}"));
        assertEquals(GuestReboot.NewInstance, reboot("{\"runStrategy\":\"Always\"," + terminate + "}"));
        assertEquals(GuestReboot.NewInstance, reboot("{\"running\":true," + terminate + "}"));
        // a power-on through virt-api turns Halted (or running: false) into Always
        assertEquals(GuestReboot.NewInstance, reboot("{\"runStrategy\":\"Halted\"," + terminate + "}"));
        assertEquals(GuestReboot.NewInstance, reboot("{\"running\":false," + terminate + "}"));
        assertEquals(GuestReboot.NewInstance, reboot("{" + terminate + "}"));
        for (String strategy : new String[] {"Manual", "RerunOnFailure", "Once"}) {
            assertEquals(GuestReboot.PowersOff, reboot("{\"runStrategy\":\"" + strategy + "\"," + terminate + "}"),
                    strategy);
        }
    }
}
