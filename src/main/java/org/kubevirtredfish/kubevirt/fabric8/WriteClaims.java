package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.function.Consumer;
import java.util.function.Function;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * The VM's write version in the cluster: the annotation {@value #ANNOTATION}, a counter this service raises before
 * every Redfish write of the VM (PATCH of its ComputerSystem, Reset, InsertMedia, EjectMedia). Every replica reads
 * it from its informer, so the ETags it is part of are the same on every replica for the same state.
 *
 * <p>A claim is a JSON patch of the VM guarded by a {@code test} of {@code metadata.resourceVersion}: the API server
 * applies it only to the very object the claimer read, so when several writers (on any replicas) saw the same
 * version, one patch lands and the others are refused (409/422). A refused claimer reads the VM afresh: if the
 * version moved, another write was accepted and its If-Match fails; if only something else changed (virt-controller
 * updates the status all through a start), it claims again on the fresh copy. That is why the precondition is
 * needed here and not on the writes themselves: power actions go through KubeVirt's lifecycle subresources, which
 * take no resourceVersion (KubeVirt v1.9.0 pkg/virt-api/rest/lifecycle.go, StartVMRequestHandler,
 * StopVMRequestHandler, RestartVMRequestHandler: they patch spec.runStrategy / status.stateChangeRequests with
 * their own tests of those fields only); the claim comes first and the subresource call after it.
 */
final class WriteClaims {

    static final String ANNOTATION = KubeVirtResources.PREFIX + "write-version";
    private static final String PATH = "/metadata/annotations/" + ANNOTATION.replace("~", "~0").replace("/", "~1");

    private final ApiCalls api;
    private final ApiErrors errors;
    private final Function<VmId, GenericKubernetesResource> fresh;
    private final Consumer<GenericKubernetesResource> written;
    private final int retries;

    WriteClaims(ApiCalls api, ApiErrors errors, Function<VmId, GenericKubernetesResource> fresh,
            Consumer<GenericKubernetesResource> written, int retries) {
        this.api = api;
        this.errors = errors;
        this.fresh = fresh;
        this.written = written;
        this.retries = retries;
    }

    static String version(GenericKubernetesResource vm) {
        String v = VmSnapshots.annotation(KubeVirtResources.tree(vm), ANNOTATION);
        return v == null ? "0" : v;
    }

    /** @param vm the VM as last seen (the informer's copy) */
    void claim(VmId id, GenericKubernetesResource vm, String expected) {
        for (int attempt = 0; ; attempt++) {
            String current = version(vm);
            if (expected != null && !expected.equals(current)) {
                throw new GatewayException.PreconditionFailed("virtual machine " + id + " was written meanwhile"
                        + " (write version " + current + ", the client's ETag is of " + expected + ")");
            }
            ApiCalls.Answer answer = api.patchVm(id, patch(vm, next(current)).toString());
            if (answer.ok()) {
                try {
                    written.accept(KubeVirtResources.MAPPER.readValue(answer.body(), GenericKubernetesResource.class));
                } catch (java.io.IOException unreadable) {
                    // the informer brings it
                }
                return;
            }
            if ((answer.code() != 409 && answer.code() != 422) || attempt >= retries) {
                throw answer.code() == 409 || answer.code() == 422
                        ? new GatewayException.Conflict("virtual machine " + id + " kept changing; gave up after "
                                + (attempt + 1) + " attempts")
                        : errors.of(answer.code(), answer.body(), "patch", "kubevirt.io virtualmachines", id, null);
            }
            vm = fresh.apply(id);
        }
    }

    private static String next(String current) {
        try {
            return Long.toString(Long.parseLong(current) + 1);
        } catch (NumberFormatException foreign) {
            return "1";
        }
    }

    private static ArrayNode patch(GenericKubernetesResource vm, String next) {
        ArrayNode ops = KubeVirtResources.MAPPER.createArrayNode();
        ops.addObject().put("op", "test").put("path", "/metadata/resourceVersion")
                .put("value", vm.getMetadata().getResourceVersion());
        boolean annotations = vm.getMetadata().getAnnotations() != null;
        if (annotations) {
            ops.addObject().put("op", "add").put("path", PATH).put("value", next);
        } else {
            ObjectNode value = ops.addObject().put("op", "add").put("path", "/metadata/annotations")
                    .putObject("value");
            value.put(ANNOTATION, next);
        }
        return ops;
    }
}
