package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * Edits a VirtualMachine with ONE JSON patch: the edit is applied to a copy of the VM, every changed part among
 * {@link #PATCHED_PATHS} is written whole (annotations key by key), and each write is guarded by a {@code test} of
 * the value it replaces. So only a concurrent change of what the edit writes fails the patch (422), not the status
 * updates virt-controller makes all through a start, which change {@code metadata.resourceVersion} every time and
 * made a resourceVersion guard lose its race again and again. Where the replaced value is absent, JSON patch has no
 * test for absence, so that patch falls back to a {@code test} of the resourceVersion; that is rare for annotations,
 * which virt-controller sets on every VM first of all (KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go, execute:
 * SetLatestApiVersionAnnotation). A patch that lost its race
 * is recomputed on a fresh read after a short jittered backoff, a bounded number of times.
 */
final class VmPatcher {

    private static final Logger LOG = Logger.getLogger(VmPatcher.class.getName());

    private static final String ANNOTATIONS = "/metadata/annotations";

    static final List<String> PATCHED_PATHS = List.of(
            ANNOTATIONS,
            "/spec/template/spec/domain/devices/disks",
            "/spec/template/spec/domain/devices/interfaces",
            "/spec/template/spec/domain/features",
            "/spec/template/spec/domain/firmware",
            "/spec/template/spec/volumes");

    private final KubernetesClient client;
    private final ApiCalls api;
    private final ApiErrors errors;
    private final int retries;
    private final Consumer<GenericKubernetesResource> written;

    VmPatcher(KubernetesClient client, ApiCalls api, ApiErrors errors, int retries,
            Consumer<GenericKubernetesResource> written) {
        this.client = client;
        this.api = api;
        this.errors = errors;
        this.retries = retries;
        this.written = written;
    }

    /**
     * @param current the VM as last seen (e.g. from the informer), or null to read it
     * @param edit    changes the given copy of the VM; must be repeatable on a fresher VM
     * @return the VM after the patch (or unchanged when the edit changed nothing)
     */
    GenericKubernetesResource patch(VmId id, GenericKubernetesResource current, Consumer<ObjectNode> edit) {
        GenericKubernetesResource vm = current != null ? current : read(id);
        for (int attempt = 0; ; attempt++) {
            ObjectNode before = (ObjectNode) KubeVirtResources.tree(vm);
            ObjectNode after = before.deepCopy();
            edit.accept(after);
            ArrayNode ops = diff(before, after);
            if (ops.isEmpty()) {
                return vm;
            }
            ApiCalls.Answer answer = api.patchVm(id, ops.toString());
            if (answer.ok()) {
                GenericKubernetesResource patched = parse(answer.body());
                written.accept(patched);
                return patched;
            }
            // 409, or the 422 of a failed test op: then something we tested changed meanwhile.
            GenericKubernetesResource fresh = answer.code() == 409 || answer.code() == 422 ? read(id) : null;
            if (fresh == null || (answer.code() == 422 && stillHolds(ops, KubeVirtResources.tree(fresh)))) {
                throw errors.of(answer.code(), answer.body(), "patch", "kubevirt.io virtualmachines", id, null);
            }
            if (attempt >= retries) {
                throw new GatewayException.Conflict("virtual machine " + id + " kept changing; gave up after "
                        + (attempt + 1) + " attempts");
            }
            LOG.fine(() -> "patch of " + id + " lost a race; retrying on a fresh read");
            backOff(attempt);
            vm = fresh;
        }
    }

    private static GenericKubernetesResource parse(String json) {
        try {
            return KubeVirtResources.MAPPER.readValue(json, GenericKubernetesResource.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable VirtualMachine from the API server", e);
        }
    }

    /** The VM as the API server has it now. */
    GenericKubernetesResource read(VmId id) {
        GenericKubernetesResource vm;
        try {
            vm = client.genericKubernetesResources(KubeVirtResources.VM).inNamespace(id.namespace())
                    .withName(id.name()).get();
        } catch (KubernetesClientException e) {
            throw errors.of(e, "get", "kubevirt.io virtualmachines", id);
        }
        if (vm == null) {
            throw new GatewayException.NotFound(id);
        }
        return vm;
    }

    /** Every test op of the patch would still pass on this VM: its 422 was not a lost race. */
    static boolean stillHolds(ArrayNode ops, JsonNode vm) {
        for (JsonNode op : ops) {
            if ("test".equals(op.path("op").asText()) && !vm.at(op.path("path").asText()).equals(op.get("value"))) {
                return false;
            }
        }
        return true;
    }

    /** 25-50 ms, doubling per attempt: concurrent writers spread out instead of colliding again. */
    private static void backOff(int attempt) {
        long millis = (25L << Math.min(attempt, 5)) + ThreadLocalRandom.current().nextLong(25L << Math.min(attempt, 5));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException.Conflict("interrupted while retrying a patch");
        }
    }

    /** Guarded writes of every changed part; see the class comment. */
    static ArrayNode diff(JsonNode before, JsonNode after) {
        ArrayNode ops = KubeVirtResources.MAPPER.createArrayNode();
        boolean unguarded = false;
        for (String path : PATCHED_PATHS) {
            JsonNode was = before.at(path);
            JsonNode now = after.at(path);
            if (was.equals(now)) {
                continue;
            }
            if (path.equals(ANNOTATIONS) && was.isObject() && now.isObject()) {
                annotationOps(ops, (ObjectNode) was, (ObjectNode) now);
            } else if (was.isMissingNode()) {
                unguarded = true;
                ops.add(op("add", path, now));
            } else {
                ops.add(op("test", path, was));
                ops.add(now.isMissingNode() ? op("remove", path, null) : op("add", path, now));
            }
        }
        if (unguarded) {
            ops.insert(0, op("test", "/metadata/resourceVersion", before.at("/metadata/resourceVersion")));
        }
        return ops;
    }

    /**
     * Key by key, so that annotations others write (KubeVirt's own kubevirt.io/* ones) are neither tested nor
     * overwritten. A key that is new gets no test (JSON patch cannot test for absence): only this service writes its
     * keys.
     */
    private static void annotationOps(ArrayNode ops, ObjectNode was, ObjectNode now) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        was.fieldNames().forEachRemaining(keys::add);
        now.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            JsonNode a = was.get(key);
            JsonNode b = now.get(key);
            if (java.util.Objects.equals(a, b)) {
                continue;
            }
            String path = ANNOTATIONS + "/" + key.replace("~", "~0").replace("/", "~1");
            if (a != null) {
                ops.add(op("test", path, a));
            }
            ops.add(b == null ? op("remove", path, null) : op("add", path, b));
        }
    }

    private static ObjectNode op(String op, String path, JsonNode value) {
        ObjectNode node = KubeVirtResources.MAPPER.createObjectNode().put("op", op).put("path", path);
        if (value != null) {
            node.set("value", value);
        }
        return node;
    }
}
