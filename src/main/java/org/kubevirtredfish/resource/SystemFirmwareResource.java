package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import org.kubevirtredfish.kubevirt.Firmware;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * What the resources of a system's firmware (Bios, SecureBoot) share: the firmware settings of a system the caller
 * sees, read once per answer, and payloads whose ETag moves with the VM's write version.
 */
abstract class SystemFirmwareResource {

    @Inject
    CallerScope scope;

    @Inject
    KubeVirtGateway gateway;

    @Inject
    SystemWrites writes;

    /** A system the caller sees and its firmware settings, read together. */
    record SystemFirmware(CallerScope.VisibleSystem visible, Firmware firmware) {

        String id() {
            return visible.system().id();
        }

        VmId vm() {
            return visible.vm().id();
        }
    }

    /** @param redfishType the resource type named by ResourceNotFound when the caller does not see the system */
    SystemFirmware read(String id, String redfishType) {
        CallerScope.VisibleSystem visible = scope.system(id, redfishType);
        return new SystemFirmware(visible, gateway.firmware(visible.vm().id()));
    }

    static ObjectNode payload(String uri, String type, String resourceId, String name, String description) {
        ObjectNode o = Json.resource(uri, type, resourceId, name);
        o.put("Description", description);
        return o;
    }

    Representation representation(SystemFirmware s, ObjectNode payload) {
        return new Representation(payload, writes.version(s.vm()));
    }
}
