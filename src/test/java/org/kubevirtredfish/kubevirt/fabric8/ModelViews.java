package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.kubevirtredfish.kubevirt.model.Condition;
import org.kubevirtredfish.kubevirt.model.DataVolumeView;
import org.kubevirtredfish.kubevirt.model.RunStrategy;
import org.kubevirtredfish.kubevirt.model.StateChangeRequest;
import org.kubevirtredfish.kubevirt.model.VmView;
import org.kubevirtredfish.kubevirt.model.VmiPhase;
import org.kubevirtredfish.kubevirt.model.VmiView;

/** The mock server's JSON objects as the model's views. */
final class ModelViews {

    private ModelViews() {
    }

    static RunStrategy runStrategy(JsonNode vm) {
        JsonNode spec = vm.path("spec");
        String strategy = spec.hasNonNull("runStrategy") ? spec.get("runStrategy").asText() : null;
        Boolean running = spec.hasNonNull("running") ? spec.get("running").asBoolean() : null;
        try {
            return RunStrategy.of(strategy, running);
        } catch (IllegalArgumentException e) {
            return RunStrategy.Halted;
        }
    }

    static VmView vm(JsonNode vm, JsonNode vmi, List<JsonNode> dataVolumes, boolean startExpected) {
        JsonNode spec = vm.path("spec");
        boolean runningField = !spec.hasNonNull("runStrategy") && spec.hasNonNull("running");
        List<StateChangeRequest> requests = new ArrayList<>();
        for (JsonNode r : vm.at("/status/stateChangeRequests")) {
            requests.add(new StateChangeRequest(StateChangeRequest.Action.valueOf(r.path("action").asText()),
                    r.hasNonNull("uid") ? r.get("uid").asText() : null));
        }
        List<DataVolumeView> dvs = new ArrayList<>();
        for (JsonNode dv : dataVolumes) {
            dvs.add(dataVolume(dv));
        }
        return new VmView(vm.at("/metadata/name").asText(), runStrategy(vm), runningField,
                vm.at("/metadata/deletionTimestamp").isTextual(), requests, vmi == null ? null : vmi(vmi), startExpected,
                false, 0, dvs, false, conditions(vm.at("/status/conditions")));
    }

    static VmiView vmi(JsonNode vmi) {
        JsonNode grace = vmi.at("/spec/terminationGracePeriodSeconds");
        return new VmiView(vmi.at("/metadata/uid").asText(), VmiPhase.of(vmi.at("/status/phase").asText(null)),
                vmi.at("/metadata/deletionTimestamp").isTextual(), false, conditions(vmi.at("/status/conditions")),
                grace.isNumber() ? grace.asLong() : null);
    }

    static DataVolumeView dataVolume(JsonNode dv) {
        return new DataVolumeView(dv.at("/metadata/name").asText(), dv.at("/status/phase").asText(null),
                conditions(dv.at("/status/conditions")));
    }

    static List<Condition> conditions(JsonNode array) {
        return LifecyclePatches.conditions(array);
    }

    /** Names of the DataVolumes the VM template's volumes reference. */
    static List<String> dataVolumeNames(JsonNode vm) {
        List<String> names = new ArrayList<>();
        for (JsonNode v : vm.at("/spec/template/spec/volumes")) {
            if (v.at("/dataVolume/name").isTextual()) {
                names.add(v.at("/dataVolume/name").asText());
            }
        }
        return names;
    }
}
