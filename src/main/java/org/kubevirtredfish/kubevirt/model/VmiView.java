package org.kubevirtredfish.kubevirt.model;

import java.util.List;

/**
 * What the rules read of a VMI.
 *
 * @param uid                            metadata.uid
 * @param phase                          status.phase
 * @param deleting                       metadata.deletionTimestamp is set ({@code IsMarkedForDeletion})
 * @param migrating                      a live migration runs ({@code migrations.IsMigrating})
 * @param conditions                     status.conditions (e.g. Paused, PodScheduled, Synchronized)
 * @param terminationGracePeriodSeconds  spec.terminationGracePeriodSeconds, null when unset
 */
public record VmiView(String uid, VmiPhase phase, boolean deleting, boolean migrating, List<Condition> conditions,
        Long terminationGracePeriodSeconds) {

    public VmiView {
        conditions = List.copyOf(conditions);
    }

    /** A VMI in this phase, not deleting, no conditions, the default grace period of 30 s. */
    public static VmiView of(String uid, VmiPhase phase) {
        return new VmiView(uid, phase, false, false, List.of(), KubeVirtTimings.DEFAULT_GRACE_PERIOD_SECONDS);
    }

    public VmiView withPhase(VmiPhase newPhase) {
        return new VmiView(uid, newPhase, deleting, migrating, conditions, terminationGracePeriodSeconds);
    }

    public VmiView withDeleting(boolean newDeleting) {
        return new VmiView(uid, phase, newDeleting, migrating, conditions, terminationGracePeriodSeconds);
    }

    public VmiView withMigrating(boolean newMigrating) {
        return new VmiView(uid, phase, deleting, newMigrating, conditions, terminationGracePeriodSeconds);
    }

    public VmiView withConditions(Condition... newConditions) {
        return new VmiView(uid, phase, deleting, migrating, List.of(newConditions), terminationGracePeriodSeconds);
    }

    public VmiView withTerminationGracePeriodSeconds(Long seconds) {
        return new VmiView(uid, phase, deleting, migrating, conditions, seconds);
    }

    /** Condition Paused=True. */
    public boolean paused() {
        return Condition.has(conditions, "Paused", "True");
    }
}
