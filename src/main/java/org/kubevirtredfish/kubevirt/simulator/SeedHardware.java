package org.kubevirtredfish.kubevirt.simulator;

import java.util.List;
import java.util.Map;

/**
 * The CPU and disks of a demo VM: {@code architecture} (KubeVirt's name, amd64 by default), {@code cpu_model}
 * ({@code host-model}, KubeVirt's default, unless set) and {@code disks} of its {@code simulator.vms} entry.
 *
 * @param architecture amd64, arm64 or s390x
 * @param cpuModel     the CPU model the domain gets
 * @param disks        the VM's disks, in order
 */
public record SeedHardware(String architecture, String cpuModel, List<Disk> disks) {

    /**
     * One disk backed by a claim (a DataVolume) or, with {@code sizeBytes} null, by a containerDisk.
     *
     * @param name      disk and volume name
     * @param bus       virtio, sata or scsi
     * @param serial    the disk's serial, or null
     * @param sizeBytes the claim's capacity, or null for a containerDisk
     */
    public record Disk(String name, String bus, String serial, Long sizeBytes) {
    }

    public SeedHardware {
        disks = List.copyOf(disks);
    }

    /** An amd64 VM with one 20 GiB virtio root disk on a DataVolume. */
    public static SeedHardware standard() {
        return new SeedHardware("amd64", "host-model", List.of(new Disk("rootdisk", "virtio", null, 20L << 30)));
    }

    @SuppressWarnings("unchecked")
    static SeedHardware fromConfig(Map<String, Object> entry) {
        SeedHardware standard = standard();
        Object disks = entry.get("disks");
        List<Disk> list = standard.disks();
        if (disks != null) {
            list = ((List<Map<String, Object>>) disks).stream().map(d -> new Disk(String.valueOf(d.get("name")),
                    String.valueOf(d.getOrDefault("bus", "virtio")),
                    d.get("serial") == null ? null : String.valueOf(d.get("serial")),
                    d.get("size") == null ? null : MemoryQuantity.toBytes(String.valueOf(d.get("size")))))
                    .toList();
        }
        return new SeedHardware(String.valueOf(entry.getOrDefault("architecture", standard.architecture())),
                String.valueOf(entry.getOrDefault("cpu_model", standard.cpuModel())), list);
    }
}
