package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guards of a VM patch: the values it replaces, never the resourceVersion when each of them exists. */
class VmPatcherTest {

    private static ObjectNode vm() throws Exception {
        return (ObjectNode) KubeVirtResources.MAPPER.readTree("""
                {"metadata":{"name":"v","namespace":"n","resourceVersion":"7",
                  "annotations":{"kubevirt.io/latest-observed-api-version":"v1","redfish.kubevirt.io/pending-start":"t1"}},
                 "spec":{"template":{"spec":{"domain":{"devices":{"disks":[{"name":"os","disk":{}}]}}}}},
                 "status":{"printableStatus":"Starting"}}""");
    }

    private static List<String> ops(com.fasterxml.jackson.databind.node.ArrayNode ops) {
        List<String> list = new ArrayList<>();
        ops.forEach(op -> list.add(op.get("op").asText() + " " + op.get("path").asText()
                + (op.has("value") ? " " + op.get("value") : "")));
        return list;
    }

    @Test
    void annotationsArePatchedKeyByKeyAndTestedWhereTheyExist() throws Exception {
        ObjectNode before = vm();
        ObjectNode after = before.deepCopy();
        VirtualMedia.annotations(after).remove(KubeVirtResources.PENDING_START_ANNOTATION);
        VirtualMedia.annotations(after).put(KubeVirtResources.MEDIA_IMAGE_ANNOTATION, "http://x/a.iso");
        assertEquals(List.of(
                "add /metadata/annotations/redfish.kubevirt.io~1media-image \"http://x/a.iso\"",
                "test /metadata/annotations/redfish.kubevirt.io~1pending-start \"t1\"",
                "remove /metadata/annotations/redfish.kubevirt.io~1pending-start"),
                ops(VmPatcher.diff(before, after)));
    }

    @Test
    void existingSpecPartsAreTestedNotTheResourceVersion() throws Exception {
        ObjectNode before = vm();
        ObjectNode after = before.deepCopy();
        ((ObjectNode) after.at("/spec/template/spec/domain/devices/disks/0")).put("bootOrder", 1);
        assertEquals(List.of(
                "test /spec/template/spec/domain/devices/disks [{\"name\":\"os\",\"disk\":{}}]",
                "add /spec/template/spec/domain/devices/disks [{\"name\":\"os\",\"disk\":{},\"bootOrder\":1}]"),
                ops(VmPatcher.diff(before, after)));
    }

    @Test
    void aFailedTestIsALostRaceOnlyWhenTheTestedValueChanged() throws Exception {
        ObjectNode before = vm();
        ObjectNode after = before.deepCopy();
        VirtualMedia.annotations(after).remove(KubeVirtResources.PENDING_START_ANNOTATION);
        var ops = VmPatcher.diff(before, after);
        ObjectNode statusChurned = before.deepCopy();
        statusChurned.with("status").put("printableStatus", "Running");
        ((ObjectNode) statusChurned.get("metadata")).put("resourceVersion", "8");
        assertTrue(VmPatcher.stillHolds(ops, statusChurned), "a 422 on this VM was not about our guard");
        ObjectNode tokenChanged = before.deepCopy();
        VirtualMedia.annotations(tokenChanged).put(KubeVirtResources.PENDING_START_ANNOTATION, "t2");
        assertFalse(VmPatcher.stillHolds(ops, tokenChanged));
    }
}
