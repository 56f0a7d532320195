package org.kubevirtredfish.kubevirt;

/** The only five Redfish {@code PowerState} values this service ever reports. */
public enum PowerState {
    On, Off, PoweringOn, PoweringOff, Paused
}
