package org.kubevirtredfish.kubevirt;

/** Redfish BootSourceOverrideEnabled: Once lasts exactly one boot, then reads Disabled. */
public enum BootOverrideEnabled {
    Disabled, Once, Continuous
}
