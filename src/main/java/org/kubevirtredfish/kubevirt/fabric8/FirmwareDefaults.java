package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.GatewayException;

/**
 * Where a VM's firmware comes from when its template does not say: the running instance, else the VM's
 * VirtualMachinePreference or VirtualMachineClusterPreference. KubeVirt v1.9.0
 * pkg/instancetype/preference/apply/firmware.go, applyFirmwarePreferences: the preference fills the bootloader only
 * when the template has neither {@code efi} nor {@code bios} (an explicit template value wins), in this order:
 * {@code preferredUseBios}, then {@code preferredEfi} (copied whole, secureBoot included), then the deprecated
 * {@code preferredUseEfi} with {@code preferredUseSecureBoot}.
 *
 * @param instanceDomain    {@code spec.domain} of the running VMI, where KubeVirt has already applied the preference
 *                          and its defaults; null when no instance exists
 * @param preference        {@code spec} of the referenced preference; null when the VM references none or it could
 *                          not be read
 * @param preferenceProblem why the referenced preference could not be read, or null
 */
record FirmwareDefaults(JsonNode instanceDomain, JsonNode preference, String preferenceProblem) {

    static final FirmwareDefaults NONE = new FirmwareDefaults(null, null, null);

    private static final String BOOTLOADER = "/firmware/bootloader";

    /** The boot mode of the next instance: the template's bootloader, else the instance's, else the preference's. */
    BootMode mode(JsonNode templateDomain) {
        BootMode explicit = explicitMode(templateDomain);
        if (explicit != null) {
            return explicit;
        }
        if (instanceDomain != null) {
            BootMode running = explicitMode(instanceDomain);
            return running != null ? running : BootMode.Legacy;
        }
        return preferenceEfi() != null ? BootMode.UEFI : BootMode.Legacy;
    }

    /** True when only the preference can tell the mode: the template has no bootloader and no instance runs. */
    static boolean needsPreference(JsonNode templateDomain, JsonNode instanceDomain) {
        return explicitMode(templateDomain) == null && instanceDomain == null;
    }

    private static BootMode explicitMode(JsonNode domain) {
        JsonNode bootloader = domain == null ? null : domain.at(BOOTLOADER);
        if (bootloader == null || !bootloader.isObject()) {
            return null;
        }
        return bootloader.has("efi") ? BootMode.UEFI : bootloader.has("bios") ? BootMode.Legacy : null;
    }

    /** The {@code efi} object the preference gives a template without a bootloader, or null when it gives none. */
    JsonNode preferenceEfi() {
        JsonNode firmware = preference == null ? null : preference.path("firmware");
        if (firmware == null || firmware.path("preferredUseBios").asBoolean(false)) {
            return null;
        }
        if (firmware.path("preferredEfi").isObject()) {
            return firmware.get("preferredEfi").deepCopy();
        }
        if (firmware.path("preferredUseEfi").asBoolean(false)) {
            ObjectNode efi = KubeVirtResources.MAPPER.createObjectNode();
            if (firmware.path("preferredUseSecureBoot").isBoolean()) {
                efi.put("secureBoot", firmware.get("preferredUseSecureBoot").asBoolean());
            }
            return efi;
        }
        return null;
    }

    /**
     * Makes the template boot in {@code mode}; nothing when it already does (so a secure boot that the template, the
     * instance or the preference configured is never touched). Legacy writes {@code bios} (a template value wins over
     * the preference). UEFI writes the {@code efi} the VM had: the running instance's, else the preference's; a VM
     * that never had one gets {@code secureBoot} on exactly when SMM is on. KubeVirt v1.9.0 pkg/virt-api/webhooks/
     * validating-webhook/admitters/vmi-create-admitter.go, validateDomainSpec: an {@code efi} whose secureBoot is
     * unset or true is secure boot (secureBootEnabled) and is refused without SMM (smmFeatureEnabled:
     * {@code features.smm} present and not disabled); vms-admitter.go, Admit, applies the preference before that check.
     * validateBootloader refuses {@code efi} and {@code bios} together, so the whole bootloader is replaced.
     */
    void setMode(ObjectNode templateDomain, BootMode mode) {
        if (mode(templateDomain) == mode) {
            return;
        }
        JsonNode efi = mode == BootMode.UEFI ? efiToWrite(templateDomain) : null;
        ObjectNode bootloader = templateDomain.withObject("/firmware").putObject("bootloader");
        if (efi != null) {
            bootloader.set("efi", efi);
        } else {
            bootloader.putObject("bios");
        }
    }

    private JsonNode efiToWrite(JsonNode templateDomain) {
        JsonNode running = instanceDomain == null ? null : instanceDomain.at(BOOTLOADER + "/efi");
        if (running != null && running.isObject()) {
            return running.deepCopy();
        }
        if (preferenceProblem != null) {
            throw new GatewayException.Unavailable("cannot switch to UEFI without knowing the secure boot setting of"
                    + " the VM's preference: " + preferenceProblem, 10, null);
        }
        JsonNode fromPreference = preferenceEfi();
        if (fromPreference != null) {
            return fromPreference;
        }
        return KubeVirtResources.MAPPER.createObjectNode().put("secureBoot", smm(templateDomain));
    }

    /**
     * UEFI secure boot of the next instance: its {@code efi} (see {@link #nextEfi}) has {@code secureBoot} unset or
     * true. KubeVirt v1.9.0 pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go,
     * secureBootEnabled: an unset secureBoot is secure boot.
     */
    boolean secureBoot(JsonNode templateDomain) {
        JsonNode efi = mode(templateDomain) == BootMode.UEFI ? nextEfi(templateDomain) : null;
        return efi != null && efi.path("secureBoot").asBoolean(true);
    }

    /**
     * Whether an instance booted with secure boot; its domain has the preference and KubeVirt's defaults applied.
     * Same rule as {@link #secureBoot}.
     */
    static boolean instanceSecureBoot(JsonNode instanceDomain) {
        JsonNode efi = instanceDomain.at(BOOTLOADER + "/efi");
        return efi.isObject() && efi.path("secureBoot").asBoolean(true);
    }

    /** The firmware an instance booted: its domain has a bootloader when it is UEFI; none is BIOS. */
    static BootMode instanceMode(JsonNode instanceDomain) {
        BootMode mode = explicitMode(instanceDomain);
        return mode != null ? mode : BootMode.Legacy;
    }

    /** {@code spec.domain} of a VMI, or null when there is no VMI (or it has no domain). */
    static JsonNode instanceDomain(JsonNode vmi) {
        JsonNode domain = vmi == null ? null : vmi.at("/spec/domain");
        return domain != null && domain.isObject() ? domain : null;
    }

    /** The {@code efi} the next instance boots with, or null when it boots BIOS or nothing says (then BIOS). */
    private JsonNode nextEfi(JsonNode templateDomain) {
        if (explicitMode(templateDomain) != null) {
            JsonNode efi = templateDomain.at(BOOTLOADER + "/efi");
            return efi.isObject() ? efi : null;
        }
        if (instanceDomain != null) {
            JsonNode efi = instanceDomain.at(BOOTLOADER + "/efi");
            return efi.isObject() ? efi : null;
        }
        return preferenceEfi();
    }

    /**
     * Writes the secure boot of the next instance into the template: the {@code efi} the VM boots with now (from the
     * template, the instance or the preference, so {@code persistent} stays) with {@code secureBoot} set; turning it
     * on also writes {@code features.smm.enabled: true} unless SMM is on already, since KubeVirt v1.9.0
     * pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go, validateDomainSpec, refuses secure
     * boot without SMM (smmFeatureEnabled), for the VM's template too (vms-admitter.go, Admit, after applying the
     * preference). Nothing is written when the next instance has that setting already. An explicit template value
     * wins over the preference (pkg/instancetype/preference/apply/firmware.go, applyFirmwarePreferences), so the
     * preference never fixes it.
     *
     * @throws GatewayException.Conflict on a VM that boots Legacy
     * @throws GatewayException.Unavailable when only the unreadable preference could tell the current efi
     */
    void setSecureBoot(ObjectNode templateDomain, boolean enabled) {
        if (mode(templateDomain) != BootMode.UEFI) {
            if (!enabled) {
                return;
            }
            throw new GatewayException.Conflict("secure boot needs UEFI; the virtual machine boots Legacy (BIOS)");
        }
        if (secureBoot(templateDomain) == enabled && (!enabled || smm(templateDomain))) {
            return;
        }
        if (explicitMode(templateDomain) == null && instanceDomain == null && preferenceProblem != null) {
            throw new GatewayException.Unavailable("cannot change secure boot without knowing the firmware of the"
                    + " VM's preference: " + preferenceProblem, 10, null);
        }
        JsonNode current = nextEfi(templateDomain);
        ObjectNode efi = current != null ? (ObjectNode) current.deepCopy() : KubeVirtResources.MAPPER.createObjectNode();
        efi.put("secureBoot", enabled);
        if (enabled && !smm(templateDomain)) {
            templateDomain.withObject("/features").putObject("smm").put("enabled", true);
        }
        templateDomain.withObject("/firmware").putObject("bootloader").set("efi", efi);
    }

    /**
     * The launch security (SEV, SNP, TDX) of the next or current instance, or null. KubeVirt v1.9.0
     * pkg/virt-api/webhooks/amd64.go refuses SEV and SNP with secure boot and TDX with SMM: this service leaves the
     * firmware of such a VM alone.
     */
    String launchSecurity(JsonNode templateDomain) {
        for (JsonNode domain : new JsonNode[] {templateDomain, instanceDomain}) {
            JsonNode security = domain == null ? null : domain.path("launchSecurity");
            if (security != null && security.isObject() && security.size() > 0) {
                return String.join("/", (Iterable<String>) security::fieldNames).toUpperCase(java.util.Locale.ROOT);
            }
        }
        return null;
    }

    /**
     * SMM as the next instance gets it: the template's {@code features.smm}, else the running instance's (preference
     * applied), else the preference's preferredSmm (KubeVirt v1.9.0 pkg/instancetype/preference/apply/features.go,
     * applied when the template has no features.smm).
     */
    boolean smm(JsonNode templateDomain) {
        JsonNode smm = templateDomain.at("/features/smm");
        if (smm.isMissingNode() || smm.isNull()) {
            smm = instanceDomain != null ? instanceDomain.at("/features/smm")
                    : preference == null ? null : preference.at("/features/preferredSmm");
        }
        return smm != null && smm.isObject() && smm.path("enabled").asBoolean(true);
    }
}
