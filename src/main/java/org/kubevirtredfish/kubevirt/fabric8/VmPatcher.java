package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * Edits a VirtualMachine with ONE JSON patch guarded by a {@code test} of {@code /metadata/resourceVersion}: the
 * edit is applied to a copy of the VM, every changed part among {@link #PATCHED_PATHS} is written whole. When the
 * VM changed in between, the edit is recomputed on a fresh read, a bounded number of times.
 */
final class VmPatcher {

    private static final Logger LOG = Logger.getLogger(VmPatcher.class.getName());

    static final List<String> PATCHED_PATHS = List.of(
            "/metadata/annotations",
            "/spec/template/spec/domain/devices/disks",
            "/spec/template/spec/domain/devices/interfaces",
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
            String testedVersion = vm.getMetadata().getResourceVersion();
            ops.insert(0, op("test", "/metadata/resourceVersion", before.at("/metadata/resourceVersion")));
            ApiCalls.Answer answer = api.patchVm(id, ops.toString());
            if (answer.ok()) {
                GenericKubernetesResource patched = parse(answer.body());
                written.accept(patched);
                return patched;
            }
            // 409, or the 422 of a failed test op: then the object has a newer resourceVersion than we tested.
            GenericKubernetesResource fresh = answer.code() == 409 || answer.code() == 422 ? read(id) : null;
            if (fresh == null || (answer.code() == 422
                    && testedVersion.equals(fresh.getMetadata().getResourceVersion()))) {
                throw errors.of(answer.code(), answer.body(), "patch", "kubevirt.io virtualmachines", id, null);
            }
            if (attempt >= retries) {
                throw new GatewayException.Conflict("virtual machine " + id + " kept changing; gave up after "
                        + (attempt + 1) + " attempts");
            }
            LOG.fine(() -> "patch of " + id + " lost a resourceVersion race; retrying on a fresh read");
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

    static ArrayNode diff(JsonNode before, JsonNode after) {
        ArrayNode ops = KubeVirtResources.MAPPER.createArrayNode();
        for (String path : PATCHED_PATHS) {
            JsonNode was = before.at(path);
            JsonNode now = after.at(path);
            if (was.equals(now)) {
                continue;
            }
            if (now.isMissingNode()) {
                ops.add(op("remove", path, null));
            } else {
                ops.add(op("add", path, now));
            }
        }
        return ops;
    }

    private static ObjectNode op(String op, String path, JsonNode value) {
        ObjectNode node = KubeVirtResources.MAPPER.createObjectNode().put("op", op).put("path", path);
        if (value != null) {
            node.set("value", value);
        }
        return node;
    }
}
