package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import org.kubevirtredfish.kubevirt.model.RunStrategy;

/**
 * Whether the VM (as the API server has it) shows that a start was asked for already, so that a held power-on is
 * issued once even when the leader that issued it died before it could drop the hold, and the next leader finds
 * the hold still there. What the start subresource changes, KubeVirt v1.9.0 pkg/virt-api/rest/lifecycle.go,
 * StartVMRequestHandler: for runStrategy Halted it patches {@code spec.runStrategy} to Always (or {@code
 * spec.running} to true, getRunningPatch); for Manual and RerunOnFailure it adds a Start request to {@code
 * status.stateChangeRequests} (getChangeRequestJson), which virt-controller removes once it has created the VMI; for
 * Always and Once it changes nothing and answers 409 ("does not support manual start requests"): virt-controller
 * runs such a VM by itself. A held VM is off and the hold is released only when no live instance is in the way, so
 * runStrategy Always/Once or a pending Start request means the start has been asked for (or is not needed).
 */
final class StartIssued {

    private StartIssued() {
    }

    static boolean already(JsonNode vm) {
        JsonNode spec = vm.path("spec");
        RunStrategy strategy;
        try {
            strategy = RunStrategy.of(spec.path("runStrategy").asText(null),
                    spec.path("running").isBoolean() ? spec.path("running").asBoolean() : null);
        } catch (IllegalArgumentException unknown) {
            return false;
        }
        if (strategy == RunStrategy.Always || strategy == RunStrategy.Once) {
            return true;
        }
        for (JsonNode request : vm.path("status").path("stateChangeRequests")) {
            if ("Start".equals(request.path("action").asText())) {
                return true;
            }
        }
        return false;
    }
}
