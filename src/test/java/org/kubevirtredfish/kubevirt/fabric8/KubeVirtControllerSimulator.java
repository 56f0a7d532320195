package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays virt-controller for the lifecycle subresources: answers the PUT at once (202) and then, a few short steps
 * later, creates or deletes VMIs (a new uid per boot, devices and bootOrders copied from the VM template) and moves
 * {@code status.printableStatus} (Starting→Running, Stopping→Stopped, Paused).
 */
final class KubeVirtControllerSimulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubeVirtControllerSimulator.class.getName());
    private static final Pattern PATH = Pattern.compile(
            "/apis/subresources\\.kubevirt\\.io/v1/namespaces/([^/]+)/(virtualmachines|virtualmachineinstances)/([^/]+)/([a-z]+)");

    /**
     * One VMI creation: whether its spec has the media CD-ROM, the DataVolume behind it and that DataVolume's phase
     * at that moment (null when none).
     */
    record Boot(String vm, boolean hasMediaCdrom, String dataVolume, String dataVolumePhase) {
    }

    final List<Boot> boots = new CopyOnWriteArrayList<>();

    /** One subresource call as received: e.g. {@code stop ns/vm {"gracePeriod":0}}. */
    final List<String> calls = new CopyOnWriteArrayList<>();

    private final KubernetesClient admin;
    private final long stepMillis;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    /** VMs with an instance (VMI) now, as virt-api knows them. */
    private final java.util.Set<String> instances = java.util.concurrent.ConcurrentHashMap.newKeySet();

    KubeVirtControllerSimulator(KubernetesClient admin, long stepMillis) {
        this.admin = admin;
        this.stepMillis = stepMillis;
    }

    MockResponse handle(RecordedRequest request) {
        String path = request.getPath().split("\\?")[0];
        Matcher m = PATH.matcher(path);
        if (!"PUT".equals(request.getMethod()) || !m.matches()) {
            return null;
        }
        String ns = m.group(1);
        String name = m.group(3);
        String action = m.group(4);
        calls.add(action + " " + ns + "/" + name + " " + request.getUtf8Body());
        boolean runs = instances.contains(ns + "/" + name);
        if ((action.equals("stop") || action.equals("restart")) && !runs) {
            return ClusterDispatcher.status(409, "VM is not running"); // as virt-api answers for a Halted VM
        }
        switch (action) {
            case "start" -> steps(() -> boot(ns, name), () -> running(ns, name));
            case "stop" -> steps(() -> vmStatus(ns, name, "Stopping", true), () -> halt(ns, name));
            case "restart" -> steps(() -> vmStatus(ns, name, "Stopping", true), () -> halt(ns, name),
                    () -> boot(ns, name), () -> running(ns, name));
            case "pause" -> steps(() -> pause(ns, name, true));
            case "unpause" -> steps(() -> pause(ns, name, false));
            default -> {
                return ClusterDispatcher.status(404, "no subresource " + action);
            }
        }
        return new MockResponse().setResponseCode(202);
    }

    private void steps(Runnable... steps) {
        long delay = stepMillis;
        for (Runnable step : steps) {
            executor.schedule(() -> {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "simulated virt-controller step failed", e);
                }
            }, delay, TimeUnit.MILLISECONDS);
            delay += stepMillis;
        }
    }

    private void boot(String ns, String name) {
        GenericKubernetesResource vm = resource(KubeVirtResources.VM, ns, name);
        if (vm == null) {
            return;
        }
        vmStatus(ns, name, "Starting", true);
        @SuppressWarnings("unchecked")
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) vm.getAdditionalProperties()
                .get("spec")).get("template");
        GenericKubernetesResource vmi = new GenericKubernetesResource();
        vmi.setApiVersion("kubevirt.io/v1");
        vmi.setKind("VirtualMachineInstance");
        vmi.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).withUid(UUID.randomUUID().toString())
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("kubevirt.io/v1")
                        .withKind("VirtualMachine").withName(name).withUid(vm.getMetadata().getUid()).build())
                .build());
        vmi.setAdditionalProperty("spec", KubeVirtResources.MAPPER.convertValue(template.get("spec"), Map.class));
        vmi.setAdditionalProperty("status", Map.of("phase", "Scheduling"));
        recordBoot(ns, name, KubeVirtResources.tree(vm));
        admin.genericKubernetesResources(KubeVirtResources.VMI).inNamespace(ns).resource(vmi).create();
        instances.add(ns + "/" + name);
    }

    private void recordBoot(String ns, String name, com.fasterxml.jackson.databind.JsonNode vm) {
        boolean cdrom = false;
        for (var disk : vm.at("/spec/template/spec/domain/devices/disks")) {
            cdrom |= KubeVirtResources.MEDIA_DEVICE.equals(disk.path("name").asText()) && disk.has("cdrom");
        }
        String dvName = null;
        for (var volume : vm.at("/spec/template/spec/volumes")) {
            if (KubeVirtResources.MEDIA_DEVICE.equals(volume.path("name").asText())) {
                dvName = volume.at("/dataVolume/name").asText(null);
            }
        }
        GenericKubernetesResource dv = dvName == null ? null : resource(KubeVirtResources.DATA_VOLUME, ns, dvName);
        boots.add(new Boot(ns + "/" + name, cdrom, dvName,
                dv == null ? null : KubeVirtResources.text(KubeVirtResources.tree(dv), "/status/phase")));
    }

    private void running(String ns, String name) {
        GenericKubernetesResource vmi = resource(KubeVirtResources.VMI, ns, name);
        if (vmi == null) {
            return;
        }
        List<Map<String, Object>> interfaces = new ArrayList<>();
        for (var nic : KubeVirtResources.tree(vmi).at("/spec/domain/devices/interfaces")) {
            String mac = nic.path("macAddress").asText("02:00:00:00:00:" + String.format("%02x", interfaces.size()));
            interfaces.add(Map.of("name", nic.path("name").asText(), "mac", mac, "ipAddress", "10.0.2.2"));
        }
        patch(KubeVirtResources.VMI, ns, name, Map.of("status", Map.of("phase", "Running", "interfaces", interfaces)));
        vmStatus(ns, name, "Running", true);
    }

    private void halt(String ns, String name) {
        instances.remove(ns + "/" + name);
        admin.genericKubernetesResources(KubeVirtResources.VMI).inNamespace(ns).withName(name).delete();
        vmStatus(ns, name, "Stopped", false);
    }

    private void pause(String ns, String name, boolean paused) {
        List<Map<String, Object>> conditions = paused ? List.of(Map.of("type", "Paused", "status", "True")) : List.of();
        // a JSON patch, because the mock server's merge patch appends to arrays instead of replacing them
        admin.genericKubernetesResources(KubeVirtResources.VMI).inNamespace(ns).withName(name)
                .patch(PatchContext.of(PatchType.JSON), KubeVirtResources.MAPPER.valueToTree(List.of(Map.of(
                        "op", "add", "path", "/status/conditions", "value", conditions))).toString());
        vmStatus(ns, name, paused ? "Paused" : "Running", true);
    }

    private void vmStatus(String ns, String name, String printable, boolean created) {
        patch(KubeVirtResources.VM, ns, name, Map.of("status",
                Map.of("printableStatus", printable, "created", created, "ready", "Running".equals(printable))));
    }

    private void patch(ResourceDefinitionContext type, String ns, String name, Map<String, Object> mergePatch) {
        if (resource(type, ns, name) != null) {
            admin.genericKubernetesResources(type).inNamespace(ns).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), KubeVirtResources.MAPPER.valueToTree(mergePatch).toString());
        }
    }

    private GenericKubernetesResource resource(ResourceDefinitionContext type, String ns, String name) {
        return admin.genericKubernetesResources(type).inNamespace(ns).withName(name).get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
