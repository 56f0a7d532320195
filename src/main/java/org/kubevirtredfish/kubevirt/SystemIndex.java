package org.kubevirtredfish.kubevirt;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.kubevirtredfish.config.ConfigFile;

/**
 * The VMs that a chassis selector of config.yaml matches, with the chassis of each, kept from the gateway's change
 * events (one label read per event) rather than from a listing per request. A lookup by VM or by name reads one
 * immutable value; the collection reads an immutable {@link Members} snapshot, built once per version. Changes are
 * applied one at a time, each from what the gateway holds at that moment, so events that several threads deliver in
 * any order still end on the gateway's state.
 */
final class SystemIndex {

    /** A selected VM and the names of the chassis whose selectors match it. */
    record Member(VmId vm, Set<String> chassis) {
    }

    /**
     * Every selected VM at one version. What is derived from it (a caller's sorted member list) is memoised here: a
     * pure function of immutable data, dropped with the snapshot at the next change.
     */
    static final class Members {
        private static final int MAX_VIEWS = 256;

        final long version;
        final List<Member> all;
        private final Map<Object, List<ExposedSystem>> views = new ConcurrentHashMap<>();

        Members(long version, List<Member> all) {
            this.version = version;
            this.all = all;
        }

        List<ExposedSystem> view(Object key, Function<List<Member>, List<ExposedSystem>> build) {
            List<ExposedSystem> view = views.get(key);
            if (view == null) {
                view = build.apply(all);
                if (views.size() >= MAX_VIEWS) {
                    views.clear(); // callers' chassis sets are few; this only bounds a misuse
                }
                views.put(key, view);
            }
            return view;
        }
    }

    private final List<ConfigFile.Chassis> chassis;
    private final List<String> namespaces;
    private final KubeVirtGateway gateway;
    private final Object changes = new Object();
    private final Map<VmId, Set<String>> chassisOf = new ConcurrentHashMap<>();
    private final Map<String, Map<VmId, Set<String>>> byName = new ConcurrentHashMap<>();
    /** Written only under {@link #changes}. */
    private volatile long version;
    private volatile Members members = new Members(-1, List.of());

    SystemIndex(List<ConfigFile.Chassis> chassis, KubeVirtGateway gateway) {
        this.chassis = List.copyOf(chassis);
        this.namespaces = chassis.stream().map(ConfigFile.Chassis::namespace).distinct().toList();
        this.gateway = gateway;
    }

    /** A VM may have been added, deleted or relabelled: its membership is read again from the gateway. */
    void changed(VmId id) {
        synchronized (changes) {
            apply(id, gateway.labels(id).map(labels -> selecting(id, labels)).orElse(Set.of()));
        }
    }

    /** Every VM of the chassis namespaces read again: at the start, and per read for a gateway without events. */
    void rescan() {
        synchronized (changes) {
            Map<VmId, Set<String>> now = new HashMap<>();
            for (String namespace : namespaces) {
                for (VirtualMachine vm : gateway.list(namespace)) {
                    Set<String> selecting = selecting(vm.id(), vm.labels());
                    if (!selecting.isEmpty()) {
                        now.put(vm.id(), selecting);
                    }
                }
            }
            for (VmId known : List.copyOf(chassisOf.keySet())) {
                if (!now.containsKey(known)) {
                    apply(known, Set.of());
                }
            }
            now.forEach(this::apply);
        }
    }

    /** The chassis that select this VM; empty when none does or it does not exist. */
    Set<String> chassisOf(VmId id) {
        return chassisOf.getOrDefault(id, Set.of());
    }

    /** The selected VMs of this name, in any namespace, with their chassis. */
    Map<VmId, Set<String>> named(String name) {
        return byName.getOrDefault(name, Map.of());
    }

    long version() {
        return version;
    }

    /** The snapshot of the current version. */
    Members members() {
        Members current = members;
        if (current.version == version) {
            return current;
        }
        synchronized (changes) {
            if (members.version != version) {
                members = new Members(version, chassisOf.entrySet().stream()
                        .map(e -> new Member(e.getKey(), e.getValue())).toList());
            }
            return members;
        }
    }

    private void apply(VmId id, Set<String> selecting) {
        if (chassisOf.getOrDefault(id, Set.of()).equals(selecting)) {
            return;
        }
        if (selecting.isEmpty()) {
            chassisOf.remove(id);
        } else {
            chassisOf.put(id, selecting);
        }
        byName.compute(id.name(), (name, old) -> {
            Map<VmId, Set<String>> same = old == null ? new HashMap<>() : new HashMap<>(old);
            if (selecting.isEmpty()) {
                same.remove(id);
            } else {
                same.put(id, selecting);
            }
            return same.isEmpty() ? null : Map.copyOf(same);
        });
        version++;
    }

    private Set<String> selecting(VmId id, Map<String, String> labels) {
        Set<String> names = new LinkedHashSet<>();
        for (ConfigFile.Chassis c : chassis) {
            if (c.namespace().equals(id.namespace()) && selects(c.vmSelector(), id, labels)) {
                names.add(c.name());
            }
        }
        return Set.copyOf(names);
    }

    static boolean selects(ConfigFile.VmSelector selector, VmId id, Map<String, String> vmLabels) {
        if (selector == null) {
            return true;
        }
        if (selector.names() != null && !selector.names().isEmpty() && !selector.names().contains(id.name())) {
            return false;
        }
        Map<String, String> labels = selector.labels() == null ? Map.of() : selector.labels();
        Map<String, String> actual = vmLabels == null ? Map.of() : vmLabels;
        return labels.entrySet().stream().allMatch(e -> e.getValue().equals(actual.get(e.getKey())));
    }
}
