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
import org.kubevirtredfish.kubevirt.DriveInventory;
import org.kubevirtredfish.kubevirt.Firmware;
import org.kubevirtredfish.kubevirt.GuestReboot;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.Nic;
import org.kubevirtredfish.kubevirt.ProcessorInventory;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.model.RunStrategy;
import org.kubevirtredfish.kubevirt.model.StateChangeRequest;
import org.kubevirtredfish.kubevirt.model.VmView;

/**
 * What a cluster holds for one simulated VM: its run strategy (or {@code spec.running}) and state change requests,
 * its instance (VMI), the DataVolume of its virtual CD, its boot override, and the power-on this service holds
 * (the annotation of the fabric8 gateway). Everything Redfish reads is derived from that. Guarded by the lock of
 * {@link SimulatedKubeVirt}.
 */
final class SimulatedVm {

    final VmSeed seed;
    /** The seed's labels until {@link SimulatedKubeVirt#relabel} replaces them. */
    java.util.Map<String, String> labels;
    final String uuid;
    final String serial;
    /** The effective run strategy; with {@link #runningField} it is spec.running (Always: true, Halted: false). */
    RunStrategy runStrategy;
    final boolean runningField;
    /** status.stateChangeRequests not yet acted on by the simulated virt-controller. */
    List<StateChangeRequest> requests = List.of();
    SimulatedInstance instance;
    SimulatedDataVolume dataVolume;
    /** A power-on accepted while it cannot be issued yet (old instance terminating, media importing). */
    boolean heldStart;
    /** The uid of the instance the held power-on waits to be gone, or null. */
    String heldFor;
    BootOverride boot = BootOverride.none(BootMode.UEFI);
    /** The template's {@code efi.secureBoot} and {@code features.smm}; secure boot applies only in UEFI mode. */
    boolean secureBoot;
    boolean smm;

    SimulatedVm(VmSeed seed) {
        this.seed = seed;
        this.labels = seed.labels();
        this.runStrategy = RunStrategy.of(seed.runStrategy(), seed.specRunning());
        this.runningField = seed.specRunning() != null;
        byte[] name = (seed.id().namespace() + "/" + seed.id().name()).getBytes(StandardCharsets.UTF_8);
        this.uuid = UUID.nameUUIDFromBytes(name).toString();
        this.serial = "KV-" + uuid.substring(0, 8).toUpperCase();
    }

    /** The VMI, if one exists that is not final. */
    SimulatedInstance liveInstance() {
        return instance != null && instance.live() ? instance : null;
    }

    /** What KubeVirt's rules read of this VM. */
    VmView view() {
        return new VmView(seed.id().name(), runStrategy, runningField, false, requests,
                instance == null ? null : instance.view(), false, false, 0,
                dataVolume == null ? List.of() : List.of(dataVolume.view()), false, List.of());
    }

    MediaState media() {
        return dataVolume == null ? MediaState.empty() : dataVolume.media();
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
                .filter(s -> s != BootSource.Cd || media().phase() == MediaState.Phase.READY)
                .findFirst().orElse(BootSource.Hdd);
    }

    /** A new VMI: it boots with the template's boot order and firmware as they are now. */
    SimulatedInstance newInstance() {
        return new SimulatedInstance(firstBootDevice(), boot.mode(), firmware().secureBoot());
    }

    Firmware firmware() {
        SimulatedInstance live = liveInstance();
        return new Firmware(boot.mode(), boot.mode() == BootMode.UEFI && secureBoot, smm,
                live == null ? null : live.mode, live != null && live.secureBoot, null);
    }

    VirtualMachine snapshot() {
        SimulatedInstance live = liveInstance();
        List<Nic> nics = new ArrayList<>();
        for (int i = 0; i < seed.macs().size(); i++) {
            nics.add(new Nic(i == 0 ? "default" : "nic" + i, seed.macs().get(i)));
        }
        return new VirtualMachine(seed.id(), uuid, serial, labels, VmStatus.powerState(this),
                VmStatus.printableStatus(this).name(), seed.cpus(), seed.memoryMiB(), nics, boot, bootableSources(), media(),
                instance == null ? null : instance.bootDevice, instance == null ? null : instance.uid,
                // a simulated VM has no rebootPolicy: KubeVirt's default, the guest reboots in its instance
                GuestReboot.SameInstance,
                new ProcessorInventory(seed.hardware().architecture(), 1, seed.cpus(), 1, seed.hardware().cpuModel()),
                drives(), live == null ? null : live.mode);
    }

    /** The seed's disks, then the virtual media CD-ROM while media is inserted (as the fabric8 gateway adds it). */
    private List<DriveInventory> drives() {
        List<DriveInventory> drives = new ArrayList<>();
        for (SeedHardware.Disk d : seed.hardware().disks()) {
            drives.add(new DriveInventory(d.name(), DriveInventory.Kind.DISK, d.bus(), d.serial(), d.sizeBytes(),
                    d.sizeBytes() == null ? null : seed.id().name() + "-" + d.name()));
        }
        if (dataVolume != null) {
            // the CD-ROM bus of the fabric8 gateway: sata on amd64, scsi elsewhere (VirtualMedia.cdromBus)
            drives.add(new DriveInventory("redfish-cd", DriveInventory.Kind.CDROM,
                    "amd64".equals(seed.hardware().architecture()) ? "sata" : "scsi", null, null, dataVolume.name));
        }
        return drives;
    }
}
