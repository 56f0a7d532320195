package org.kubevirtredfish.resource;

/**
 * The {@code Oem.KubeVirt} objects' types, defined in the CSDL {@code /redfish/v1/Schemas/KubeVirt_v1.xml}
 * (src/main/resources/redfish/KubeVirt_v1.xml), which {@code $metadata} references; each object names its type
 * in {@code @odata.type}, so validators know which schema describes it.
 */
final class OemSchema {

    static final String URI = "/redfish/v1/Schemas/KubeVirt_v1.xml";
    static final String RESOURCE = "/redfish/KubeVirt_v1.xml";

    static final String COMPUTER_SYSTEM = "#KubeVirtComputerSystem.v1_0_0.KubeVirtComputerSystem";
    static final String VIRTUAL_MEDIA = "#KubeVirtVirtualMedia.v1_0_0.KubeVirtVirtualMedia";
    static final String CHASSIS = "#KubeVirtChassis.v1_0_0.KubeVirtChassis";

    private OemSchema() {
    }
}
