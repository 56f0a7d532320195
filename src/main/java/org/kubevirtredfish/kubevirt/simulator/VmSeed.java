package org.kubevirtredfish.kubevirt.simulator;

import java.util.List;
import java.util.Map;
import org.kubevirtredfish.kubevirt.VmId;

/** A demo VM as configured ({@code simulator.vms} of config.yaml): identity, labels and hardware. */
public record VmSeed(VmId id, Map<String, String> labels, int cpus, long memoryMiB, List<String> macs, boolean running) {

    public VmSeed {
        labels = Map.copyOf(labels);
        macs = List.copyOf(macs);
    }

    /**
     * Reads one entry of {@code simulator.vms}: {@code namespace}, {@code name}, {@code labels}, {@code cpus},
     * {@code memory} (a Kubernetes quantity such as 16Gi), {@code macs}, {@code run_strategy} (Always starts it).
     */
    @SuppressWarnings("unchecked")
    public static VmSeed fromConfig(Map<String, Object> entry) {
        Object labels = entry.getOrDefault("labels", Map.of());
        Object macs = entry.getOrDefault("macs", List.of());
        Map<String, String> labelMap = new java.util.LinkedHashMap<>();
        ((Map<String, Object>) labels).forEach((k, v) -> labelMap.put(k, String.valueOf(v)));
        return new VmSeed(
                new VmId(String.valueOf(entry.get("namespace")), String.valueOf(entry.get("name"))),
                labelMap,
                Integer.parseInt(String.valueOf(entry.getOrDefault("cpus", 1))),
                MemoryQuantity.toMiB(String.valueOf(entry.getOrDefault("memory", "1Gi"))),
                ((List<Object>) macs).stream().map(String::valueOf).toList(),
                "Always".equals(entry.get("run_strategy")));
    }
}
