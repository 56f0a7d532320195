package org.kubevirtredfish.kubevirt;

/**
 * The primitive lifecycle operations a backend performs. Redfish reset types are planned into
 * these by {@link ResetPlanner}, so both backends share one meaning of every ResetType.
 */
public enum PowerAction {
    /** Start the VM (a new instance boots). */
    START,
    /** Stop with the VM's termination grace period: ACPI shutdown first. */
    STOP,
    /** Stop with grace period 0. */
    FORCE_STOP,
    /** Graceful restart: a new instance boots. */
    RESTART,
    /** Restart with grace period 0: a new instance boots. */
    FORCE_RESTART,
    /** Pause the running instance. */
    PAUSE,
    /** Unpause the paused instance. */
    UNPAUSE
}
