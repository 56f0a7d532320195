package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.message.BaseMessage;

/**
 * A PATCH of a ComputerSystem, which may change only {@code Boot.BootSourceOverrideTarget}, {@code ...Enabled}
 * and {@code ...Mode}. Every problem is reported at once and nothing is applied unless all is valid.
 *
 * <p>Semantics: a target given without Enabled while the override is Disabled means Once (as physical BMCs do);
 * target None means Disabled and Disabled means target None; Enabled Once/Continuous without any target is a
 * conflict. OData annotations of the resource ({@code @odata.id}, {@code @odata.etag}, ...), which generic clients
 * such as DMTF's Protocol Validator send back with a PATCH, are ignored: a PATCH of annotations only changes nothing.
 */
final class BootPatch {

    /** Read-only properties of a ComputerSystem that a client might try to PATCH. */
    private static final Set<String> READ_ONLY = Set.of("Id", "Name", "Description",
            "SystemType", "Manufacturer", "Model", "SerialNumber", "UUID", "PowerState", "Status",
            "ProcessorSummary", "MemorySummary", "EthernetInterfaces", "VirtualMedia", "Links", "Actions", "Oem",
            "BiosVersion", "Bios", "SecureBoot");
    private static final Set<String> BOOT_READ_ONLY = Set.of("BootSourceOverrideTarget@Redfish.AllowableValues",
            "BootSourceOverrideEnabled@Redfish.AllowableValues", "BootSourceOverrideMode@Redfish.AllowableValues");
    private static final String TARGET = "BootSourceOverrideTarget";
    private static final String ENABLED = "BootSourceOverrideEnabled";
    private static final String MODE = "BootSourceOverrideMode";

    private BootPatch() {
    }

    /**
     * The override after the patch, or empty when the body holds OData annotations only; problems end the request
     * with 400 before anything changes.
     */
    static Optional<BootOverride> apply(String body, BootOverride current, Set<BootSource> bootable) {
        RequestBody request = PatchProperties.read(body, READ_ONLY, (r, name, value) -> name.equals("Boot"));
        if (PatchProperties.annotationsOnly(request)) {
            return Optional.empty();
        }
        JsonNode boot = request.json().get("Boot");
        BootSource target = null;
        BootOverrideEnabled enabled = null;
        BootMode mode = null;
        if (boot != null && !boot.isObject()) {
            request.problem(BaseMessage.PropertyValueTypeError.with(RequestBody.text(boot), "Boot").about("#/Boot"));
        } else if (boot != null) {
            for (Map.Entry<String, JsonNode> field : boot.properties()) {
                String name = field.getKey();
                JsonNode value = field.getValue();
                switch (name) {
                    case TARGET -> target = enumValue(request, name, value, BootSource.class, bootable);
                    case ENABLED -> enabled = enumValue(request, name, value, BootOverrideEnabled.class, null);
                    case MODE -> mode = enumValue(request, name, value, BootMode.class, null);
                    default -> request.problem((BOOT_READ_ONLY.contains(name)
                            ? BaseMessage.PropertyNotWritable.with(name)
                            : BaseMessage.PropertyUnknown.with(name)).about("#/Boot/" + name));
                }
            }
        }
        request.throwIfAny();

        BootSource newTarget = target != null ? target : current.target();
        BootOverrideEnabled newEnabled = enabled != null ? enabled : current.enabled();
        if (target != null && target != BootSource.None && enabled == null
                && current.enabled() == BootOverrideEnabled.Disabled) {
            newEnabled = BootOverrideEnabled.Once;
        }
        if (target == BootSource.None && enabled == null) {
            newEnabled = BootOverrideEnabled.Disabled;
        }
        if (newEnabled == BootOverrideEnabled.Disabled) {
            newTarget = BootSource.None;
        } else if (newTarget == BootSource.None) {
            request.problem(BaseMessage.PropertyValueConflict.with(ENABLED, TARGET).about("#/Boot/" + ENABLED));
            request.throwIfAny();
        }
        return Optional.of(new BootOverride(newTarget, newEnabled, mode != null ? mode : current.mode()));
    }

    private static <E extends Enum<E>> E enumValue(RequestBody request, String name, JsonNode value, Class<E> type,
            Set<BootSource> allowed) {
        String pointer = "#/Boot/" + name;
        if (!value.isTextual()) {
            request.problem(BaseMessage.PropertyValueTypeError.with(RequestBody.text(value), name).about(pointer));
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value.asText()) && (allowed == null || e == BootSource.None || allowed.contains(e))) {
                return e;
            }
        }
        request.problem(BaseMessage.PropertyValueNotInList.with(value.asText(), name).about(pointer));
        return null;
    }
}
