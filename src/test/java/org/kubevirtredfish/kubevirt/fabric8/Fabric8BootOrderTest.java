package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;

/** Boot order renumbering over every device, on a VM with arbitrary device names. */
class Fabric8BootOrderTest {

    private static ObjectNode vm(String devicesJson) throws Exception {
        return (ObjectNode) KubeVirtResources.MAPPER.readTree("""
                {"metadata":{"name":"v","namespace":"n","resourceVersion":"7"},
                 "spec":{"template":{"spec":{"domain":{"devices":%s}}}}}""".formatted(devicesJson));
    }

    private static final String DEVICES = """
            {"disks":[{"name":"os","disk":{"bus":"virtio"},"bootOrder":2},
                      {"name":"data","disk":{"bus":"virtio"}},
                      {"name":"install","cdrom":{"bus":"sata"},"bootOrder":5},
                      {"name":"san","lun":{}}],
             "interfaces":[{"name":"prov","bridge":{},"bootOrder":1},{"name":"mgmt","masquerade":{}}]}""";

    private static List<String> sequence(JsonNode vm) {
        List<String> keys = new ArrayList<>();
        DeviceOrder.of(vm.at("/spec/template/spec/domain/devices")).sequence().forEach(d -> keys.add(d.key()));
        return keys;
    }

    private static List<Integer> orders(JsonNode vm) {
        List<Integer> orders = new ArrayList<>();
        DeviceOrder.of(vm.at("/spec/template/spec/domain/devices")).snapshot().values().forEach(orders::add);
        return orders;
    }

    @Test
    void theTargetsDevicesComeFirstThenTheRestInTheirPreviousOrderWithUniqueNumbers() throws Exception {
        ObjectNode vm = vm(DEVICES);
        BootOrderEdit.set(vm, new BootOverride(BootSource.Hdd, BootOverrideEnabled.Once, BootMode.UEFI),
                null, FirmwareDefaults.NONE);
        assertEquals(List.of("disk/os", "disk/data", "disk/san", "interface/prov", "disk/install", "interface/mgmt"),
                sequence(vm));
        List<Integer> orders = orders(vm);
        assertEquals(orders.size(), new HashSet<>(orders).size(), "no duplicate bootOrder: " + orders);
        assertEquals(List.of(1, 2, 5, 3, 4, 6), orders);
    }

    @Test
    void switchingTargetsStartsFromTheOrderBeforeAnyOverrideAndDisabledRestoresIt() throws Exception {
        ObjectNode vm = vm(DEVICES);
        ObjectNode original = vm.deepCopy();
        BootOrderEdit.set(vm, new BootOverride(BootSource.Cd, BootOverrideEnabled.Continuous, BootMode.UEFI),
                null, FirmwareDefaults.NONE);
        assertEquals("disk/install", sequence(vm).get(0));
        BootOrderEdit.set(vm, new BootOverride(BootSource.Pxe, BootOverrideEnabled.Once, BootMode.UEFI),
                "uid-1", FirmwareDefaults.NONE);
        assertEquals(List.of("interface/prov", "interface/mgmt", "disk/os", "disk/install", "disk/data", "disk/san"),
                sequence(vm));
        BootOrderEdit.set(vm, new BootOverride(BootSource.Pxe, BootOverrideEnabled.Disabled, BootMode.UEFI),
                null, FirmwareDefaults.NONE);
        assertEquals(original.at("/spec/template/spec/domain/devices"), vm.at("/spec/template/spec/domain/devices"));
    }

    @Test
    void aOnceOverrideIsUsedUpByTheNextInstanceAndThenRestored() throws Exception {
        ObjectNode vm = vm(DEVICES);
        ObjectNode original = vm.deepCopy();
        BootOrderEdit.set(vm, new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI),
                "old-uid", FirmwareDefaults.NONE);
        BootOverrideRecord rec = BootOrderEdit.record(vm);
        assertEquals(false, rec.usedUp(new BootedInstance("old-uid", BootSource.Cd, ALL)));
        assertEquals(false, rec.usedUp(BootedInstance.NONE));
        assertEquals(true, rec.usedUp(new BootedInstance("new-uid", BootSource.Cd, ALL)));
        BootOrderEdit.endUsedUpOnce(vm, new BootedInstance("new-uid", BootSource.Cd, ALL));
        assertEquals(original.at("/spec/template/spec/domain/devices"), vm.at("/spec/template/spec/domain/devices"));
        assertEquals(BootOverrideEnabled.Disabled, BootOrderEdit.record(vm).enabled());
        assertEquals(BootSource.Cd, BootOrderEdit.record(vm).target());
    }

    /**
     * Ironic sets a Once override right after its reboot reads "on" (PoweringOn): the new VMI may already exist,
     * created from the older template, before the informer shows it. That instance boots its old first device and
     * must not use the override up; the next instance, which has the override's order, does.
     */
    @Test
    void anInstanceCreatedBeforeTheOverrideLandedDoesNotUseItUp() throws Exception {
        ObjectNode vm = vm(DEVICES);
        BootOrderEdit.set(vm, new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI),
                null, FirmwareDefaults.NONE);
        BootOverrideRecord rec = BootOrderEdit.record(vm);
        ObjectNode beforeEnd = vm.deepCopy();
        BootedInstance createdFromTheOldTemplate = new BootedInstance("racing-uid", BootSource.Hdd, ALL);
        assertEquals(false, rec.usedUp(createdFromTheOldTemplate));
        BootOrderEdit.endUsedUpOnce(vm, createdFromTheOldTemplate);
        assertEquals(beforeEnd, vm, "the override stays in force for the next boot");
        assertEquals(true, rec.usedUp(new BootedInstance("next-uid", BootSource.Cd, ALL)));
        // a VM without any CD-ROM yet (the media one comes with InsertMedia): the next instance still used it
        assertEquals(true, rec.usedUp(new BootedInstance("next-uid", BootSource.Hdd, java.util.Set.of(BootSource.Hdd))));
    }

    private static final java.util.Set<BootSource> ALL = java.util.Set.of(BootSource.Cd, BootSource.Hdd, BootSource.Pxe);

    @Test
    void theOverrideAndTheOrderAreOnePatchGuardedByWhatItReplaces() throws Exception {
        ObjectNode vm = vm(DEVICES);
        ObjectNode edited = vm.deepCopy();
        BootOrderEdit.set(edited, new BootOverride(BootSource.Pxe, BootOverrideEnabled.Once, BootMode.UEFI),
                null, FirmwareDefaults.NONE);
        var ops = VmPatcher.diff(vm, edited);
        List<String> paths = new ArrayList<>();
        ops.forEach(op -> paths.add(op.get("op").asText() + " " + op.get("path").asText()));
        // annotations and firmware are absent here: no test for absence exists, so the resourceVersion guards them
        assertEquals(List.of("test /metadata/resourceVersion", "add /metadata/annotations",
                "test /spec/template/spec/domain/devices/disks", "add /spec/template/spec/domain/devices/disks",
                "test /spec/template/spec/domain/devices/interfaces",
                "add /spec/template/spec/domain/devices/interfaces", "add /spec/template/spec/domain/firmware"), paths);
        assertEquals("{\"efi\":{\"secureBoot\":false}}",
                edited.at("/spec/template/spec/domain/firmware/bootloader").toString());
    }

    @Test
    void instanceBootDeviceIsTheLowestBootOrderElseTheFirstDisk() throws Exception {
        assertEquals(BootSource.Pxe, DeviceOrder.of(vm(DEVICES).at("/spec/template/spec/domain/devices")).first());
        assertEquals(BootSource.Hdd, DeviceOrder.of(vm("""
                {"disks":[{"name":"a","disk":{}}],"interfaces":[{"name":"n"}]}""")
                .at("/spec/template/spec/domain/devices")).first());
        assertNull(DeviceOrder.of(vm("{}").at("/spec/template/spec/domain/devices")).first());
    }

    @Test
    void bootableSourcesAreWhatTheVmHasPlusCd() throws Exception {
        assertEquals(java.util.Set.of(BootSource.Cd, BootSource.Hdd),
                VmSnapshots.bootableSources(vm("{\"disks\":[{\"name\":\"x\",\"disk\":{}}]}")
                        .at("/spec/template/spec/domain")));
        assertEquals(java.util.Set.of(BootSource.Cd), VmSnapshots.bootableSources(vm("{}").at("/spec/template/spec/domain")));
    }

    @Test
    void memoryOfAnyUnitIsMiB() throws Exception {
        for (Map.Entry<String, Long> e : Map.of("4Gi", 4096L, "512M", 488L, "1073741824", 1024L, "2048Mi", 2048L)
                .entrySet()) {
            JsonNode domain = KubeVirtResources.MAPPER.readTree("{\"memory\":{\"guest\":\"" + e.getKey() + "\"}}");
            assertEquals(e.getValue(), VmSnapshots.memoryMiB(domain), e.getKey());
        }
        assertEquals(3072, VmSnapshots.memoryMiB(KubeVirtResources.MAPPER.readTree(
                "{\"resources\":{\"requests\":{\"memory\":\"3Gi\"}}}")));
        var json = KubeVirtResources.MAPPER;
        assertEquals(8, VmSnapshots.cpus(json.readTree(
                "{\"spec\":{\"template\":{\"spec\":{\"domain\":{\"cpu\":{\"sockets\":2,\"cores\":2,\"threads\":2}}}}}}"), null));
        assertEquals(1, VmSnapshots.cpus(json.readTree("{\"spec\":{\"template\":{\"spec\":{\"domain\":{}}}}}"), null));
        // an instancetype sizes the VM: unknown while it is off, the running instance's expanded domain when on
        var typed = json.readTree("{\"spec\":{\"instancetype\":{\"name\":\"u1.large\"},"
                + "\"template\":{\"spec\":{\"domain\":{}}}}}");
        assertEquals(0, VmSnapshots.cpus(typed, null));
        var vmi = json.readTree("{\"spec\":{\"domain\":{\"cpu\":{\"sockets\":2,\"cores\":1,\"threads\":1},"
                + "\"memory\":{\"guest\":\"8Gi\"}}}}");
        assertEquals(2, VmSnapshots.cpus(typed, vmi));
        assertEquals(8192, VmSnapshots.memoryMiB(VmSnapshots.sizing(typed, vmi)));
    }
}
