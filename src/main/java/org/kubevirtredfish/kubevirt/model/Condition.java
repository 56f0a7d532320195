package org.kubevirtredfish.kubevirt.model;

import java.util.List;
import java.util.Optional;

/** A Kubernetes-style status condition (VMI, VM or DataVolume). {@code reason} and {@code message} may be null. */
public record Condition(String type, String status, String reason, String message) {

    public static Condition isTrue(String type) {
        return new Condition(type, "True", null, null);
    }

    public boolean is(String type, String status) {
        return this.type.equals(type) && status.equals(this.status);
    }

    public boolean is(String type, String status, String reason) {
        return is(type, status) && reason.equals(this.reason);
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    public static boolean has(List<Condition> conditions, String type, String status) {
        return conditions.stream().anyMatch(c -> c.is(type, status));
    }
}
