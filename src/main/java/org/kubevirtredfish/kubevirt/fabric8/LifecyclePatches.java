package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.model.ApiAnswer;
import org.kubevirtredfish.kubevirt.model.Condition;
import org.kubevirtredfish.kubevirt.model.RunStrategy;
import org.kubevirtredfish.kubevirt.model.StateChangeRequest;
import org.kubevirtredfish.kubevirt.model.VirtApiLifecycle;
import org.kubevirtredfish.kubevirt.model.VmEffect;
import org.kubevirtredfish.kubevirt.model.VmView;
import org.kubevirtredfish.kubevirt.model.VmiPhase;
import org.kubevirtredfish.kubevirt.model.VmiView;

/**
 * virt-api's VM start, stop and restart done by this service itself, for a ServiceAccount that may patch VMs, their
 * status and VMIs but not PUT the lifecycle subresources (the ClusterRole of the OpenShift procedure "Install
 * KubeVirt Redfish" grants {@code kubevirt.io virtualmachines/start} etc., which no API serves, but not
 * {@code update} on {@code subresources.kubevirt.io}). The handlers of KubeVirt v1.9.0 pkg/virt-api/rest/lifecycle.go
 * (StartVMRequestHandler, StopVMRequestHandler, RestartVMRequestHandler) consist of exactly such patches: what they
 * answer and change comes from {@link VirtApiLifecycle}, and the patches are theirs, each guarded by a JSON patch
 * {@code test} of the value it replaces: {@code getRunningPatch} ({@code spec.runStrategy} Always/Halted, or
 * {@code spec.running}), {@code getChangeRequestJson} ({@code status.stateChangeRequests}, which virt-controller acts
 * on: Manual and RerunOnFailure VMs, every restart) and {@code patchVMITerminationGracePeriod}. A failed test is a
 * 409, as virt-api answers it. Used only after the subresource PUT was denied.
 */
final class LifecyclePatches {

    private final ApiCalls api;
    private final ApiErrors errors;

    LifecyclePatches(ApiCalls api, ApiErrors errors) {
        this.api = api;
        this.errors = errors;
    }

    /** @param action start, stop or restart; @param body the subresource body the PUT carried */
    void apply(VmId vm, String action, String body) {
        String what = "kubevirt.io virtualmachines (" + action + " as virt-api does it)";
        ApiCalls.Answer vmAnswer = api.get(vm, "apis/kubevirt.io/v1/namespaces/" + vm.namespace()
                + "/virtualmachines/" + vm.name(), "kubevirt.io virtualmachines");
        if (!vmAnswer.ok()) {
            throw errors.of(vmAnswer.code(), vmAnswer.body(), "get", "kubevirt.io virtualmachines", vm, null);
        }
        ApiCalls.Answer vmiAnswer = api.get(vm, "apis/kubevirt.io/v1/namespaces/" + vm.namespace()
                + "/virtualmachineinstances/" + vm.name(), "kubevirt.io virtualmachineinstances");
        if (!vmiAnswer.ok() && vmiAnswer.code() != 404) {
            throw errors.of(vmiAnswer.code(), vmiAnswer.body(), "get", "kubevirt.io virtualmachineinstances", vm,
                    null);
        }
        JsonNode vmTree = json(vmAnswer.body());
        JsonNode vmiTree = vmiAnswer.ok() ? json(vmiAnswer.body()) : null;
        JsonNode options = body == null || body.isBlank() ? KubeVirtResources.MAPPER.createObjectNode() : json(body);
        VmView view = view(vmTree, vmiTree);
        ApiAnswer answer = switch (action) {
            case "start" -> VirtApiLifecycle.start(vm.name(), view);
            case "stop" -> VirtApiLifecycle.stop(vm.name(), view, longOrNull(options, "gracePeriod"));
            case "restart" -> VirtApiLifecycle.restart(vm.name(), view, longOrNull(options, "gracePeriodSeconds"));
            default -> throw new IllegalArgumentException(action);
        };
        VmEffect effect = answer.effect();
        // patchVMITerminationGracePeriod comes first, also when the call is then refused (StopVMRequestHandler)
        if (effect.vmiGracePeriodSeconds() != null && vmiTree != null) {
            check(api.patchVmi(vm, gracePeriodPatch(vmiTree, effect.vmiGracePeriodSeconds())), "patch",
                    "kubevirt.io virtualmachineinstances", vm);
        }
        if (!answer.accepted()) {
            throw errors.of(answer.code(), answer.message(), "update", what, vm, null);
        }
        if (effect.runStrategy() != null || effect.running() != null) {
            check(api.patchVm(vm, runningPatch(vmTree, effect).toString()), "patch", "kubevirt.io virtualmachines", vm);
        }
        if (effect.stateChangeRequests() != null) {
            check(api.patchVmStatus(vm, changeRequestPatch(vmTree, effect.stateChangeRequests()).toString()), "patch",
                    "kubevirt.io virtualmachines/status", vm);
        }
    }

    /** A failed {@code test} (422 from the API server) is the conflict virt-api answers for it. */
    private void check(ApiCalls.Answer answer, String verb, String what, VmId vm) {
        if (answer.ok()) {
            return;
        }
        int code = answer.code() == 422 ? 409 : answer.code();
        throw errors.of(code, answer.body(), verb, what, vm, null);
    }

    /** getRunningPatch: test the field it replaces (runStrategy, or running for VMs that use it). */
    static ArrayNode runningPatch(JsonNode vm, VmEffect effect) {
        ArrayNode ops = KubeVirtResources.MAPPER.createArrayNode();
        JsonNode spec = vm.path("spec");
        if (effect.runStrategy() != null) {
            ops.addObject().put("op", "test").put("path", "/spec/runStrategy").set("value", spec.get("runStrategy"));
            ops.addObject().put("op", "replace").put("path", "/spec/runStrategy").put("value",
                    effect.runStrategy().name());
        } else {
            ops.addObject().put("op", "test").put("path", "/spec/running").set("value", spec.get("running"));
            ops.addObject().put("op", "replace").put("path", "/spec/running").put("value", effect.running());
        }
        return ops;
    }

    /**
     * getChangeRequestJson: a VM without status gets one; otherwise the pending requests are tested and replaced
     * (VirtApiLifecycle has already refused what may not be added). A VM without pending requests is guarded by its
     * resourceVersion instead of a {@code test} of a missing path, which not every JSON patch implementation accepts
     * as null; startFailure is removed as upstream does.
     */
    static ArrayNode changeRequestPatch(JsonNode vm, List<StateChangeRequest> requests) {
        ArrayNode ops = KubeVirtResources.MAPPER.createArrayNode();
        ArrayNode value = KubeVirtResources.MAPPER.createArrayNode();
        for (StateChangeRequest r : requests) {
            ObjectNode o = value.addObject().put("action", r.action().name());
            if (r.uid() != null) {
                o.put("uid", r.uid());
            }
        }
        JsonNode status = vm.path("status");
        if (!status.isObject() || status.isEmpty()) {
            ObjectNode newStatus = KubeVirtResources.MAPPER.createObjectNode();
            newStatus.set("stateChangeRequests", value);
            ops.addObject().put("op", "add").put("path", "/status").set("value", newStatus);
            return ops;
        }
        if (status.has("stateChangeRequests")) {
            ops.addObject().put("op", "test").put("path", "/status/stateChangeRequests")
                    .set("value", status.get("stateChangeRequests"));
        } else {
            ops.addObject().put("op", "test").put("path", "/metadata/resourceVersion")
                    .put("value", vm.at("/metadata/resourceVersion").asText());
        }
        ops.addObject().put("op", "add").put("path", "/status/stateChangeRequests").set("value", value);
        if (status.has("startFailure")) {
            ops.addObject().put("op", "remove").put("path", "/status/startFailure");
        }
        return ops;
    }

    /** patchVMITerminationGracePeriod: test the old value (null when unset), replace it. */
    static String gracePeriodPatch(JsonNode vmi, long seconds) {
        ArrayNode ops = KubeVirtResources.MAPPER.createArrayNode();
        JsonNode old = vmi.at("/spec/terminationGracePeriodSeconds");
        if (old.isNumber()) {
            ops.addObject().put("op", "test").put("path", "/spec/terminationGracePeriodSeconds").set("value", old);
            ops.addObject().put("op", "replace").put("path", "/spec/terminationGracePeriodSeconds").put("value", seconds);
        } else {
            ops.addObject().put("op", "add").put("path", "/spec/terminationGracePeriodSeconds").put("value", seconds);
        }
        return ops.toString();
    }

    /** The VM and its VMI as the lifecycle model reads them (KubeVirt v1.9.0 types.go field names). */
    static VmView view(JsonNode vm, JsonNode vmi) {
        JsonNode spec = vm.path("spec");
        String strategy = spec.hasNonNull("runStrategy") ? spec.get("runStrategy").asText() : null;
        Boolean running = spec.hasNonNull("running") ? spec.get("running").asBoolean() : null;
        RunStrategy runStrategy;
        try {
            runStrategy = RunStrategy.of(strategy, running);
        } catch (IllegalArgumentException e) {
            throw new GatewayException.Conflict("virtual machine " + vm.at("/metadata/name").asText()
                    + " has an invalid run strategy: " + e.getMessage());
        }
        List<StateChangeRequest> requests = new ArrayList<>();
        for (JsonNode r : vm.at("/status/stateChangeRequests")) {
            requests.add(new StateChangeRequest(StateChangeRequest.Action.valueOf(r.path("action").asText()),
                    r.hasNonNull("uid") ? r.get("uid").asText() : null));
        }
        VmiView instance = null;
        if (vmi != null) {
            JsonNode grace = vmi.at("/spec/terminationGracePeriodSeconds");
            instance = new VmiView(vmi.at("/metadata/uid").asText(), VmiPhase.of(vmi.at("/status/phase").asText(null)),
                    vmi.at("/metadata/deletionTimestamp").isTextual(), false, conditions(vmi.at("/status/conditions")),
                    grace.isNumber() ? grace.asLong() : null);
        }
        return new VmView(vm.at("/metadata/name").asText(), runStrategy, strategy == null && running != null,
                vm.at("/metadata/deletionTimestamp").isTextual(), requests, instance, false, false, 0, List.of(), false,
                conditions(vm.at("/status/conditions")));
    }

    /** A {@code status.conditions} array as the model's conditions (also the test cluster's views). */
    static List<Condition> conditions(JsonNode array) {
        List<Condition> out = new ArrayList<>();
        for (JsonNode c : array) {
            out.add(new Condition(c.path("type").asText(), c.path("status").asText(),
                    c.hasNonNull("reason") ? c.get("reason").asText() : null,
                    c.hasNonNull("message") ? c.get("message").asText() : null));
        }
        return out;
    }

    private static Long longOrNull(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asLong() : null;
    }

    private static JsonNode json(String text) {
        try {
            return KubeVirtResources.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new GatewayException.Unavailable("the cluster sent an unreadable answer: " + e.getMessage(), 1, e);
        }
    }
}
