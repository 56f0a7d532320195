package org.kubevirtredfish.kubevirt;

/** The Redfish ResetType values this service implements (all of them are advertised). */
public enum ResetType {
    On, ForceOff, GracefulShutdown, GracefulRestart, ForceRestart, PushPowerButton, PowerCycle,
    Pause, Resume
}
