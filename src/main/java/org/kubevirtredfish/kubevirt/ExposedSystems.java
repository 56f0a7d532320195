package org.kubevirtredfish.kubevirt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
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
    private SystemIndex index;
    /** Whether the gateway reports changes; if not, every read lists again (the index is then only a cache). */
    private boolean events;
    private final Set<String> reportedAmbiguities = ConcurrentHashMap.newKeySet();

    protected ExposedSystems() {
        // for CDI proxies
    }

    @Inject
    public ExposedSystems(ServiceSettings settings, KubeVirtGateway gateway) {
        this.settings = settings;
        this.gateway = gateway;
        this.index = new SystemIndex(settings.chassis(), gateway);
        // listening first, then reading: a change during the first read is applied after it, not lost
        this.events = gateway.onChange(index::changed);
        index.rescan();
    }

    /** Every exposed system, sorted by id, as a caller holding every chassis sees them. */
    public List<ExposedSystem> all() {
        return exposed(null);
    }

    /**
     * The systems of these chassis. Under the legacy convention an id is resolved among the VMs of the caller's own
     * chassis only: a VM of the same name that someone else creates in another namespace neither hides the
     * caller's system nor takes its place. A name present twice within the caller's chassis is not exposed.
     *
     * <p>The list is immutable and, until the next change of the exposed VMs, the same instance for the same
     * chassis and settings: what is derived from it may be kept as long as the instance is.
     */
    public List<ExposedSystem> visibleTo(Set<String> userChassis) {
        return exposed(Set.copyOf(userChassis));
    }

    /** A view's key: everything besides the index that decides its members. */
    private record View(Set<String> allowlist, boolean enhanced, Set<String> userChassis) {
    }

    private List<ExposedSystem> exposed(Set<String> userChassis) {
        if (!events) {
            index.rescan();
        }
        Set<String> allowlist = allowlist();
        boolean enhanced = settings.enhancedSystemIds();
        return index.members().view(new View(allowlist, enhanced, userChassis),
                all -> build(all, allowlist, enhanced, userChassis));
    }

    private List<ExposedSystem> build(List<SystemIndex.Member> all, Set<String> allowlist, boolean enhanced,
            Set<String> userChassis) {
        List<ExposedSystem> candidates = new ArrayList<>();
        for (SystemIndex.Member m : all) {
            if (allowed(allowlist, m.vm()) && (userChassis == null || visible(m.chassis(), userChassis))) {
                candidates.add(new ExposedSystem(idOf(m.vm(), enhanced), m.vm(), m.chassis()));
            }
        }
        candidates.sort(Comparator.comparing(ExposedSystem::id));
        List<ExposedSystem> result = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size();) {
            String id = candidates.get(i).id();
            int j = i + 1; // candidates i..j-1 share this id
            while (j < candidates.size() && candidates.get(j).id().equals(id)) {
                j++;
            }
            if (j == i + 1) {
                result.add(candidates.get(i));
            } else {
                List<VmId> vms = candidates.subList(i, j).stream().map(ExposedSystem::vm).sorted().toList();
                if (reportedAmbiguities.add(id + vms)) {
                    LOG.warning("system id '" + id + "' is ambiguous under system_id_convention legacy (" + vms
                            + "): not exposed; use system_id_convention: enhanced");
                }
            }
            i = j;
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * One system by id, from the index without listing: an enhanced id names its VM ({@code <namespace>.<vm>}:
     * namespaces have no dots); a legacy id names the VMs of that name, of which exactly one must be the caller's.
     */
    public Optional<ExposedSystem> find(String id, Set<String> userChassis) {
        if (!events) {
            index.rescan();
        }
        Set<String> allowlist = allowlist();
        if (!settings.enhancedSystemIds()) {
            ExposedSystem found = null;
            for (Map.Entry<VmId, Set<String>> named : index.named(id).entrySet()) {
                if (allowed(allowlist, named.getKey()) && visible(named.getValue(), userChassis)) {
                    if (found != null) {
                        return Optional.empty(); // two of the caller's chassis have this name: not guessed
                    }
                    found = new ExposedSystem(id, named.getKey(), named.getValue());
                }
            }
            return Optional.ofNullable(found);
        }
        int dot = id.indexOf('.');
        if (dot <= 0 || dot == id.length() - 1) {
            return Optional.empty();
        }
        VmId vmId = new VmId(id.substring(0, dot), id.substring(dot + 1));
        Set<String> chassis = index.chassisOf(vmId);
        if (chassis.isEmpty() || !allowed(allowlist, vmId) || !visible(chassis, userChassis)) {
            return Optional.empty();
        }
        return Optional.of(new ExposedSystem(id, vmId, chassis));
    }

    static String idOf(VmId vm, boolean enhanced) {
        return enhanced ? vm.namespace() + "." + vm.name() : vm.name();
    }

    private Set<String> allowlist() {
        List<String> configured = settings.allowlist();
        return configured.isEmpty() ? Set.of() : Set.copyOf(configured);
    }

    private static boolean allowed(Set<String> allowlist, VmId vm) {
        return allowlist.isEmpty() || allowlist.contains(vm.toString());
    }

    private static boolean visible(Set<String> chassis, Set<String> userChassis) {
        for (String c : chassis) {
            if (userChassis.contains(c)) {
                return true;
            }
        }
        return false;
    }

    /** A read that tolerates a system disappearing between listing and reading. */
    public Optional<VirtualMachine> vm(ExposedSystem system) {
        return gateway.find(system.vm());
    }
}
