package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kubevirtredfish.kubevirt.model.Admission;

/**
 * KubeVirt's VirtualMachine validating webhook in front of the mock store: the VM a create, update or patch would
 * produce is checked with {@link Admission#validate} and refused with the API server's 422 (reason Invalid, message
 * {@code admission webhook "virtualmachine-validator.kubevirt.io" denied the request: ...}, the causes in details)
 * without being stored.
 */
final class VmAdmissionWebhook {

    private static final Pattern VM_PATH = Pattern.compile(
            "/apis/kubevirt\\.io/v1/namespaces/([^/]+)/virtualmachines(?:/([^/]+))?");

    private final MockStore store;

    VmAdmissionWebhook(MockStore store) {
        this.store = store;
    }

    /** A 422 for a VM write the webhook denies, null for everything else. */
    MockResponse admit(RecordedRequest request) {
        String method = request.getMethod();
        if (!"POST".equals(method) && !"PUT".equals(method) && !"PATCH".equals(method)) {
            return null;
        }
        Matcher m = VM_PATH.matcher(request.getPath().split("\\?")[0]);
        if (!m.matches()) {
            return null;
        }
        JsonNode result;
        try {
            JsonNode body = KubeVirtResources.MAPPER.readTree(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
            if ("PATCH".equals(method)) {
                ObjectNode current = m.group(2) == null ? null : store.get(KubeVirtResources.VM, m.group(1), m.group(2));
                if (current == null) {
                    return null;
                }
                String type = request.getHeader("Content-Type");
                result = type != null && type.contains("json-patch") ? JsonPatch.apply(body, current) : merge(current, body);
            } else {
                result = body;
            }
        } catch (Exception e) {
            return null; // the store answers malformed requests and failing test operations itself
        }
        if (result.at("/metadata/deletionTimestamp").isTextual()) {
            return null;
        }
        List<Admission.Cause> causes = new ArrayList<>(Admission.validate(spec(result)));
        // vms-admitter.go, Admit, validates the template with the VM's preference applied
        ObjectNode template = result.at("/spec/template/spec").isObject()
                ? (ObjectNode) result.at("/spec/template/spec").deepCopy() : KubeVirtResources.MAPPER.createObjectNode();
        KubeVirtControllerSimulator.applyPreference(store, result.at("/metadata/namespace").asText(), result, template);
        JsonNode domain = template.path("domain");
        JsonNode efi = domain.at("/firmware/bootloader/efi");
        JsonNode smm = domain.at("/features/smm");
        causes.addAll(Admission.validateFirmware(efi.isObject() && efi.path("secureBoot").asBoolean(true),
                smm.isObject() && smm.path("enabled").asBoolean(true), domain.at("/launchSecurity/tdx").isObject()));
        return causes.isEmpty() ? null : denied(causes);
    }

    static Admission.VmSpec spec(JsonNode vm) {
        JsonNode spec = vm.path("spec");
        JsonNode template = spec.at("/template/spec");
        List<Admission.Disk> disks = KubeVirtControllerSimulator.template(template).disks();
        List<Admission.Interface> nics = new ArrayList<>();
        for (JsonNode nic : template.at("/domain/devices/interfaces")) {
            nics.add(new Admission.Interface(nic.path("name").asText(),
                    nic.hasNonNull("bootOrder") ? nic.get("bootOrder").asInt() : null));
        }
        return new Admission.VmSpec(spec.hasNonNull("runStrategy") ? spec.get("runStrategy").asText() : null,
                spec.hasNonNull("running") ? spec.get("running").asBoolean() : null,
                template.path("architecture").asText("amd64"), disks, nics);
    }

    private static MockResponse denied(List<Admission.Cause> causes) {
        ObjectNode s = KubeVirtResources.MAPPER.createObjectNode();
        s.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
        s.put("status", "Failure").put("message", Admission.deniedMessage(causes)).put("reason", "Invalid").put("code", 422);
        ArrayNode array = s.putObject("details").putArray("causes");
        for (Admission.Cause c : causes) {
            array.addObject().put("reason", "FieldValueInvalid").put("message", c.message()).put("field", c.field());
        }
        return new MockResponse().setResponseCode(422).setHeader("Content-Type", "application/json").setBody(s.toString());
    }

    /** RFC 7386 JSON merge patch. */
    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : KubeVirtResources.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }
}
