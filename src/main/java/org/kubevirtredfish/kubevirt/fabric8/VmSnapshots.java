package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.Nic;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.PowerStateMapper;
import org.kubevirtredfish.kubevirt.ProcessorInventory;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmId;

/** Builds the gateway's {@link VirtualMachine} snapshot from a VM, its VMI and its media DataVolume. */
final class VmSnapshots {

    private static final String DOMAIN = "/spec/template/spec/domain";
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);

    private VmSnapshots() {
    }

    /**
     * @param vm          the VirtualMachine as JSON
     * @param vmi         its VirtualMachineInstance as JSON, or null
     * @param dataVolumes DataVolume JSON by name (null when unknown)
     * @param downloadTimeout how long an import may take
     * @param firmware    where the firmware comes from when the template does not say
     */
    static VirtualMachine of(JsonNode vm, JsonNode vmi, Function<String, JsonNode> dataVolumes,
            Duration downloadTimeout, FirmwareDefaults firmware) {
        return of(vm, vmi, dataVolumes, claim -> null, downloadTimeout, firmware);
    }

    /**
     * @param claimCapacity the capacity in bytes of a PersistentVolumeClaim of the VM's namespace, or null when unknown
     */
    static VirtualMachine of(JsonNode vm, JsonNode vmi, Function<String, JsonNode> dataVolumes,
            Function<String, Long> claimCapacity, Duration downloadTimeout, FirmwareDefaults firmware) {
        JsonNode meta = vm.path("metadata");
        VmId id = new VmId(meta.path("namespace").asText(), meta.path("name").asText());
        JsonNode domain = vm.at(DOMAIN);
        String instanceUid = KubeVirtResources.text(vmi, "/metadata/uid");
        MediaState media = VirtualMedia.state(vm, dataVolumes, downloadTimeout, Instant.now());
        String printable = KubeVirtResources.text(vm, "/status/printableStatus");
        // a hold whose import has failed is over even before the reconciler removes its annotation (S4)
        boolean held = (annotation(vm, KubeVirtResources.PENDING_START_ANNOTATION) != null
                || annotation(vm, KubeVirtResources.START_ISSUING_ANNOTATION) != null)
                && media.phase() != MediaState.Phase.FAILED;
        PowerState power = PowerStateMapper.map(printable, setToRun(vm), instance(vmi), held);
        String uuid = KubeVirtResources.text(domain, "/firmware/uuid");
        ProcessorInventory processor = HardwareInventory.processor(vm, vmi);
        JsonNode instanceDomain = FirmwareDefaults.instanceDomain(vmi);
        return new VirtualMachine(id,
                uuid != null ? uuid : FirmwareUuid.of(id.name()).toString(),
                KubeVirtResources.text(domain, "/firmware/serial"),
                labels(meta.path("labels")),
                power,
                printable == null ? "Unknown" : printable,
                processor.logicalProcessors(),
                memoryMiB(sizing(vm, vmi)),
                nics(domain, vmi),
                bootOverride(vm, BootedInstance.of(vmi), firmware.mode(domain)),
                bootableSources(domain),
                media,
                vmi == null ? null : DeviceOrder.of(vmi.at("/spec/domain/devices")).first(),
                instanceUid,
                GuestRebootPolicy.of(vm),
                processor,
                HardwareInventory.drives(vm, claimCapacity),
                instanceDomain == null ? null : FirmwareDefaults.instanceMode(instanceDomain));
    }

    /**
     * Whether the VM asks for an instance: runStrategy Always, RerunOnFailure, Once (or another strategy than Halted
     * and Manual), or {@code spec.running: true}. Neither field set means Halted (KubeVirt v1.9.0
     * staging/src/kubevirt.io/api/core/v1/types.go, VirtualMachine.RunStrategy).
     */
    static boolean setToRun(JsonNode vm) {
        JsonNode spec = vm.path("spec");
        if (spec.path("running").isBoolean()) {
            return spec.path("running").asBoolean();
        }
        String strategy = spec.path("runStrategy").asText("Halted");
        return !"Halted".equals(strategy) && !"Manual".equals(strategy);
    }

    static String annotation(JsonNode vm, String key) {
        return KubeVirtResources.text(vm, "/metadata/annotations/" + key.replace("/", "~1"));
    }

    /** The VMI as the power state mapping needs it, or null when there is none. */
    static PowerStateMapper.Instance instance(JsonNode vmi) {
        if (vmi == null) {
            return null;
        }
        return new PowerStateMapper.Instance(KubeVirtResources.text(vmi, "/status/phase"),
                KubeVirtResources.text(vmi, "/metadata/deletionTimestamp") != null, paused(vmi));
    }

    private static boolean paused(JsonNode vmi) {
        if (vmi == null) {
            return false;
        }
        for (JsonNode c : vmi.at("/status/conditions")) {
            if ("Paused".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> result = new TreeMap<>();
        labels.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return Map.copyOf(result);
    }

    /**
     * The domain whose CPU and memory to report: the running instance's, where KubeVirt has already expanded an
     * instancetype, else the VM template's.
     */
    static JsonNode sizing(JsonNode vm, JsonNode vmi) {
        JsonNode running = vmi == null ? null : vmi.at("/spec/domain");
        return running != null && !running.isMissingNode() ? running : vm.at(DOMAIN);
    }

    /**
     * sockets × cores × threads ({@link HardwareInventory#processor}); 0 (unknown) when an instancetype sizes a VM that
     * is not running.
     */
    static int cpus(JsonNode vm, JsonNode vmi) {
        return HardwareInventory.processor(vm, vmi).logicalProcessors();
    }

    /** {@code memory.guest}, else {@code resources.requests.memory}, in MiB (0 when neither is set). */
    static long memoryMiB(JsonNode domain) {
        String q = KubeVirtResources.text(domain, "/memory/guest");
        if (q == null) {
            q = KubeVirtResources.text(domain, "/resources/requests/memory");
        }
        return q == null ? 0 : Quantity.getAmountInBytes(new Quantity(q)).divide(MIB, java.math.RoundingMode.DOWN)
                .longValue();
    }

    /** The template's interfaces; a running instance's reported MAC wins over the configured one. */
    private static List<Nic> nics(JsonNode domain, JsonNode vmi) {
        Map<String, String> reported = new TreeMap<>();
        if (vmi != null) {
            for (JsonNode i : vmi.at("/status/interfaces")) {
                if (i.hasNonNull("name") && i.hasNonNull("mac")) {
                    reported.put(i.get("name").asText(), i.get("mac").asText());
                }
            }
        }
        List<Nic> nics = new ArrayList<>();
        for (JsonNode i : domain.at("/devices/interfaces")) {
            String name = i.path("name").asText();
            nics.add(new Nic(name, reported.getOrDefault(name, i.path("macAddress").asText(null))));
        }
        return List.copyOf(nics);
    }

    private static BootOverride bootOverride(JsonNode vm, BootedInstance instance, BootMode mode) {
        BootOverrideRecord rec = BootOverrideRecord.parse(annotation(vm, KubeVirtResources.BOOT_OVERRIDE_ANNOTATION));
        if (rec == null) {
            return BootOverride.none(mode);
        }
        // A used-up Once reads Disabled at once, even before the reconciler has restored the device order.
        BootOverrideEnabled enabled = rec.usedUp(instance) ? BootOverrideEnabled.Disabled : rec.enabled();
        return new BootOverride(rec.target(), enabled, mode);
    }

    /** Cd always (virtual media can be inserted), Hdd with a disk or LUN, Pxe with an interface. */
    static Set<BootSource> bootableSources(JsonNode domain) {
        Set<BootSource> sources = EnumSet.of(BootSource.Cd);
        sources.addAll(DeviceOrder.of(domain.path("devices")).kinds());
        return Set.copyOf(sources);
    }
}
