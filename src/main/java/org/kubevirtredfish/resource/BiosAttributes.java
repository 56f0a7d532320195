package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.Firmware;
import org.kubevirtredfish.kubevirt.VirtualMachine;

/**
 * The BIOS attributes of a VM: its firmware settings as the next instance gets them, all read-only here (boot mode
 * and secure boot are changed through {@code Boot.BootSourceOverrideMode} and the SecureBoot resource; the rest is
 * the VM owner's).
 */
final class BiosAttributes {

    static final String BOOT_MODE = "BootMode";
    static final String SECURE_BOOT = "SecureBoot";
    static final String SMM = "Smm";
    static final String UUID = "SystemUUID";
    static final String SERIAL = "SystemSerialNumber";

    /** Every attribute this service may report, in order. */
    static final List<String> NAMES = List.of(BOOT_MODE, SECURE_BOOT, SMM, UUID, SERIAL);

    private BiosAttributes() {
    }

    /** The attributes as strings (Ironic stores BIOS setting values as text); a serial only when the VM has one. */
    static ObjectNode of(VirtualMachine vm, Firmware firmware) {
        ObjectNode a = Json.object();
        a.put(BOOT_MODE, firmware.mode().name());
        a.put(SECURE_BOOT, firmware.secureBoot() ? "Enabled" : "Disabled");
        a.put(SMM, firmware.smm() ? "Enabled" : "Disabled");
        a.put(UUID, vm.uuid());
        if (vm.serial() != null) {
            a.put(SERIAL, vm.serial());
        }
        return a;
    }

    /**
     * The firmware family, as DMTF {@code BiosVersion} ("the primary system firmware"): the Kubernetes API tells no
     * build. UEFI is OVMF (KubeVirt v1.9.0 pkg/virt-launcher/virtwrap/efi/efi.go); BIOS is QEMU's default SeaBIOS,
     * KubeVirt sets no loader for it.
     *
     * @param mode the firmware the VM runs ({@link VirtualMachine#firmwareInUse()})
     */
    static String version(BootMode mode) {
        return mode == BootMode.UEFI ? "OVMF (UEFI)" : "SeaBIOS (Legacy BIOS)";
    }
}
