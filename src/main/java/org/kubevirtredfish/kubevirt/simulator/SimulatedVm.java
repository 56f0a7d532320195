package org.kubevirtredfish.kubevirt.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.GuestReboot;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.Nic;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VirtualMachine;

/**
 * The mutable state of one simulated VM, in KubeVirt's terms: printableStatus, the running instance and the
 * device it booted from. Guarded by the lock of {@link SimulatedKubeVirt}.
 */
final class SimulatedVm {

    final VmSeed seed;
    final String uuid;
    final String serial;
    String status;
    BootOverride boot = BootOverride.none(BootMode.UEFI);
    MediaState media = MediaState.empty();
    String instanceId;
    BootSource instanceBootDevice;
    /** A start requested while the media import runs: performed when the import ends. */
    boolean startPending;
    /** Bumped by every power action and import: a scheduled step whose ticket is stale does nothing. */
    long transitionTicket;
    long importTicket;

    SimulatedVm(VmSeed seed) {
        this.seed = seed;
        byte[] name = (seed.id().namespace() + "/" + seed.id().name()).getBytes(StandardCharsets.UTF_8);
        this.uuid = UUID.nameUUIDFromBytes(name).toString();
        this.serial = "KV-" + uuid.substring(0, 8).toUpperCase();
        this.status = "Stopped";
    }

    static PowerState powerStateOf(String printableStatus) {
        return switch (printableStatus) {
            case "Running" -> PowerState.On;
            case "Paused" -> PowerState.Paused;
            case "Provisioning", "Starting" -> PowerState.PoweringOn;
            case "Stopping" -> PowerState.PoweringOff;
            default -> PowerState.Off;
        };
    }

    Set<BootSource> bootableSources() {
        Set<BootSource> sources = EnumSet.of(BootSource.Hdd, BootSource.Cd);
        if (!seed.macs().isEmpty()) {
            sources.add(BootSource.Pxe);
        }
        return sources;
    }

    /** What a new instance boots: the override target if set, else the disk; a CD with no ready image is skipped. */
    BootSource firstBootDevice() {
        List<BootSource> order = new ArrayList<>();
        if (boot.enabled() != BootOverrideEnabled.Disabled && boot.target() != BootSource.None) {
            order.add(boot.target());
        }
        order.add(BootSource.Hdd);
        return order.stream()
                .filter(s -> s != BootSource.Cd || media.phase() == MediaState.Phase.READY)
                .findFirst().orElse(BootSource.Hdd);
    }


    VirtualMachine snapshot() {
        List<Nic> nics = new ArrayList<>();
        for (int i = 0; i < seed.macs().size(); i++) {
            nics.add(new Nic(i == 0 ? "default" : "nic" + i, seed.macs().get(i)));
        }
        return new VirtualMachine(seed.id(), uuid, serial, seed.labels(), powerStateOf(status), status,
                seed.cpus(), seed.memoryMiB(), nics, boot, bootableSources(), media,
                instanceId == null ? null : instanceBootDevice, instanceId,
                // a simulated VM has no rebootPolicy: KubeVirt's default, the guest reboots in its instance
                GuestReboot.SameInstance);
    }
}
