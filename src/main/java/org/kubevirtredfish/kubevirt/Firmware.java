package org.kubevirtredfish.kubevirt;

/**
 * A VM's firmware settings: what its next instance gets (the template, else the running instance, else the VM's
 * preference) and what its current instance has.
 *
 * @param mode                UEFI ({@code bootloader.efi}) or Legacy ({@code bios}) of the next instance
 * @param secureBoot          UEFI secure boot of the next instance ({@code efi.secureBoot}; false with Legacy)
 * @param smm                 the SMM feature of the next instance ({@code features.smm})
 * @param instanceMode        the firmware the current instance booted; null when no instance runs
 * @param instanceSecureBoot  whether the current instance booted with secure boot
 * @param secureBootLocked    why this service does not change secure boot of this VM, or null when it may
 */
public record Firmware(BootMode mode, boolean secureBoot, boolean smm, BootMode instanceMode,
        boolean instanceSecureBoot,
        String secureBootLocked) {
}
