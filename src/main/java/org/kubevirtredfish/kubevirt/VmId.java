package org.kubevirtredfish.kubevirt;

import java.util.Objects;

/** A VirtualMachine's identity in the cluster: its namespace and name. */
public record VmId(String namespace, String name) implements Comparable<VmId> {

    public VmId {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** {@code namespace/name}, the form of the allowlist and of log lines. */
    @Override
    public String toString() {
        return namespace + "/" + name;
    }

    @Override
    public int compareTo(VmId o) {
        int c = namespace.compareTo(o.namespace);
        return c != 0 ? c : name.compareTo(o.name);
    }
}
