package org.kubevirtredfish.kubevirt;

/** Boot devices a VM can be told to boot from; names are the Redfish BootSourceOverrideTarget values. */
public enum BootSource {
    None, Pxe, Cd, Hdd
}
