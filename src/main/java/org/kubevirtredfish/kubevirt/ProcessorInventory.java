package org.kubevirtredfish.kubevirt;

/**
 * The virtual CPUs of a VM as the guest sees them: KubeVirt's architecture and CPU topology.
 *
 * @param architecture KubeVirt's architecture name ({@code amd64}, {@code arm64}, {@code s390x}), or null when the
 *                     VM does not say
 * @param sockets      sockets; 0 while the topology is unknown (an instancetype sizes a VM that is not running)
 * @param cores        cores per socket (0 while unknown)
 * @param threads      threads per core (0 while unknown)
 * @param model        the CPU model ({@code host-model}, {@code host-passthrough} or a named model), or null when
 *                     the cluster default applies and no instance shows which one
 */
public record ProcessorInventory(String architecture, int sockets, int cores, int threads, String model) {

    /** An architecture without a known topology. */
    public static ProcessorInventory unknownTopology(String architecture) {
        return new ProcessorInventory(architecture, 0, 0, 0, null);
    }

    public boolean known() {
        return sockets > 0 && cores > 0 && threads > 0;
    }

    /** vCPUs: sockets x cores x threads; 0 while unknown. */
    public int logicalProcessors() {
        return known() ? sockets * cores * threads : 0;
    }
}
