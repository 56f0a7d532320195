package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.BiosApi;

/**
 * The BIOS settings of a system ({@link BiosAttributes}) and its settings object, which Redfish clients PATCH to
 * change BIOS attributes (sushy's {@code Bios.set_attributes} follows {@code @Redfish.Settings}). There is no
 * {@code #Bios.ResetBios}: a VM's firmware settings have no factory defaults to return to.
 */
@RequestScoped
public class BiosResource extends SystemFirmwareResource implements BiosApi {

    static final String TYPE = "#Bios.v1_2_3.Bios";
    static final String SETTINGS_TYPE = "#Settings.v1_4_0.Settings";

    static String uri(String systemId) {
        return Uris.system(systemId) + "/Bios";
    }

    @Override
    public Response getBios(String id) {
        SystemFirmware s = read(id, "Bios");
        ObjectNode o = payload(s, uri(id), "Bios", "BIOS Configuration Current Settings");
        ObjectNode settings = o.putObject("@Redfish.Settings");
        settings.put("@odata.type", SETTINGS_TYPE);
        settings.set("SettingsObject", Json.link(uri(id) + "/Settings"));
        return representation(s, o).ok();
    }

    @Override
    public Response getBiosSettings(String id) {
        return settings(read(id, "Bios")).ok();
    }

    @Override
    public Response patchBiosSettings(String id, String body, String ifMatch) {
        settings(read(id, "Bios")).checkIfMatch(ifMatch);
        BiosSettingsPatch.check(body);
        return settings(read(id, "Bios")).ok();
    }

    /** Nothing is ever pending: the settings object holds the current attributes. */
    private Representation settings(SystemFirmware s) {
        return representation(s, payload(s, uri(s.id()) + "/Settings", "Settings",
                "BIOS Configuration Pending Settings"));
    }

    private static ObjectNode payload(SystemFirmware s, String uri, String resourceId, String name) {
        ObjectNode o = payload(uri, TYPE, resourceId, name, "Firmware settings of KubeVirt VirtualMachine " + s.vm()
                + " as its next instance gets them, read-only: the boot mode changes with"
                + " Boot.BootSourceOverrideMode of the system, secure boot through its SecureBoot resource.");
        o.putNull("AttributeRegistry");
        o.set("Attributes", BiosAttributes.of(s.visible().vm(), s.firmware()));
        return o;
    }
}
