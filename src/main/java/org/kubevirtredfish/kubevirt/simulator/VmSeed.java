package org.kubevirtredfish.kubevirt.simulator;

import java.util.List;
import java.util.Map;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.model.RunStrategy;

/**
 * A demo VM as configured ({@code simulator.vms} of config.yaml): identity, labels, hardware and how it is set to run,
 * either by {@code spec.runStrategy} or, when that is null, by the deprecated {@code spec.running}.
 */
public record VmSeed(VmId id, Map<String, String> labels, int cpus, long memoryMiB, List<String> macs,
        String runStrategy, Boolean specRunning, SeedHardware hardware) {

    public VmSeed {
        labels = Map.copyOf(labels);
        macs = List.copyOf(macs);
        if ((runStrategy == null) == (specRunning == null)) {
            throw new IllegalArgumentException(id + ": exactly one of run_strategy and running must be set");
        }
        RunStrategy.of(runStrategy, specRunning); // an unknown run strategy is refused here
    }

    /** With {@link SeedHardware#standard()} hardware. */
    public VmSeed(VmId id, Map<String, String> labels, int cpus, long memoryMiB, List<String> macs,
            String runStrategy, Boolean specRunning) {
        this(id, labels, cpus, memoryMiB, macs, runStrategy, specRunning, SeedHardware.standard());
    }

    /** A VM with runStrategy Always (started with the simulator) or Halted. */
    public VmSeed(VmId id, Map<String, String> labels, int cpus, long memoryMiB, List<String> macs, boolean running) {
        this(id, labels, cpus, memoryMiB, macs, running ? "Always" : "Halted", null);
    }

    /** Whether the VM is set to run (Always, RerunOnFailure, Once, or running: true): it starts with the simulator. */
    public boolean running() {
        return VmStatus.setToRun(RunStrategy.of(runStrategy, specRunning));
    }

    /**
     * Reads one entry of {@code simulator.vms}: {@code namespace}, {@code name}, {@code labels}, {@code cpus},
     * {@code memory} (a Kubernetes quantity such as 16Gi), {@code macs}, and {@code run_strategy} (Always,
     * RerunOnFailure and Once start it; Halted, the default, and Manual do not) or {@code running} (true or false),
     * and the hardware of {@link SeedHardware#fromConfig}.
     */
    @SuppressWarnings("unchecked")
    public static VmSeed fromConfig(Map<String, Object> entry) {
        Object labels = entry.getOrDefault("labels", Map.of());
        Object macs = entry.getOrDefault("macs", List.of());
        Map<String, String> labelMap = new java.util.LinkedHashMap<>();
        ((Map<String, Object>) labels).forEach((k, v) -> labelMap.put(k, String.valueOf(v)));
        Object strategy = entry.get("run_strategy");
        Object running = entry.get("running");
        return new VmSeed(
                new VmId(String.valueOf(entry.get("namespace")), String.valueOf(entry.get("name"))),
                labelMap,
                Integer.parseInt(String.valueOf(entry.getOrDefault("cpus", 1))),
                MemoryQuantity.toMiB(String.valueOf(entry.getOrDefault("memory", "1Gi"))),
                ((List<Object>) macs).stream().map(String::valueOf).toList(),
                strategy != null ? String.valueOf(strategy) : running != null ? null : "Halted",
                running == null ? null : Boolean.valueOf(String.valueOf(running)),
                SeedHardware.fromConfig(entry));
    }
}
