package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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
    private final ApiErrors errors;
    private final int retries;
    private final Consumer<GenericKubernetesResource> written;

    VmPatcher(KubernetesClient client, ApiErrors errors, int retries, Consumer<GenericKubernetesResource> written) {
        this.client = client;
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
            ops.insert(0, op("test", "/metadata/resourceVersion", before.at("/metadata/resourceVersion")));
            try {
                GenericKubernetesResource patched = client.genericKubernetesResources(KubeVirtResources.VM)
                        .inNamespace(id.namespace()).withName(id.name())
                        .patch(PatchContext.of(PatchType.JSON), ops.toString());
                written.accept(patched);
                return patched;
            } catch (KubernetesClientException e) {
                if (!ApiErrors.lostRace(e)) {
                    throw errors.of(e, "patch", "kubevirt.io virtualmachines", id);
                }
                if (attempt >= retries) {
                    throw new GatewayException.Conflict("virtual machine " + id + " kept changing; gave up after "
                            + (attempt + 1) + " attempts");
                }
                LOG.fine(() -> "patch of " + id + " lost a resourceVersion race; retrying on a fresh read");
                vm = read(id);
            }
        }
    }

    private GenericKubernetesResource read(VmId id) {
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
