package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.BiosApi;
import org.kubevirtredfish.kubevirt.Firmware;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * The BIOS settings of a system ({@link BiosAttributes}) and its settings object, which Redfish clients PATCH to
 * change BIOS attributes (sushy's {@code Bios.set_attributes} follows {@code @Redfish.Settings}). There is no
 * {@code #Bios.ResetBios}: a VM's firmware settings have no factory defaults to return to.
 */
@RequestScoped
public class BiosResource implements BiosApi {

    static final String TYPE = "#Bios.v1_2_3.Bios";
    static final String SETTINGS_TYPE = "#Settings.v1_4_0.Settings";

    @Inject
    CallerScope scope;

    @Inject
    KubeVirtGateway gateway;

    @Inject
    SystemWrites writes;

    static String uri(String systemId) {
        return Uris.system(systemId) + "/Bios";
    }

    @Override
    public Response getBios(String id) {
        CallerScope.VisibleSystem s = scope.system(id, "Bios");
        ObjectNode o = payload(s, uri(id), "Bios", "BIOS Configuration Current Settings");
        ObjectNode settings = o.putObject("@Redfish.Settings");
        settings.put("@odata.type", SETTINGS_TYPE);
        settings.set("SettingsObject", Json.link(uri(id) + "/Settings"));
        return new Representation(o, writes.version(s.vm().id())).ok();
    }

    @Override
    public Response getBiosSettings(String id) {
        return settings(scope.system(id, "Bios")).ok();
    }

    @Override
    public Response patchBiosSettings(String id, String body, String ifMatch) {
        CallerScope.VisibleSystem s = scope.system(id, "Bios");
        settings(s).checkIfMatch(ifMatch);
        BiosSettingsPatch.check(body);
        return settings(scope.system(id, "Bios")).ok();
    }

    /** Nothing is ever pending: the settings object holds the current attributes. */
    private Representation settings(CallerScope.VisibleSystem s) {
        String id = s.system().id();
        return new Representation(payload(s, uri(id) + "/Settings", "Settings", "BIOS Configuration Pending Settings"),
                writes.version(s.vm().id()));
    }

    private ObjectNode payload(CallerScope.VisibleSystem s, String uri, String resourceId, String name) {
        VmId vm = s.vm().id();
        Firmware firmware = gateway.firmware(vm);
        ObjectNode o = Json.resource(uri, TYPE, resourceId, name);
        o.put("Description", "Firmware settings of KubeVirt VirtualMachine " + vm + " as its next instance gets"
                + " them, read-only: the boot mode changes with Boot.BootSourceOverrideMode of the system, secure boot"
                + " through its SecureBoot resource.");
        o.putNull("AttributeRegistry");
        o.set("Attributes", BiosAttributes.of(s.vm(), firmware));
        return o;
    }
}
