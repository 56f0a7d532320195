package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.kubevirtredfish.api.SecureBootApi;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.Firmware;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.message.BaseMessage;

/**
 * UEFI secure boot of a system: {@code SecureBootEnable} is the VM template's {@code efi.secureBoot} and takes
 * effect when the next instance (VMI) starts, like the boot order.
 */
@RequestScoped
public class SecureBootResource extends SystemFirmwareResource implements SecureBootApi {

    static final String TYPE = "#SecureBoot.v1_1_2.SecureBoot";

    static String uri(String systemId) {
        return Uris.system(systemId) + "/SecureBoot";
    }

    @Override
    public Response getSecureBoot(String id) {
        return representation(read(id, "SecureBoot")).ok();
    }

    @Override
    public Response patchSecureBoot(String id, String body, String ifMatch) {
        VmId vm = scope.system(id, "SecureBoot").vm().id();
        Optional<Boolean> enable = SecureBootPatch.apply(body);
        return writes.locked(vm, () -> {
            SystemFirmware current = read(id, "SecureBoot");
            Representation before = representation(current);
            before.checkIfMatch(ifMatch);
            if (enable.isPresent()) {
                Firmware firmware = current.firmware();
                boolean wanted = enable.get();
                if (wanted != firmware.secureBoot()) {
                    refuseIfImpossible(id, firmware, wanted);
                    writes.write(vm, before, ifMatch, () -> gateway.setSecureBoot(vm, wanted));
                } else if (wanted && !firmware.smm()) {
                    writes.write(vm, before, ifMatch, () -> gateway.setSecureBoot(vm, true));
                }
            }
            return representation(read(id, "SecureBoot")).ok();
        });
    }

    /**
     * Secure boot needs UEFI (DMTF SecureBoot: "This property can be enabled in UEFI boot mode only"); a VM with
     * launch security (SEV, SNP, TDX) keeps the firmware its owner gave it.
     */
    private static void refuseIfImpossible(String id, Firmware firmware, boolean wanted) {
        if (wanted && firmware.mode() != BootMode.UEFI) {
            throw BaseMessage.PropertyValueConflict.with(SecureBootPatch.ENABLE, "BootSourceOverrideMode")
                    .about("#/" + SecureBootPatch.ENABLE).toException();
        }
        if (firmware.secureBootLocked() != null) {
            throw BaseMessage.PropertyValueResourceConflict.with(SecureBootPatch.ENABLE, Boolean.toString(wanted),
                    Uris.system(id)).about("#/" + SecureBootPatch.ENABLE).toException();
        }
    }

    Representation representation(SystemFirmware s) {
        Firmware firmware = s.firmware();
        ObjectNode o = payload(uri(s.id()), TYPE, "SecureBoot", "UEFI Secure Boot", "UEFI secure boot of KubeVirt"
                + " VirtualMachine " + s.vm() + ". SecureBootEnable is the template's"
                + " firmware.bootloader.efi.secureBoot (with the SMM feature it needs) and takes effect when the next"
                + " instance starts (a Redfish reset), like the boot order; the running instance keeps its firmware.");
        o.put("SecureBootEnable", firmware.secureBoot());
        o.put("SecureBootCurrentBoot", firmware.instanceMode() == null ? null
                : firmware.instanceSecureBoot() ? "Enabled" : "Disabled");
        o.put("SecureBootMode", mode(firmware));
        return representation(s, o);
    }

    /**
     * The UEFI key state of the current instance: KubeVirt boots a secure boot instance with OVMF's variable store
     * that has the keys enrolled, platform key included, so User Mode; otherwise with the plain store, which has no
     * platform key, so Setup Mode (KubeVirt v1.9.0 pkg/virt-launcher/virtwrap/efi/efi.go, EFIVarsSecureBoot and
     * EFIVars). Null without a UEFI instance.
     */
    private static String mode(Firmware firmware) {
        if (firmware.instanceMode() != BootMode.UEFI) {
            return null;
        }
        return firmware.instanceSecureBoot() ? "UserMode" : "SetupMode";
    }
}
