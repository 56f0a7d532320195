package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.kubevirtredfish.kubevirt.DriveInventory;
import org.kubevirtredfish.kubevirt.ProcessorInventory;

/** The CPUs and disks of a VM, from its VM and VMI and the claims behind its volumes. */
final class HardwareInventory {

    private HardwareInventory() {
    }

    /**
     * The running instance's CPU (where KubeVirt has applied an instancetype and its defaults), else the template's.
     * The architecture is the instance's {@code spec.architecture}, else the template's, which the VM mutating webhook
     * fills in with the cluster default (KubeVirt v1.9.0 pkg/defaults/defaults.go, SetVirtualMachineDefaults and
     * setDefaultArchitecture).
     */
    static ProcessorInventory processor(JsonNode vm, JsonNode vmi) {
        String arch = vmi == null ? null : KubeVirtResources.text(vmi, "/spec/architecture");
        if (arch == null || arch.isEmpty()) {
            arch = KubeVirtResources.text(vm, "/spec/template/spec/architecture");
        }
        if (arch != null && arch.isEmpty()) {
            arch = null;
        }
        JsonNode domain = VmSnapshots.sizing(vm, vmi);
        JsonNode cpu = domain.path("cpu");
        if (cpu.isMissingNode() && vmi == null && vm.at("/spec/instancetype").isObject()) {
            return ProcessorInventory.unknownTopology(arch);
        }
        // KubeVirt v1.9.0 pkg/virt-launcher/virtwrap/converter/vcpu/vcpu.go, GetCPUTopology: each unset count is 1;
        // with none set, the sockets are the CPU limit, else the CPU request (the same rule as
        // pkg/defaults/defaults.go, SetDefaultGuestCPUTopology)
        int cores = cpu.path("cores").asInt(0);
        int threads = cpu.path("threads").asInt(0);
        int sockets = cpu.path("sockets").asInt(0);
        if (cores == 0 && threads == 0 && sockets == 0) {
            sockets = cpuQuantity(domain, "limits");
            if (sockets == 0) {
                sockets = cpuQuantity(domain, "requests");
            }
        }
        String model = KubeVirtResources.text(cpu, "/model");
        return new ProcessorInventory(arch, Math.max(sockets, 1), Math.max(cores, 1), Math.max(threads, 1),
                model == null || model.isEmpty() ? null : model);
    }

    /** {@code resources.<kind>.cpu} rounded up as resource.Quantity.Value() does; 0 when unset. */
    private static int cpuQuantity(JsonNode domain, String kind) {
        String q = KubeVirtResources.text(domain, "/resources/" + kind + "/cpu");
        if (q == null) {
            return 0;
        }
        return new Quantity(q).getNumericalAmount().setScale(0, java.math.RoundingMode.CEILING).intValueExact();
    }

    /**
     * The template's disks (what the next instance gets, the virtual media CD-ROM included). A disk's capacity is
     * that of the bound claim behind it: {@code persistentVolumeClaim.claimName}, or a DataVolume, whose claim CDI
     * gives the DataVolume's name (CDI v1.66.0 pkg/controller/datavolume/controller-base.go,
     * createPvcForDatavolume passes datavolume.Name to newPersistentVolumeClaim).
     *
     * @param claimCapacity the capacity in bytes of a claim of the VM's namespace by name, or null when unknown
     */
    static List<DriveInventory> drives(JsonNode vm, Function<String, Long> claimCapacity) {
        JsonNode spec = vm.at("/spec/template/spec");
        String arch = KubeVirtResources.text(spec, "/architecture");
        List<DriveInventory> drives = new ArrayList<>();
        for (JsonNode disk : spec.at("/domain/devices/disks")) {
            String name = disk.path("name").asText();
            DriveInventory.Kind kind = disk.has("cdrom") ? DriveInventory.Kind.CDROM
                    : disk.has("lun") ? DriveInventory.Kind.LUN : DriveInventory.Kind.DISK;
            JsonNode device = disk.path(kind == DriveInventory.Kind.CDROM ? "cdrom"
                    : kind == DriveInventory.Kind.LUN ? "lun" : "disk");
            String bus = KubeVirtResources.text(device, "/bus");
            String claim = claimOf(spec.path("volumes"), name);
            Long capacity = kind == DriveInventory.Kind.CDROM || claim == null ? null : claimCapacity.apply(claim);
            drives.add(new DriveInventory(name, kind, bus == null || bus.isEmpty() ? defaultBus(arch) : bus,
                    KubeVirtResources.text(disk, "/serial"), capacity, claim));
        }
        return drives;
    }

    /**
     * KubeVirt v1.9.0 pkg/defaults/amd64.go, setDefaultAmd64DisksBus: sata for every disk, CD-ROM and LUN without a
     * bus; arm64.go, setDefaultArm64DisksBus, and s390x.go, setDefaultS390xDisksBus: virtio. A VM without an
     * architecture is taken as amd64, as {@link VirtualMedia#cdromBus} does.
     */
    static String defaultBus(String arch) {
        return arch == null || arch.isEmpty() || "amd64".equals(arch) ? "sata" : "virtio";
    }

    private static String claimOf(JsonNode volumes, String name) {
        for (JsonNode v : volumes) {
            if (!name.equals(v.path("name").asText())) {
                continue;
            }
            String claim = KubeVirtResources.text(v, "/persistentVolumeClaim/claimName");
            return claim != null ? claim : KubeVirtResources.text(v, "/dataVolume/name");
        }
        return null;
    }

    /** A bound claim's {@code status.capacity.storage} in bytes; null when the claim is not bound or says none. */
    static Long capacity(JsonNode claim) {
        if (claim == null || !"Bound".equals(KubeVirtResources.text(claim, "/status/phase"))) {
            return null;
        }
        String q = KubeVirtResources.text(claim, "/status/capacity/storage");
        return q == null ? null : Quantity.getAmountInBytes(new Quantity(q)).longValue();
    }
}
