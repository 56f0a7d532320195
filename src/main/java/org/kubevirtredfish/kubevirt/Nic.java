package org.kubevirtredfish.kubevirt;

/** A VM network interface: its name in the VM spec and its MAC address (null when not yet known). */
public record Nic(String name, String macAddress) {
}
