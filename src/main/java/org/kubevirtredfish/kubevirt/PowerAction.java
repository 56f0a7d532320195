package org.kubevirtredfish.kubevirt;

/**
 * The primitive lifecycle operations a backend performs. Redfish reset types are planned into
 * these by {@link ResetPlanner}, so both backends share one meaning of every ResetType.
 */
public enum PowerAction {
    /** Start the VM (a new instance boots). */
    START,
    /**
     * Power on a VM whose previous instance is still shutting down (PoweringOff). The backend accepts it at once
     * and HOLDS it exactly like a power-on held for a media import: from the moment {@code power} returns the VM
     * reads PoweringOn, and the start is issued only once the old instance is gone (and any media import has
     * ended; a failed import drops it and the VM stays Off). A stop (FORCE_STOP, STOP) drops the hold. It never
     * restarts or stops the old instance itself.
     */
    START_AFTER_STOP,
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
