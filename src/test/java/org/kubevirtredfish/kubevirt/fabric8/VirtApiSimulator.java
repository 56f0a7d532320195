package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.kubevirtredfish.kubevirt.model.ApiAnswer;
import org.kubevirtredfish.kubevirt.model.StateChangeRequest;
import org.kubevirtredfish.kubevirt.model.VirtApiLifecycle;
import org.kubevirtredfish.kubevirt.model.VmEffect;
import org.kubevirtredfish.kubevirt.model.VmView;

/**
 * virt-api's lifecycle subresources over the mock store: the answer and effect come from
 * {@link VirtApiLifecycle} (KubeVirt v1.9.0 pkg/virt-api/rest/lifecycle.go); the effect is written as virt-api
 * writes it (a JSON patch of spec.runStrategy or spec.running, of status.stateChangeRequests, of the VMI's
 * terminationGracePeriodSeconds; virt-handler's Paused condition for pause/unpause).
 */
final class VirtApiSimulator {

    /** HTTP status and body (a Kubernetes Status for errors, empty otherwise). */
    record Answer(int code, String body) {
    }

    private VirtApiSimulator() {
    }

    static Answer handle(MockStore store, String ns, String name, String action, JsonNode body, Runnable changed) {
        ObjectNode vmObject = store.get(KubeVirtResources.VM, ns, name);
        ObjectNode vmiObject = store.get(KubeVirtResources.VMI, ns, name);
        VmView vm = vmObject == null ? null : ModelViews.vm(vmObject, vmiObject, List.of(), false);
        if (vm == null && vmiObject != null) {
            vm = VmView.of(name, org.kubevirtredfish.kubevirt.model.RunStrategy.Halted).withVmi(ModelViews.vmi(vmiObject));
        }
        ApiAnswer answer = switch (action) {
            case "start" -> VirtApiLifecycle.start(name, vm);
            case "stop" -> VirtApiLifecycle.stop(name, vm, longOrNull(body, "gracePeriod"));
            case "restart" -> VirtApiLifecycle.restart(name, vm, longOrNull(body, "gracePeriodSeconds"));
            case "pause" -> VirtApiLifecycle.pause(name, vm);
            case "unpause" -> VirtApiLifecycle.unpause(name, vm);
            default -> null;
        };
        if (answer == null) {
            return new Answer(404, status(404, "NotFound", "the server could not find the requested resource"));
        }
        apply(store, ns, name, answer.effect());
        changed.run();
        if (answer.code() < 300) {
            return new Answer(answer.code(), "");
        }
        return new Answer(answer.code(), status(answer.code(), answer.reason(), answer.message()));
    }

    private static Long longOrNull(JsonNode body, String field) {
        return body != null && body.hasNonNull(field) ? body.get(field).asLong() : null;
    }

    private static void apply(MockStore store, String ns, String name, VmEffect effect) {
        ArrayNode vmOps = KubeVirtResources.MAPPER.createArrayNode();
        if (effect.runStrategy() != null) {
            vmOps.addObject().put("op", "add").put("path", "/spec/runStrategy").put("value", effect.runStrategy().name());
        }
        if (effect.running() != null) {
            vmOps.addObject().put("op", "add").put("path", "/spec/running").put("value", effect.running());
        }
        if (effect.stateChangeRequests() != null) {
            ObjectNode vm = store.get(KubeVirtResources.VM, ns, name);
            if (vm != null && !vm.path("status").isObject()) {
                vmOps.addObject().put("op", "add").put("path", "/status").putObject("value");
            }
            ArrayNode requests = KubeVirtResources.MAPPER.createArrayNode();
            for (StateChangeRequest r : effect.stateChangeRequests()) {
                ObjectNode o = requests.addObject().put("action", r.action().name());
                if (r.uid() != null) {
                    o.put("uid", r.uid());
                }
            }
            vmOps.addObject().put("op", "add").put("path", "/status/stateChangeRequests").set("value", requests);
        }
        if (!vmOps.isEmpty()) {
            store.jsonPatch(KubeVirtResources.VM, ns, name, vmOps);
        }
        ArrayNode vmiOps = KubeVirtResources.MAPPER.createArrayNode();
        if (effect.vmiGracePeriodSeconds() != null) {
            vmiOps.addObject().put("op", "add").put("path", "/spec/terminationGracePeriodSeconds")
                    .put("value", effect.vmiGracePeriodSeconds());
        }
        if (effect.vmiPaused() != null) {
            ObjectNode vmi = store.get(KubeVirtResources.VMI, ns, name);
            List<JsonNode> kept = new ArrayList<>();
            if (vmi != null) {
                vmi.at("/status/conditions").forEach(c -> {
                    if (!"Paused".equals(c.path("type").asText())) {
                        kept.add(c);
                    }
                });
            }
            ArrayNode conditions = KubeVirtResources.MAPPER.createArrayNode().addAll(kept);
            if (effect.vmiPaused()) {
                conditions.addObject().put("type", "Paused").put("status", "True").put("reason", "PausedByUser");
            }
            vmiOps.addObject().put("op", "add").put("path", "/status/conditions").set("value", conditions);
        }
        if (!vmiOps.isEmpty()) {
            store.jsonPatch(KubeVirtResources.VMI, ns, name, vmiOps);
        }
    }

    /** A Kubernetes Status body as the API server sends virt-api's errors. */
    static String status(int code, String reason, String message) {
        ObjectNode s = KubeVirtResources.MAPPER.createObjectNode();
        s.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
        s.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        return s.toString();
    }
}
