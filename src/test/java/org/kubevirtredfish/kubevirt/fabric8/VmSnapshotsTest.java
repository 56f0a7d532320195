package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VirtualMachine;

/** The snapshot built from the VM and VMI JSON: firmware UUID and S1 power state. */
class VmSnapshotsTest {

    private static JsonNode json(String json) throws Exception {
        return KubeVirtResources.MAPPER.readTree(json.replace('\'', '"'));
    }

    private static JsonNode vm(String name, String specExtra, String printableStatus) throws Exception {
        return json("{'metadata':{'namespace':'ns-a','name':'" + name + "','uid':'0c5a4a4e-0000-4000-8000-000000000001'},"
                + "'spec':{" + specExtra + "'template':{'spec':{'domain':{'devices':{}}}}},"
                + "'status':{'printableStatus':'" + printableStatus + "'}}");
    }

    /**
     * Without firmware.uuid the guest gets uuid5(6a1a24a1-4061-4607-8bf4-a3963d0c5895, name) (KubeVirt v1.9.0
     * firmware.go CalculateLegacyUUID); expected values computed with Python's uuid.uuid5 for the same inputs.
     */
    @Test
    void withoutFirmwareUuidTheSystemUuidIsKubeVirtsNameBasedUuid() throws Exception {
        assertEquals("c231b3a2-3b1f-59ff-b8d6-fef5c776defc",
                VmSnapshots.of(vm("alpha", "'runStrategy':'Halted',", "Stopped"), null, n -> null,
                        Duration.ofMinutes(1), FirmwareDefaults.NONE).uuid());
        assertEquals("41256f5f-3759-54d0-9c60-26dff9079ab1", FirmwareUuid.of("my-vm").toString());
    }

    @Test
    void aFirmwareUuidInTheTemplateWins() throws Exception {
        JsonNode vm = vm("alpha", "'runStrategy':'Halted',", "Stopped");
        ((com.fasterxml.jackson.databind.node.ObjectNode) vm.at("/spec/template/spec/domain"))
                .putObject("firmware").put("uuid", "11111111-2222-3333-4444-555555555555");
        assertEquals("11111111-2222-3333-4444-555555555555",
                VmSnapshots.of(vm, null, n -> null, Duration.ofMinutes(1), FirmwareDefaults.NONE).uuid());
    }

    /** S1 through the snapshot: run strategy and VMI phase come from the resources. */
    @Test
    void aStoppedVmWhoseDataVolumeProvisionsReadsOff() throws Exception {
        assertEquals(PowerState.Off, VmSnapshots.of(vm("alpha", "'runStrategy':'Halted',", "Provisioning"), null,
                n -> null, Duration.ofMinutes(1), FirmwareDefaults.NONE).powerState());
        assertEquals(PowerState.Off, VmSnapshots.of(vm("alpha", "'running':false,", "DataVolumeError"),
                json("{'metadata':{'uid':'u1'},'status':{'phase':'Succeeded'}}"), n -> null,
                Duration.ofMinutes(1), FirmwareDefaults.NONE).powerState());
        assertEquals(PowerState.PoweringOn, VmSnapshots.of(vm("alpha", "'runStrategy':'Always',", "Provisioning"),
                null, n -> null, Duration.ofMinutes(1), FirmwareDefaults.NONE).powerState());
    }

    @Test
    void anInstanceBeingDeletedReadsPoweringOffWhileTheVmStatusLags() throws Exception {
        assertEquals(PowerState.PoweringOff, VmSnapshots.of(vm("alpha", "'runStrategy':'Halted',", "Running"),
                json("{'metadata':{'uid':'u1','deletionTimestamp':'2026-01-01T00:00:00Z'},'status':{'phase':'Running'}}"),
                n -> null, Duration.ofMinutes(1), FirmwareDefaults.NONE).powerState());
    }

    /**
     * The firmware the System reports (BiosVersion) is in the snapshot: the running instance's, which KubeVirt
     * expanded with the preference (an instance without a bootloader boots BIOS), else the next instance's.
     */
    @Test
    void theSnapshotCarriesTheFirmwareTheInstanceBootedAndTheNextOne() throws Exception {
        JsonNode uefiTemplate = vm("alpha", "'runStrategy':'Always',", "Running");
        ((com.fasterxml.jackson.databind.node.ObjectNode) uefiTemplate.at("/spec/template/spec/domain"))
                .putObject("firmware").putObject("bootloader").putObject("efi");
        JsonNode biosInstance = json("{'metadata':{'uid':'u1'},'spec':{'domain':{'devices':{}}},"
                + "'status':{'phase':'Running'}}");
        VirtualMachine running = VmSnapshots.of(uefiTemplate, biosInstance, n -> null, Duration.ofMinutes(1),
                new FirmwareDefaults(biosInstance.at("/spec/domain"), null, null));
        assertEquals(BootMode.Legacy, running.instanceFirmware(), "the instance booted before the template changed");
        assertEquals(BootMode.UEFI, running.boot().mode(), "the next instance");
        assertEquals(BootMode.Legacy, running.firmwareInUse());

        VirtualMachine stopped = VmSnapshots.of(uefiTemplate, null, n -> null, Duration.ofMinutes(1),
                FirmwareDefaults.NONE);
        assertEquals(null, stopped.instanceFirmware());
        assertEquals(BootMode.UEFI, stopped.firmwareInUse());
    }

    @ParameterizedTest(name = "{0} -> set to run {1}")
    @CsvSource(nullValues = "-", value = {
        "'{\"runStrategy\":\"Halted\"}', false",
        "'{\"runStrategy\":\"Manual\"}', false",
        "'{\"runStrategy\":\"Always\"}', true",
        "'{\"runStrategy\":\"RerunOnFailure\"}', true",
        "'{\"runStrategy\":\"Once\"}', true",
        "'{\"running\":true}', true",
        "'{\"running\":false}', false",
        "'{}', false",
    })
    void runStrategyAndRunningSayWhetherTheVmIsSetToRun(String spec, boolean expected) throws Exception {
        assertEquals(expected, VmSnapshots.setToRun(KubeVirtResources.MAPPER.readTree("{\"spec\":" + spec + "}")));
    }
}
