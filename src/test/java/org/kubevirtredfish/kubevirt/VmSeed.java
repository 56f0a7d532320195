package org.kubevirtredfish.kubevirt;

import java.util.List;
import java.util.Map;

/**
 * A VM a contract test starts with: one boot disk {@code rootdisk} and one interface per MAC.
 *
 * @param memory      a Kubernetes quantity such as {@code 4Gi}
 * @param runStrategy e.g. Halted, or null when the VM uses {@code running}
 * @param running     the deprecated {@code spec.running}, or null with a runStrategy
 */
public record VmSeed(String namespace, String name, Map<String, String> labels, int cpus, String memory,
        List<String> macs, String runStrategy, Boolean running) {

    public static VmSeed halted(String namespace, String name, String mac) {
        return new VmSeed(namespace, name, Map.of("redfish-enabled", "true"), 2, "4Gi", List.of(mac), "Halted", null);
    }

    public static VmSeed notRunning(String namespace, String name, String mac) {
        return new VmSeed(namespace, name, Map.of("redfish-enabled", "true"), 1, "1024Mi", List.of(mac), null, false);
    }

    public VmId id() {
        return new VmId(namespace, name);
    }
}
