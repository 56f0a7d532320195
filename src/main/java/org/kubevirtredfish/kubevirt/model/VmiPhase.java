package org.kubevirtredfish.kubevirt.model;

/** A VMI's {@code status.phase}; KubeVirt v1.9.0 staging/src/kubevirt.io/api/core/v1/types.go, VirtualMachineInstancePhase. */
public enum VmiPhase {
    /** No phase written yet ({@code VmPhaseUnset}, the empty string). */
    Unset(""), Pending("Pending"), Scheduling("Scheduling"), Scheduled("Scheduled"), Running("Running"),
    Succeeded("Succeeded"), Failed("Failed"), Unknown("Unknown"), WaitingForSync("WaitingForSync");

    private final String value;

    VmiPhase(String value) {
        this.value = value;
    }

    /** The API's string for this phase ("" for {@link #Unset}). */
    public String value() {
        return value;
    }

    /** {@code IsFinal}: Succeeded or Failed. */
    public boolean isFinal() {
        return this == Succeeded || this == Failed;
    }

    /** {@code IsUnprocessed}: Pending or unset. */
    public boolean isUnprocessed() {
        return this == Pending || this == Unset;
    }

    /** The phase of an API string; null or "" is {@link #Unset}. */
    public static VmiPhase of(String phase) {
        if (phase == null || phase.isEmpty()) {
            return Unset;
        }
        for (VmiPhase p : values()) {
            if (p.value.equals(phase)) {
                return p;
            }
        }
        return Unknown;
    }
}
