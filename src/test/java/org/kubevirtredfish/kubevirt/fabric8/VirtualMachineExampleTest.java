package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.GuestReboot;
import org.kubevirtredfish.kubevirt.VirtualMachine;

/**
 * deploy/examples/virtualmachine.yaml, the VM the README recommends, read as the gateway reads a VM: a guest reboot
 * uses up a Once override, UEFI with secure boot that admission accepts, no CD-ROM of its own, selected by the
 * example chassis.
 */
class VirtualMachineExampleTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    private static Path project() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    private static JsonNode example() throws Exception {
        return YAML.readTree(project().resolve("deploy/examples/virtualmachine.yaml").toFile());
    }

    @Test
    void aGuestRebootOfTheExampleStartsANewInstanceSoOnceIsOneBoot() throws Exception {
        JsonNode vm = example();
        assertEquals("kubevirt.io/v1", vm.path("apiVersion").asText());
        assertEquals("VirtualMachine", vm.path("kind").asText());
        assertEquals("Halted", vm.at("/spec/runStrategy").asText());
        assertEquals("Terminate", vm.at("/spec/template/spec/domain/rebootPolicy").asText());
        VirtualMachine snapshot = VmSnapshots.of(vm, null, name -> null, Duration.ofMinutes(30),
                FirmwareDefaults.NONE);
        assertEquals(GuestReboot.NewInstance, snapshot.guestReboot());
        assertEquals(BootMode.UEFI, snapshot.boot().mode());
        assertTrue(snapshot.bootableSources().containsAll(java.util.Set.of(BootSource.Hdd, BootSource.Pxe)));
        assertNotNull(snapshot.nics().get(0).macAddress(), "a fixed MAC for the installer");
    }

    @Test
    void secureBootComesWithSmmAndTheTemplateHasNoCdromOfItsOwn() throws Exception {
        JsonNode domain = example().at("/spec/template/spec/domain");
        assertTrue(domain.at("/firmware/bootloader/efi/secureBoot").asBoolean(false));
        // admission refuses secure boot without SMM (vmi-create-admitter.go, validateDomainSpec)
        assertTrue(new FirmwareDefaults(null, null, null).smm(domain), "features.smm on");
        for (JsonNode disk : domain.at("/devices/disks")) {
            assertFalse(disk.has("cdrom"), "InsertMedia adds the CD-ROM: " + disk);
        }
    }

    @Test
    void theExampleChassisSelectsTheExampleVm() throws Exception {
        JsonNode secret = YAML.readTree(project().resolve("deploy/base/secret.yaml").toFile());
        JsonNode config = YAML.readTree(secret.at("/stringData/config.yaml").asText());
        JsonNode selector = config.at("/chassis/0/vm_selector/labels");
        assertFalse(selector.isMissingNode() || selector.isEmpty(), "the example chassis has a vm_selector");
        JsonNode labels = example().at("/metadata/labels");
        selector.fields().forEachRemaining(e -> assertEquals(e.getValue().asText(),
                labels.path(e.getKey()).asText(null), "VM label " + e.getKey()));
    }
}
