package org.kubevirtredfish.kubevirt;

/** Redfish BootSourceOverrideMode; UEFI is KubeVirt's {@code bootloader.efi}, Legacy is {@code bios}. */
public enum BootMode {
    UEFI, Legacy
}
