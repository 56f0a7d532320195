package org.kubevirtredfish.kubevirt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.kubevirtredfish.config.ConfigFile;
import org.kubevirtredfish.config.ServiceSettings;

/**
 * Which VMs are Redfish systems, under which ids, in which chassis: each chassis of config.yaml is a namespace
 * plus {@code vm_selector} (labels all matching, and names when given), optionally narrowed by the
 * {@code allowlist}. Ids follow {@code system_id_convention}: enhanced {@code <namespace>.<vm>}, legacy
 * {@code <vm>}, resolved within the caller's own chassis; a legacy id that two namespaces of one caller's chassis
 * share is refused (neither VM is exposed to that caller) rather than guessed.
 */
@ApplicationScoped
public class ExposedSystems {

    private static final Logger LOG = Logger.getLogger(ExposedSystems.class.getName());

    private ServiceSettings settings;
    private KubeVirtGateway gateway;
    private final Set<String> reportedAmbiguities = ConcurrentHashMap.newKeySet();

    protected ExposedSystems() {
        // for CDI proxies
    }

    @Inject
    public ExposedSystems(ServiceSettings settings, KubeVirtGateway gateway) {
        this.settings = settings;
        this.gateway = gateway;
    }

    /** Every exposed system, sorted by id, as a caller holding every chassis sees them. */
    public List<ExposedSystem> all() {
        return exposed(null);
    }

    /**
     * The systems of these chassis. Under the legacy convention an id is resolved among the VMs of the caller's own
     * chassis only: a VM of the same name that someone else creates in another namespace neither hides the
     * caller's system nor takes its place. A name present twice within the caller's chassis is not exposed.
     */
    public List<ExposedSystem> visibleTo(Set<String> userChassis) {
        return exposed(userChassis);
    }

    private List<ExposedSystem> exposed(Set<String> userChassis) {
        Set<String> allowlist = new HashSet<>(settings.allowlist());
        Map<VmId, Set<String>> chassisOf = new TreeMap<>();
        for (ConfigFile.Chassis chassis : settings.chassis()) {
            for (VirtualMachine vm : gateway.list(chassis.namespace())) {
                if (selects(chassis.vmSelector(), vm) && (allowlist.isEmpty() || allowlist.contains(vm.id().toString()))) {
                    chassisOf.computeIfAbsent(vm.id(), k -> new LinkedHashSet<>()).add(chassis.name());
                }
            }
        }
        boolean enhanced = settings.enhancedSystemIds();
        Map<String, List<VmId>> byId = new HashMap<>();
        chassisOf.forEach((vm, chassis) -> {
            if (userChassis == null || chassis.stream().anyMatch(userChassis::contains)) {
                byId.computeIfAbsent(idOf(vm, enhanced), k -> new ArrayList<>()).add(vm);
            }
        });
        Map<String, ExposedSystem> result = new TreeMap<>();
        byId.forEach((id, vms) -> {
            if (vms.size() == 1) {
                result.put(id, new ExposedSystem(id, vms.get(0), chassisOf.get(vms.get(0))));
            } else if (reportedAmbiguities.add(id + vms)) {
                LOG.warning("system id '" + id + "' is ambiguous under system_id_convention legacy (" + vms
                        + "): not exposed; use system_id_convention: enhanced");
            }
        });
        return List.copyOf(result.values());
    }

    /**
     * One system by id. An enhanced id names its VM ({@code <namespace>.<vm>}: namespaces have no dots), so only
     * that VM is read; a legacy id needs every VM of the caller's chassis, to refuse ambiguous names.
     */
    public Optional<ExposedSystem> find(String id, Set<String> userChassis) {
        if (!settings.enhancedSystemIds()) {
            return visibleTo(userChassis).stream().filter(s -> s.id().equals(id)).findFirst();
        }
        int dot = id.indexOf('.');
        if (dot <= 0 || dot == id.length() - 1) {
            return Optional.empty();
        }
        VmId vmId = new VmId(id.substring(0, dot), id.substring(dot + 1));
        Optional<VirtualMachine> vm = gateway.find(vmId);
        if (vm.isEmpty()) {
            return Optional.empty();
        }
        Set<String> allowlist = new HashSet<>(settings.allowlist());
        if (!allowlist.isEmpty() && !allowlist.contains(vmId.toString())) {
            return Optional.empty();
        }
        Set<String> chassis = new LinkedHashSet<>();
        for (ConfigFile.Chassis c : settings.chassis()) {
            if (c.namespace().equals(vmId.namespace()) && selects(c.vmSelector(), vm.get())) {
                chassis.add(c.name());
            }
        }
        ExposedSystem system = new ExposedSystem(id, vmId, chassis);
        return chassis.isEmpty() || !system.visibleTo(userChassis) ? Optional.empty() : Optional.of(system);
    }

    static String idOf(VmId vm, boolean enhanced) {
        return enhanced ? vm.namespace() + "." + vm.name() : vm.name();
    }

    private static boolean selects(ConfigFile.VmSelector selector, VirtualMachine vm) {
        if (selector == null) {
            return true;
        }
        if (selector.names() != null && !selector.names().isEmpty() && !selector.names().contains(vm.id().name())) {
            return false;
        }
        Map<String, String> labels = selector.labels() == null ? Map.of() : selector.labels();
        Map<String, String> vmLabels = vm.labels() == null ? Map.of() : vm.labels();
        return labels.entrySet().stream().allMatch(e -> e.getValue().equals(vmLabels.get(e.getKey())));
    }


    /** A read that tolerates a system disappearing between listing and reading. */
    public Optional<VirtualMachine> vm(ExposedSystem system) {
        return gateway.find(system.vm());
    }
}
