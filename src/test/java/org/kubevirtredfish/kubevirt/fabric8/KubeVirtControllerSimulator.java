package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kubevirtredfish.kubevirt.model.Admission;
import org.kubevirtredfish.kubevirt.model.Condition;
import org.kubevirtredfish.kubevirt.model.GuestReboot;
import org.kubevirtredfish.kubevirt.model.KubeVirtTimings;
import org.kubevirtredfish.kubevirt.model.LiveUpdate;
import org.kubevirtredfish.kubevirt.model.PrintableStatus;
import org.kubevirtredfish.kubevirt.model.PrintableStatusRules;
import org.kubevirtredfish.kubevirt.model.RunStrategy;
import org.kubevirtredfish.kubevirt.model.StartSequence;
import org.kubevirtredfish.kubevirt.model.StateChangeRequest;
import org.kubevirtredfish.kubevirt.model.VmView;
import org.kubevirtredfish.kubevirt.model.VmiPhase;
import org.kubevirtredfish.kubevirt.model.VmiView;

/**
 * Plays virt-controller and virt-handler after the model of KubeVirt v1.9.0 ({@code org.kubevirtredfish.kubevirt.model}):
 * runs each VM's run strategy and state change requests (vm.go syncRunStrategy, isTrimFirstChangeRequestNeeded),
 * creates VMIs (a new uid per boot, spec copied from the VM template) that go Pending → Scheduling → Scheduled →
 * Running one {@link KubeVirtTimings#statusStep} apart and wait in Pending for their DataVolumes, stops them by
 * marking them deleted and removing them after {@link KubeVirtTimings#stop} of their grace period (shortened when
 * virt-api patches a shorter one), writes the VM's printableStatus from {@link PrintableStatusRules}, and sets
 * RestartRequired for template changes a running VMI cannot take ({@link LiveUpdate}). Reconciles on
 * {@link #poke()} (any write to the API server) and on its own timers; idle otherwise.
 */
final class KubeVirtControllerSimulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubeVirtControllerSimulator.class.getName());

    /**
     * One VMI creation: whether its spec has the media CD-ROM, the DataVolume behind it and that DataVolume's phase
     * at that moment (null when none).
     */
    record Boot(String vm, boolean hasMediaCdrom, String dataVolume, String dataVolumePhase) {
    }

    final List<Boot> boots = new CopyOnWriteArrayList<>();

    /** One subresource call as received: e.g. {@code stop ns/vm {"gracePeriod":0}}. */
    final List<String> calls = new CopyOnWriteArrayList<>();

    private final MockStore store;
    private final KubeVirtTimings timings;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-virt-controller");
        t.setDaemon(true);
        return t;
    });
    private static final String ALL = "*";
    private static final Pattern OBJECT_PATH = Pattern.compile(
            "/apis/(?:kubevirt\\.io/v1|cdi\\.kubevirt\\.io/v1beta1|subresources\\.kubevirt\\.io/v1)/namespaces/([^/]+)/"
                    + "(virtualmachines|virtualmachineinstances|datavolumes)(?:/([^/]+))?(?:/[a-z]+)?");
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicReference<Runnable> beforeStatusWrite =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    /** namespace/DataVolume → the VMs (namespace/name) whose template referenced it at their last reconcile. */
    private final Map<String, Set<String>> references = new ConcurrentHashMap<>();
    // the fields below are used on the executor thread only
    /** VMs whose VMI virt-controller is creating (its "start expectation"), by key: when the VMI appears. */
    private final Map<String, Long> creating = new HashMap<>();
    /** VMI uid: when its next phase may come. */
    private final Map<String, Long> nextPhaseAt = new HashMap<>();
    /** VMI uid of a VMI being stopped: when it is gone. */
    private final Map<String, Long> goneAt = new HashMap<>();
    /** This reconcile changed the VMI: the VM's status is computed from fresh reads. */
    private boolean acted;

    KubeVirtControllerSimulator(MockStore store, KubeVirtTimings timings) {
        this.store = store;
        this.timings = timings;
    }

    /** Every VM needs a reconcile soon. */
    void poke() {
        dirty.add(ALL);
        queue();
    }

    /** This VM (namespace/name) needs a reconcile soon (coalesced with others). */
    void poke(String key) {
        dirty.add(key);
        queue();
    }

    /** A write request reached the API server: reconcile the VM it concerns. */
    void written(String path) {
        Matcher m = OBJECT_PATH.matcher(path);
        if (!m.matches()) {
            return;
        }
        if (m.group(3) == null) {
            poke(); // a create: the name is in the body
        } else if (m.group(2).equals("datavolumes")) {
            dataVolumeChanged(m.group(1), m.group(3));
        } else {
            poke(m.group(1) + "/" + m.group(3));
        }
    }

    /** A DataVolume changed: reconcile the VMs whose template references it. */
    void dataVolumeChanged(String ns, String name) {
        Set<String> vms = references.get(ns + "/" + name);
        if (vms == null) {
            poke();
        } else {
            vms.forEach(this::poke);
        }
    }

    private void queue() {
        if (reconcileQueued.compareAndSet(false, true) && !executor.isShutdown()) {
            executor.execute(this::reconcileDirty);
        }
    }

    /**
     * The guest reboots itself: KubeVirt v1.9.0 {@link GuestReboot}. Without rebootPolicy Terminate the same VMI keeps
     * running and nothing is visible; with it the VMI ends (Succeeded) and the run strategy decides.
     */
    void guestReboot(String ns, String name) {
        java.util.concurrent.Future<?> done = executor.submit(() -> {
            ObjectNode vm = store.get(KubeVirtResources.VM, ns, name);
            ObjectNode vmi = store.get(KubeVirtResources.VMI, ns, name);
            if (vm == null || vmi == null) {
                return;
            }
            String policy = vmi.at("/spec/domain/rebootPolicy").asText(null);
            if (GuestReboot.of(policy, ModelViews.runStrategy(vm)) != GuestReboot.Outcome.SAME_INSTANCE) {
                setVmiPhase(ns, name, VmiPhase.Succeeded);
            }
            poke(ns + "/" + name);
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("guest reboot not simulated", e);
        }
    }

    /**
     * The guest powers itself off (or finishes an ACPI shutdown): libvirt reports the domain Shutoff with reason
     * Shutdown and virt-handler sets the VMI Succeeded (KubeVirt v1.9.0 pkg/virt-handler/vm.go,
     * calculateVmPhaseForStatusReason); then the run strategy decides, and a VMI being stopped is gone at once.
     * Nothing happens when there is no VMI.
     */
    void guestPowerOff(String ns, String name) {
        java.util.concurrent.Future<?> done = executor.submit(() -> {
            if (store.get(KubeVirtResources.VMI, ns, name) != null) {
                setVmiPhase(ns, name, VmiPhase.Succeeded);
            }
            poke(ns + "/" + name);
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("guest power-off not simulated", e);
        }
    }

    // ---------------------------------------------------------------- virt-api

    /** virt-api's answer to a lifecycle subresource PUT, per {@link org.kubevirtredfish.kubevirt.model.VirtApiLifecycle}. */
    VirtApiSimulator.Answer lifecycle(String ns, String name, String action, JsonNode body) {
        return VirtApiSimulator.handle(store, ns, name, action, body, () -> poke(ns + "/" + name));
    }

    // ---------------------------------------------------------------- virt-controller

    private void reconcileDirty() {
        reconcileQueued.set(false);
        List<String> keys = new ArrayList<>(dirty);
        dirty.removeAll(keys);
        List<ObjectNode> vms = new ArrayList<>();
        if (keys.contains(ALL)) {
            vms.addAll(store.list(KubeVirtResources.VM));
        } else {
            for (String key : keys) {
                String[] nsName = key.split("/", 2);
                ObjectNode vm = store.get(KubeVirtResources.VM, nsName[0], nsName[1]);
                if (vm != null) {
                    vms.add(vm);
                }
            }
        }
        for (ObjectNode vm : vms) {
            String key = vm.at("/metadata/namespace").asText() + "/" + vm.at("/metadata/name").asText();
            try {
                long next = reconcile(vm);
                if (next != Long.MAX_VALUE && !executor.isShutdown()) {
                    executor.schedule(() -> poke(key), Math.max(1, next - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "simulated virt-controller failed on " + key, e);
            }
        }
    }

    /** One VM; returns when it next needs attention (nanoTime), or Long.MAX_VALUE. */
    private long reconcile(ObjectNode vmObject) {
        acted = false;
        String ns = vmObject.at("/metadata/namespace").asText();
        String name = vmObject.at("/metadata/name").asText();
        String key = ns + "/" + name;
        long now = System.nanoTime();
        ObjectNode vmiObject = store.get(KubeVirtResources.VMI, ns, name);
        VmView vm = view(vmObject, vmiObject, key);
        VmiView vmi = vm.vmi();
        StateChangeRequest first = vm.stateChangeRequests().isEmpty() ? null : vm.stateChangeRequests().get(0);
        boolean stopRequested = vmi != null && first != null && first.action() == StateChangeRequest.Action.Stop
                && vmi.uid().equals(first.uid());
        boolean startRequested = first != null && first.action() == StateChangeRequest.Action.Start;

        // KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go, syncRunStrategy
        boolean stop = false;
        boolean start = false;
        switch (vm.runStrategy()) {
            case Always -> {
                stop = vmi != null && (stopRequested || vmi.phase().isFinal());
                start = vmi == null;
            }
            case Halted -> stop = vmi != null;
            case Manual -> {
                stop = stopRequested;
                start = vmi == null && startRequested;
            }
            case RerunOnFailure -> {
                stop = vmi != null && (stopRequested || vmi.phase().isFinal());
                String lastSeen = vmObject.at("/status/runStrategy").asText(null);
                start = vmi == null && (startRequested || creating.containsKey(key)
                        || !RunStrategy.RerunOnFailure.name().equals(lastSeen));
            }
            case Once -> start = vmi == null && (creating.containsKey(key)
                    || !"Once".equals(vmObject.at("/status/runStrategy").asText(null)));
            default -> {
            }
        }
        if (vm.deleting()) {
            stop = vmi != null;
            start = false;
        }
        if (!start) {
            creating.remove(key);
        }
        if (stop && vmi != null && !vmi.deleting()) {
            markDeleted(ns, name);
            vmi = vmi.withDeleting(true);
        }
        long due = Long.MAX_VALUE;
        if (vmi != null && vmi.deleting()) {
            due = Math.min(due, stopping(ns, name, vmi, now));
        } else if (vmi != null && !vmi.phase().isFinal()) {
            due = Math.min(due, advance(ns, name, vmi, vm, now));
        }
        if (start && vmi == null) {
            Long at = creating.get(key);
            if (at == null) {
                creating.put(key, now + timings.statusStep().toNanos());
                due = Math.min(due, now + timings.statusStep().toNanos());
            } else if (now >= at) {
                creating.remove(key);
                createVmi(ns, name, vmObject);
                due = Math.min(due, now);
            } else {
                due = Math.min(due, at);
            }
        }
        writeStatus(ns, name, key, acted ? null : vmObject, acted ? null : vmiObject);
        return due;
    }

    private VmView view(ObjectNode vm, ObjectNode vmi, String key) {
        List<JsonNode> dvs = new ArrayList<>();
        for (String dv : ModelViews.dataVolumeNames(vm)) {
            references.computeIfAbsent(vm.at("/metadata/namespace").asText() + "/" + dv,
                    k -> ConcurrentHashMap.newKeySet()).add(key);
            ObjectNode found = store.get(KubeVirtResources.DATA_VOLUME, vm.at("/metadata/namespace").asText(), dv);
            if (found != null) {
                dvs.add(found);
            }
        }
        return ModelViews.vm(vm, vmi, dvs, creating.containsKey(key));
    }

    /**
     * virt-controller deletes the VMI: its finalizer keeps it, with a deletionTimestamp, until virt-handler has shut
     * the guest down.
     */
    private void markDeleted(String ns, String name) {
        acted = true;
        store.delete(KubeVirtResources.VMI, ns, name);
    }

    /** A VMI being stopped: gone after the stop's duration, shortened if its grace period was shortened meanwhile. */
    private long stopping(String ns, String name, VmiView vmi, long now) {
        long byGrace = vmi.phase().isFinal() ? now : now + timings.stop(vmi.terminationGracePeriodSeconds()).toNanos();
        long at = Math.min(goneAt.getOrDefault(vmi.uid(), Long.MAX_VALUE), byGrace);
        goneAt.put(vmi.uid(), at);
        if (now < at) {
            return at;
        }
        goneAt.remove(vmi.uid());
        nextPhaseAt.remove(vmi.uid());
        acted = true;
        ArrayNode ops = KubeVirtResources.MAPPER.createArrayNode();
        ops.addObject().put("op", "remove").put("path", "/metadata/finalizers");
        store.jsonPatch(KubeVirtResources.VMI, ns, name, ops);
        if (store.get(KubeVirtResources.VMI, ns, name) != null) {
            store.delete(KubeVirtResources.VMI, ns, name);
        }
        return now;
    }

    /** The next phase of a starting VMI, one status step after the previous; Pending waits for the DataVolumes. */
    private long advance(String ns, String name, VmiView vmi, VmView vm, long now) {
        int index = StartSequence.PHASES.indexOf(vmi.phase());
        if (vmi.phase() == VmiPhase.Running) {
            return Long.MAX_VALUE;
        }
        long at = nextPhaseAt.computeIfAbsent(vmi.uid(), u -> now + timings.statusStep().toNanos());
        if (now < at) {
            return at;
        }
        if (vmi.phase() == VmiPhase.Pending && !StartSequence.podCanStart(vm)) {
            return Long.MAX_VALUE; // a DataVolume change pokes us
        }
        VmiPhase next = StartSequence.PHASES.get(index + 1);
        setVmiPhase(ns, name, next);
        nextPhaseAt.put(vmi.uid(), now + timings.statusStep().toNanos());
        return next == VmiPhase.Running ? now : now + timings.statusStep().toNanos();
    }

    private void setVmiPhase(String ns, String name, VmiPhase phase) {
        acted = true;
        ObjectNode vmi = store.get(KubeVirtResources.VMI, ns, name);
        if (vmi == null) {
            return;
        }
        ObjectNode status = vmi.with("status");
        status.put("phase", phase.value());
        if (phase == VmiPhase.Running) {
            ArrayNode interfaces = status.putArray("interfaces");
            int i = 0;
            for (JsonNode nic : vmi.at("/spec/domain/devices/interfaces")) {
                String mac = nic.path("macAddress").asText("02:00:00:00:00:" + String.format("%02x", i++));
                interfaces.addObject().put("name", nic.path("name").asText()).put("mac", mac).put("ipAddress", "10.0.2.2");
            }
        }
        ArrayNode ops = KubeVirtResources.MAPPER.createArrayNode();
        ops.addObject().put("op", "add").put("path", "/status").set("value", status);
        store.jsonPatch(KubeVirtResources.VMI, ns, name, ops);
    }

    private void createVmi(String ns, String name, ObjectNode vm) {
        acted = true;
        ObjectNode vmi = KubeVirtResources.MAPPER.createObjectNode();
        vmi.put("apiVersion", "kubevirt.io/v1").put("kind", "VirtualMachineInstance");
        ObjectNode meta = vmi.putObject("metadata");
        meta.put("name", name).put("namespace", ns).put("uid", UUID.randomUUID().toString());
        // KubeVirt v1.9.0 staging/src/kubevirt.io/api/core/v1/types.go, VirtualMachineInstanceFinalizer (virt-handler's)
        meta.putArray("finalizers").add("kubevirt.io/foregroundDeleteVirtualMachine");
        meta.putArray("ownerReferences").addObject().put("apiVersion", "kubevirt.io/v1").put("kind", "VirtualMachine")
                .put("name", name).put("uid", vm.at("/metadata/uid").asText());
        ObjectNode spec = vm.at("/spec/template/spec").deepCopy();
        if (!spec.has("terminationGracePeriodSeconds")) {
            // the VMI mutating webhook's default, KubeVirt v1.9.0 types.go DefaultGracePeriodSeconds
            spec.put("terminationGracePeriodSeconds", KubeVirtTimings.DEFAULT_GRACE_PERIOD_SECONDS);
        }
        applyPreference(store, ns, vm, spec);
        vmi.set("spec", spec);
        recordBoot(ns, name, vm);
        store.create(KubeVirtResources.VMI, ns, vmi);
    }

    /**
     * The firmware and SMM parts of the VM's preference, applied to the VMI spec as virt-controller does (KubeVirt
     * v1.9.0 pkg/instancetype/preference/apply/firmware.go, applyFirmwarePreferences: preferredUseBios, else
     * preferredEfi, only when the template has neither bios nor efi; features.go: preferredSmm when the template has
     * no features.smm). The live preference object stands for the ControllerRevision KubeVirt stores.
     */
    static void applyPreference(MockStore store, String ns, JsonNode vm, ObjectNode spec) {
        String preferenceName = vm.at("/spec/preference/name").asText(null);
        if (preferenceName == null) {
            return;
        }
        String kind = vm.at("/spec/preference/kind").asText("").toLowerCase(java.util.Locale.ROOT);
        ObjectNode preference = kind.startsWith("virtualmachinepreference")
                ? store.get(Preferences.PREFERENCE, ns, preferenceName)
                : store.getClusterScoped(Preferences.CLUSTER_PREFERENCE, preferenceName);
        if (preference == null) {
            return;
        }
        ObjectNode domain = spec.withObject("/domain");
        JsonNode firmware = preference.at("/spec/firmware");
        ObjectNode bootloader = domain.withObject("/firmware").withObject("/bootloader");
        if (!bootloader.has("efi") && !bootloader.has("bios")) {
            if (firmware.path("preferredUseBios").asBoolean(false)) {
                bootloader.putObject("bios");
            } else if (firmware.path("preferredEfi").isObject()) {
                bootloader.set("efi", firmware.get("preferredEfi").deepCopy());
            }
        }
        if (bootloader.isEmpty()) {
            ((ObjectNode) domain.get("firmware")).remove("bootloader");
        }
        JsonNode smm = preference.at("/spec/features/preferredSmm");
        if (smm.isObject() && !domain.at("/features/smm").isObject()) {
            domain.withObject("/features").set("smm", smm.deepCopy());
        }
    }

    private void recordBoot(String ns, String name, JsonNode vm) {
        boolean cdrom = false;
        for (JsonNode disk : vm.at("/spec/template/spec/domain/devices/disks")) {
            cdrom |= KubeVirtResources.MEDIA_DEVICE.equals(disk.path("name").asText()) && disk.has("cdrom");
        }
        String dvName = null;
        for (JsonNode volume : vm.at("/spec/template/spec/volumes")) {
            if (KubeVirtResources.MEDIA_DEVICE.equals(volume.path("name").asText())) {
                dvName = volume.at("/dataVolume/name").asText(null);
            }
        }
        ObjectNode dv = dvName == null ? null : store.get(KubeVirtResources.DATA_VOLUME, ns, dvName);
        boots.add(new Boot(ns + "/" + name, cdrom, dvName, dv == null ? null : dv.at("/status/phase").asText(null)));
    }

    /**
     * The VM's status as virt-controller writes it after a sync: printableStatus, created, ready, runStrategy, the
     * trimmed stateChangeRequests (vm.go isTrimFirstChangeRequestNeeded) and RestartRequired. Written only when it
     * changes.
     */
    private void writeStatus(String ns, String name, String key, ObjectNode vmRead, ObjectNode vmiRead) {
        ObjectNode vmObject = vmRead != null ? vmRead : store.get(KubeVirtResources.VM, ns, name);
        if (vmObject == null) {
            return;
        }
        ObjectNode vmiObject = vmRead != null ? vmiRead : store.get(KubeVirtResources.VMI, ns, name);
        VmView vm = view(vmObject, vmiObject, key);
        VmiView vmi = vm.vmi();
        List<StateChangeRequest> requests = new ArrayList<>(vm.stateChangeRequests());
        if (!requests.isEmpty()) {
            StateChangeRequest first = requests.get(0);
            boolean trim = first.action() == StateChangeRequest.Action.Stop
                    ? vmi == null || first.uid() == null || !first.uid().equals(vmi.uid())
                    : vmi != null && !vmi.deleting() && !vmi.phase().isFinal();
            if (trim) {
                requests.remove(0);
            }
        }
        vm = vm.withRequests(requests);
        JsonNode current = vmObject.path("status");
        ObjectNode status = current.isObject() ? ((ObjectNode) current).deepCopy() : KubeVirtResources.MAPPER.createObjectNode();
        PrintableStatus printable = PrintableStatusRules.of(vm);
        status.put("printableStatus", printable.name());
        status.put("created", vmi != null);
        status.put("ready", vmi != null && vmi.phase() == VmiPhase.Running && !vmi.paused());
        status.put("runStrategy", vm.runStrategy().name());
        if (requests.isEmpty()) {
            status.remove("stateChangeRequests");
        } else {
            ArrayNode array = status.putArray("stateChangeRequests");
            for (StateChangeRequest r : requests) {
                ObjectNode o = array.addObject().put("action", r.action().name());
                if (r.uid() != null) {
                    o.put("uid", r.uid());
                }
            }
        }
        restartRequired(status, vmObject, vmiObject);
        if (!status.equals(current)) {
            Runnable hook = beforeStatusWrite.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
            // KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go, updateStatus: UpdateStatus of the VM as read, so
            // a write by anyone else since (virt-api's state change requests, lifecycle.go getChangeRequestJson)
            // makes it a Conflict and the VM is synced again, never a status computed from a stale read.
            ArrayNode ops = KubeVirtResources.MAPPER.createArrayNode();
            ops.addObject().put("op", "test").put("path", "/metadata/resourceVersion")
                    .set("value", vmObject.at("/metadata/resourceVersion"));
            ops.addObject().put("op", "add").put("path", "/status").set("value", status);
            if (!store.jsonPatch(KubeVirtResources.VM, ns, name, ops)) {
                poke(key);
            }
        }
    }

    /**
     * Runs {@code happening} once, on the controller's thread, between the reads of the next VM status update and its
     * write: something changes the VM while virt-controller is computing its status.
     */
    void beforeNextStatusWrite(Runnable happening) {
        beforeStatusWrite.set(happening);
    }

    /** KubeVirt v1.9.0 vm.go syncRestartRequired, for the storage part of the template. */
    private static void restartRequired(ObjectNode status, JsonNode vm, JsonNode vmi) {
        ArrayNode conditions = KubeVirtResources.MAPPER.createArrayNode();
        for (JsonNode c : status.path("conditions")) {
            if (!"RestartRequired".equals(c.path("type").asText())) {
                conditions.add(c);
            }
        }
        if (vmi != null && !vmi.at("/metadata/deletionTimestamp").isTextual()
                && LiveUpdate.restartRequired(template(vmi.path("spec")), template(vm.at("/spec/template/spec")))) {
            Condition c = LiveUpdate.condition();
            conditions.addObject().put("type", c.type()).put("status", c.status()).put("message", c.message());
        }
        if (conditions.isEmpty()) {
            status.remove("conditions");
        } else {
            status.set("conditions", conditions);
        }
    }

    static LiveUpdate.Template template(JsonNode spec) {
        List<Admission.Disk> disks = new ArrayList<>();
        for (JsonNode d : spec.at("/domain/devices/disks")) {
            String type = d.has("cdrom") ? "cdrom" : d.has("lun") ? "lun" : "disk";
            disks.add(new Admission.Disk(d.path("name").asText(), type, d.path(type).path("bus").asText(null),
                    d.hasNonNull("bootOrder") ? d.get("bootOrder").asInt() : null));
        }
        Map<String, String> volumes = new TreeMap<>();
        Set<String> hotplug = new java.util.HashSet<>();
        for (JsonNode v : spec.path("volumes")) {
            String volumeName = v.path("name").asText();
            volumes.put(volumeName, v.toString());
            if (v.at("/dataVolume/hotpluggable").asBoolean(false)
                    || v.at("/persistentVolumeClaim/hotpluggable").asBoolean(false)) {
                hotplug.add(volumeName);
            }
        }
        return new LiveUpdate.Template(disks, volumes, hotplug);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
