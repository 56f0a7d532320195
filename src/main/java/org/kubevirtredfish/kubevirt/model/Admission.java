package org.kubevirtredfish.kubevirt.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of KubeVirt v1.9.0's VirtualMachine validating webhook ("virtualmachine-validator.kubevirt.io") that this
 * service can run into, and the answer the API server gives for them: 422, reason Invalid, message
 * {@code admission webhook "virtualmachine-validator.kubevirt.io" denied the request: <cause>, <cause>} (pkg/util/webhooks/webhooks.go,
 * ToAdmissionResponse; at most 10 causes).
 */
public final class Admission {

    public static final String VM_WEBHOOK = "virtualmachine-validator.kubevirt.io";
    private static final String VMS_ADMITTER = Upstream.KUBEVIRT + " pkg/virt-api/webhooks/validating-webhook/admitters/vms-admitter.go, ";
    private static final String DISKS = Upstream.KUBEVIRT + " pkg/storage/admitters/disks.go, ";
    private static final String VMI_CREATE = Upstream.KUBEVIRT + " pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go, ";
    private static final String ARM64 = Upstream.KUBEVIRT + " pkg/virt-api/webhooks/arm64.go, ";

    /** One device of {@code spec.template.spec.domain.devices.disks}: type "disk", "cdrom" or "lun". */
    public record Disk(String name, String type, String bus, Integer bootOrder) {
    }

    /** One NIC of {@code devices.interfaces} (only its boot order matters here). */
    public record Interface(String name, Integer bootOrder) {
    }

    /** The parts of a VM spec these rules read. {@code architecture} is the template's, e.g. amd64 or arm64. */
    public record VmSpec(String runStrategy, Boolean running, String architecture, List<Disk> disks,
            List<Interface> interfaces) {
    }

    /** A metav1.StatusCause: the rule's message, the field and where the rule comes from. */
    public record Cause(String field, String message, String source) {
    }

    private Admission() {
    }

    /** The causes this VM spec is rejected for, in the webhook's order; empty when admitted. */
    public static List<Cause> validate(VmSpec spec) {
        List<Cause> causes = new ArrayList<>();
        String disks = "spec.template.spec.domain.devices.disks";
        for (int i = 0; i < spec.disks().size(); i++) {
            Disk disk = spec.disks().get(i);
            if (disk.bootOrder() != null && disk.bootOrder() < 1) {
                causes.add(new Cause(disks + "[" + i + "].bootOrder",
                        disks + "[" + i + "] must have a boot order > 0, if supplied", DISKS + "validateBootOrderValue"));
            }
            if ("cdrom".equals(disk.type()) && "virtio".equals(disk.bus())) {
                causes.add(new Cause(disks + "[" + i + "].cdrom.bus", "Bus type virtio is invalid for CD-ROM device",
                        DISKS + "validateBusSupport"));
            }
            if ("ide".equals(disk.bus())) {
                causes.add(new Cause(disks + "[" + i + "]." + disk.type() + ".bus", "IDE bus is not supported",
                        DISKS + "validateBusSupport"));
            }
        }
        Set<Integer> orders = new HashSet<>();
        for (int i = 0; i < spec.disks().size(); i++) {
            Integer order = spec.disks().get(i).bootOrder();
            if (order != null && !orders.add(order)) {
                String field = disks + "[" + i + "].bootOrder";
                causes.add(new Cause(field, "Boot order for " + field + " already set for a different device.",
                        VMI_CREATE + "validateBootOrder"));
            }
        }
        String nics = "spec.template.spec.domain.devices.interfaces";
        for (int i = 0; i < spec.interfaces().size(); i++) {
            Integer order = spec.interfaces().get(i).bootOrder();
            if (order == null) {
                continue;
            }
            String field = nics + "[" + i + "].bootOrder";
            if (order < 1) {
                causes.add(new Cause(field, nics + "[" + i + "] must have a boot order > 0, if supplied",
                        VMI_CREATE + "validateInterfaceBootOrder"));
            } else if (!orders.add(order)) {
                causes.add(new Cause(field, "Boot order for " + field + " already set for a different device.",
                        VMI_CREATE + "validateInterfaceBootOrder"));
            }
        }
        if ("arm64".equals(spec.architecture())) {
            for (int i = 0; i < spec.disks().size(); i++) {
                Disk disk = spec.disks().get(i);
                String bus = disk.bus();
                if (bus != null && !bus.isEmpty() && !bus.equals("virtio") && !bus.equals("scsi")) {
                    causes.add(new Cause(disks + "[" + i + "]." + disk.type() + ".bus",
                            "Arm64 not support this disk bus type, please use virtio or scsi", ARM64 + "validateDiskBus"));
                }
            }
        }
        if (spec.running() != null && spec.runStrategy() != null) {
            causes.add(new Cause("spec.running", "Running and RunStrategy are mutually exclusive. Note that Running is "
                    + "deprecated, please use RunStrategy instead", VMS_ADMITTER + "validateRunStrategy"));
        }
        if (spec.running() == null && spec.runStrategy() == null) {
            causes.add(new Cause("spec.running", "RunStrategy must be specified", VMS_ADMITTER + "validateRunStrategy"));
        }
        return causes;
    }

    /**
     * The firmware rule of the template's domain: KubeVirt v1.9.0 pkg/virt-api/webhooks/validating-webhook/admitters/
     * vmi-create-admitter.go, validateDomainSpec (applied to a VM's template by vms-admitter.go, Admit): secure boot
     * (an {@code efi} whose secureBoot is unset or true, secureBootEnabled) without SMM ({@code features.smm} present
     * and not disabled, smmFeatureEnabled) is refused, except with TDX launch security.
     *
     * @param secureBoot the template has secure boot
     * @param smm        the template has SMM
     * @param tdx        the template has TDX launch security
     */
    public static List<Cause> validateFirmware(boolean secureBoot, boolean smm, boolean tdx) {
        if (secureBoot && !smm && !tdx) {
            String field = "spec.template.spec.domain";
            return List.of(new Cause(field, field + " has EFI SecureBoot enabled. SecureBoot requires SMM, which is"
                    + " currently disabled.", VMI_CREATE + "validateDomainSpec"));
        }
        return List.of();
    }

    /** The API server's message for a webhook denial: the causes' messages joined by ", " (at most 10). */
    public static String deniedMessage(List<Cause> causes) {
        List<String> messages = causes.stream().limit(10).map(Cause::message).toList();
        String message = String.join(", ", messages);
        if (causes.size() > 10) {
            message += ", and " + (causes.size() - 10) + " more validation errors";
        }
        return "admission webhook \"" + VM_WEBHOOK + "\" denied the request: " + message;
    }
}
