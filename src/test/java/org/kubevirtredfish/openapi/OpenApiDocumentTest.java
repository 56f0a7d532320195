package org.kubevirtredfish.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private static OpenApiDocument doc;

    @BeforeAll
    static void load() {
        doc = OpenApiDocument.load();
    }

    static final String SYSTEM = """
            {
              "@odata.id": "/redfish/v1/Systems/demo.cp-0",
              "@odata.type": "#ComputerSystem.v1_27_0.ComputerSystem",
              "@odata.etag": "W/\\"12345\\"",
              "Id": "demo.cp-0",
              "Name": "cp-0",
              "Description": "KubeVirt VirtualMachine demo/cp-0",
              "SystemType": "Virtual",
              "Manufacturer": "KubeVirt",
              "Model": "KubeVirt VirtualMachine",
              "SerialNumber": null,
              "UUID": "3f1c2b9e-8d4a-4c1e-9b7a-0a1b2c3d4e5f",
              "PowerState": "On",
              "Status": {"State": "Enabled", "Health": "OK", "HealthRollup": "OK"},
              "Boot": {
                "BootSourceOverrideTarget": "Cd",
                "BootSourceOverrideTarget@Redfish.AllowableValues": ["None", "Pxe", "Cd", "Hdd"],
                "BootSourceOverrideEnabled": "Once",
                "BootSourceOverrideEnabled@Redfish.AllowableValues": ["Disabled", "Once", "Continuous"],
                "BootSourceOverrideMode": "UEFI",
                "BootSourceOverrideMode@Redfish.AllowableValues": ["UEFI", "Legacy"]
              },
              "ProcessorSummary": {"Count": 1, "LogicalProcessorCount": 4, "CoreCount": 4, "Model": "host-model",
                                   "Status": {"State": "Enabled", "Health": "OK"}},
              "MemorySummary": {"TotalSystemMemoryGiB": 16.0, "Status": {"State": "Enabled", "Health": "OK"}},
              "EthernetInterfaces": {"@odata.id": "/redfish/v1/Systems/demo.cp-0/EthernetInterfaces"},
              "VirtualMedia": {"@odata.id": "/redfish/v1/Systems/demo.cp-0/VirtualMedia"},
              "Processors": {"@odata.id": "/redfish/v1/Systems/demo.cp-0/Processors"},
              "SimpleStorage": {"@odata.id": "/redfish/v1/Systems/demo.cp-0/SimpleStorage"},
              "Storage": {"@odata.id": "/redfish/v1/Systems/demo.cp-0/Storage"},
              "Links": {
                "ManagedBy": [{"@odata.id": "/redfish/v1/Managers/demo.cp-0"}],
                "ManagedBy@odata.count": 1,
                "Chassis": [{"@odata.id": "/redfish/v1/Chassis/demo"}],
                "Chassis@odata.count": 1
              },
              "Actions": {
                "#ComputerSystem.Reset": {
                  "target": "/redfish/v1/Systems/demo.cp-0/Actions/ComputerSystem.Reset",
                  "ResetType@Redfish.AllowableValues": ["On", "ForceOff", "GracefulShutdown", "GracefulRestart",
                      "ForceRestart", "PushPowerButton", "PowerCycle", "Pause", "Resume"],
                  "@Redfish.ActionInfo": "/redfish/v1/Systems/demo.cp-0/ResetActionInfo"
                }
              },
              "Oem": {
                "KubeVirt": {
                  "@odata.type": "#KubeVirtComputerSystem.v1_0_0.KubeVirtComputerSystem",
                  "Namespace": "demo",
                  "VirtualMachine": "cp-0",
                  "PrintableStatus": "Running",
                  "RunStrategy": "Always",
                  "InstanceBootDevice": null,
                  "InstanceId": "a7c4e2f0-1111-2222-3333-444455556666",
                  "GuestReboot": "NewInstance",
                  "GuestRebootBootsOverride": false,
                  "GuestRebootNote": "A reboot from inside the guest ends the VirtualMachineInstance and KubeVirt starts a new one, which uses up the Once override: it boots in the normal boot order."
                }
              }
            }
            """;

    static final String ERROR = """
            {"error": {
              "code": "Base.1.22.PropertyValueNotInList",
              "message": "The value 'Floppy' for the property BootSourceOverrideTarget is not in the list of acceptable values.",
              "@Message.ExtendedInfo": [{
                "@odata.type": "#Message.v1_3_0.Message",
                "MessageId": "Base.1.22.PropertyValueNotInList",
                "Message": "The value 'Floppy' for the property BootSourceOverrideTarget is not in the list of acceptable values.",
                "MessageArgs": ["Floppy", "BootSourceOverrideTarget"],
                "RelatedProperties": ["#/Boot/BootSourceOverrideTarget"],
                "MessageSeverity": "Warning",
                "Resolution": "Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed."
              }]
            }}
            """;

    // ------------------------------------------------------------------ the document itself

    @Test
    void documentParses() {
        JsonNode root = doc.root();
        assertEquals("3.1.0", root.path("openapi").asText());
        assertTrue(root.path("paths").size() > 20, "paths");
        JsonNode schemas = root.path("components").path("schemas");
        for (String name : List.of("RedfishVersions", "ServiceRoot", "ODataServiceDocument", "ComputerSystemCollection",
                "ManagerCollection", "ChassisCollection", "SessionCollection", "VirtualMediaCollection",
                "EthernetInterfaceCollection", "ComputerSystem", "ComputerSystemPatch", "ActionInfo",
                "ResetRequestBody", "EthernetInterface", "Manager", "VirtualMedia", "InsertMediaRequestBody",
                "EjectMediaRequestBody", "Chassis", "SessionService", "Session", "SessionCreateRequestBody",
                "RedfishError")) {
            JsonNode schema = schemas.get(name);
            assertTrue(schema != null && schema.isObject(), name);
            assertEquals("object", schema.path("type").asText(), name);
            assertTrue(schema.path("additionalProperties").isBoolean()
                    && !schema.path("additionalProperties").asBoolean(), name + " has additionalProperties: false");
            assertTrue(schema.has("properties"), name + " has properties");
        }
    }

    @Test
    void theClasspathCopyIsTheSameDocument() {
        assertEquals(doc.root(), OpenApiDocument.loadFromClasspath().root());
    }

    @Test
    void everyOperationHasTagOperationIdAndPrivileges() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        Set<String> declaredTags = new java.util.HashSet<>();
        doc.root().path("tags").forEach(t -> declaredTags.add(t.path("name").asText()));
        fields(doc.root().path("paths"), (path, item) -> fields(item, (method, op) -> {
            if (!METHODS.contains(method)) {
                return;
            }
            String where = method.toUpperCase() + " " + path;
            if (!op.path("tags").isArray() || op.path("tags").isEmpty()) {
                problems.add(where + ": no tag");
            } else {
                op.path("tags").forEach(t -> {
                    if (!declaredTags.contains(t.asText())) {
                        problems.add(where + ": undeclared tag " + t.asText());
                    }
                });
            }
            if (!op.path("operationId").isTextual() || op.path("operationId").asText().isBlank()) {
                problems.add(where + ": no operationId");
            } else if (!ids.add(op.path("operationId").asText())) {
                problems.add(where + ": duplicate operationId " + op.path("operationId").asText());
            }
            JsonNode privileges = op.path("x-redfish-privileges");
            if (!privileges.isArray() || privileges.isEmpty()) {
                problems.add(where + ": no x-redfish-privileges");
            } else {
                privileges.forEach(p -> {
                    if (!p.isTextual()) {
                        problems.add(where + ": privilege " + p + " is not a string");
                    }
                });
            }
        }));
        assertEquals(List.of(), problems);
        assertEquals(61, ids.size(), "operations");
    }

    @Test
    void everyRefResolvesLocally() {
        List<String> refs = new ArrayList<>();
        walk(doc.root(), "#", (pointer, node) -> {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                refs.add(ref.asText());
            }
        });
        assertTrue(refs.size() > 100, "refs found: " + refs.size());
        List<String> bad = new ArrayList<>();
        for (String ref : refs) {
            try {
                JsonNode target = doc.resolve(ref);
                if (!target.isObject()) {
                    bad.add(ref + " is not an object");
                }
            } catch (AssertionError e) {
                bad.add(e.getMessage());
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void enumValuesAreStrings() {
        List<String> problems = new ArrayList<>();
        List<String> allValues = new ArrayList<>();
        walk(doc.root(), "#", (pointer, node) -> {
            JsonNode values = node.get("enum");
            if (values == null) {
                return;
            }
            if (!values.isArray() || values.isEmpty()) {
                problems.add(pointer + "/enum is not a non-empty array");
                return;
            }
            values.forEach(v -> {
                if (!v.isTextual()) {
                    problems.add(pointer + "/enum has " + v + " of type " + v.getNodeType());
                } else {
                    allValues.add(v.asText());
                }
            });
        });
        assertEquals(List.of(), problems);
        JsonNode schemas = doc.root().path("components").path("schemas");
        assertEquals(List.of("On", "Off", "PoweringOn", "PoweringOff", "Paused"),
                texts(schemas.path("PowerState").path("enum")));
        assertEquals(List.of("On", "ForceOff", "GracefulShutdown", "GracefulRestart", "ForceRestart",
                "PushPowerButton", "PowerCycle", "Pause", "Resume"), texts(schemas.path("ResetType").path("enum")));
        assertEquals(List.of("None", "Pxe", "Cd", "Hdd"), texts(schemas.path("BootSource").path("enum")));
        assertEquals(List.of("Disabled", "Once", "Continuous"),
                texts(schemas.path("BootSourceOverrideEnabled").path("enum")));
        assertTrue(allValues.containsAll(List.of("On", "Off")), "On and Off are read as strings");
    }

    @Test
    void odataTypesAreConstants() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("ServiceRoot", "#ServiceRoot.v1_20_0.ServiceRoot"),
                Map.entry("ComputerSystem", "#ComputerSystem.v1_27_0.ComputerSystem"),
                Map.entry("ActionInfo", "#ActionInfo.v1_5_0.ActionInfo"),
                Map.entry("EthernetInterface", "#EthernetInterface.v1_12_4.EthernetInterface"),
                Map.entry("Manager", "#Manager.v1_24_0.Manager"),
                Map.entry("VirtualMedia", "#VirtualMedia.v1_6_5.VirtualMedia"),
                Map.entry("Chassis", "#Chassis.v1_28_0.Chassis"),
                Map.entry("SessionService", "#SessionService.v1_2_0.SessionService"),
                Map.entry("Session", "#Session.v1_8_0.Session"),
                Map.entry("Message", "#Message.v1_3_0.Message"),
                Map.entry("ComputerSystemCollection", "#ComputerSystemCollection.ComputerSystemCollection"),
                Map.entry("ManagerCollection", "#ManagerCollection.ManagerCollection"),
                Map.entry("ChassisCollection", "#ChassisCollection.ChassisCollection"),
                Map.entry("SessionCollection", "#SessionCollection.SessionCollection"),
                Map.entry("VirtualMediaCollection", "#VirtualMediaCollection.VirtualMediaCollection"),
                Map.entry("EthernetInterfaceCollection", "#EthernetInterfaceCollection.EthernetInterfaceCollection"),
                Map.entry("AccountService", "#AccountService.v1_18_1.AccountService"),
                Map.entry("ManagerAccount", "#ManagerAccount.v1_14_1.ManagerAccount"),
                Map.entry("ManagerAccountCollection", "#ManagerAccountCollection.ManagerAccountCollection"),
                Map.entry("Role", "#Role.v1_3_3.Role"),
                Map.entry("RoleCollection", "#RoleCollection.RoleCollection"),
                Map.entry("EventService", "#EventService.v1_12_0.EventService"),
                Map.entry("EventDestination", "#EventDestination.v1_16_0.EventDestination"),
                Map.entry("EventDestinationCollection", "#EventDestinationCollection.EventDestinationCollection"),
                Map.entry("Event", "#Event.v1_13_0.Event"));
        JsonNode schemas = doc.root().path("components").path("schemas");
        expected.forEach((schema, type) -> assertEquals(type,
                schemas.path(schema).path("properties").path("@odata.type").path("const").asText(), schema));
    }

    // ------------------------------------------------------------------ path matching

    @Test
    void concretePathsMatchTemplates() {
        assertEquals("/redfish/v1/Systems/{ComputerSystemId}", doc.pathTemplate("/redfish/v1/Systems/demo.cp-0"));
        assertEquals("/redfish/v1/Systems/{ComputerSystemId}", doc.pathTemplate("/redfish/v1/Systems/demo.cp-0/"));
        assertEquals("/redfish/v1/Systems", doc.pathTemplate("/redfish/v1/Systems/"));
        assertEquals("/redfish/v1/", doc.pathTemplate("/redfish/v1"));
        assertEquals("/redfish/v1/", doc.pathTemplate("/redfish/v1/"));
        assertEquals("/redfish", doc.pathTemplate("/redfish"));
        assertEquals("/redfish/v1/$metadata", doc.pathTemplate("/redfish/v1/$metadata"));
        assertEquals("/redfish/v1/Systems/{ComputerSystemId}/Actions/ComputerSystem.Reset",
                doc.pathTemplate("/redfish/v1/Systems/demo.cp-0/Actions/ComputerSystem.Reset"));
        assertEquals("/redfish/v1/Managers/{ManagerId}/VirtualMedia/{VirtualMediaId}",
                doc.pathTemplate("/redfish/v1/Managers/demo.cp-0/VirtualMedia/Cd?$select=Image"));
        assertEquals("/redfish/v1/AccountService/Accounts/{ManagerAccountId}",
                doc.pathTemplate("/redfish/v1/AccountService/Accounts/admin"));
        assertThrows(AssertionError.class, () -> doc.pathTemplate("/redfish/v1/NoSuchService"));
        assertThrows(AssertionError.class, () -> doc.pathTemplate("/redfish/v1/Systems/a/b/c/d"));
    }

    @Test
    void unknownOperationOrResponseIsAnAssertionError() {
        assertThrows(AssertionError.class,
                () -> doc.validateResponse("PUT", "/redfish/v1/Systems/demo.cp-0", 200, SYSTEM));
        assertThrows(AssertionError.class,
                () -> doc.validateResponse("GET", "/redfish/v1/NoSuchThing", 200, "{}"));
        assertThrows(AssertionError.class, () -> doc.validateRequest("DELETE", "/redfish/v1/Systems", null));
    }

    // ------------------------------------------------------------------ responses

    @Test
    void acceptsARealisticComputerSystem() {
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/Systems/demo.cp-0", 200, SYSTEM));
        assertEquals(List.of(), doc.validateResponse("PATCH", "/redfish/v1/Systems/demo.cp-0/", 200, SYSTEM));
    }

    @Test
    void acceptsNullsWhereTheServiceMaySendThem() throws Exception {
        ObjectNode system = (ObjectNode) JSON.readTree(SYSTEM);
        system.putNull("UUID");
        system.remove("@odata.etag");
        ObjectNode kubevirt = (ObjectNode) system.path("Oem").path("KubeVirt");
        kubevirt.putNull("RunStrategy");
        kubevirt.put("InstanceBootDevice", "Pxe");
        kubevirt.putNull("InstanceId");
        kubevirt.putNull("GuestRebootNote");
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/Systems/demo.cp-0", 200, system.toString()));
    }

    @Test
    void rejectsAnUnknownPowerState() throws Exception {
        ObjectNode system = (ObjectNode) JSON.readTree(SYSTEM);
        system.put("PowerState", "Unknown");
        List<String> errors = doc.validateResponse("GET", "/redfish/v1/Systems/demo.cp-0", 200, system.toString());
        assertFalse(errors.isEmpty());
        assertTrue(errors.stream().anyMatch(e -> e.contains("PowerState")), errors.toString());
    }

    @Test
    void rejectsAnUnknownProperty() throws Exception {
        ObjectNode system = (ObjectNode) JSON.readTree(SYSTEM);
        system.put("HostName", "cp-0");
        List<String> errors = doc.validateResponse("GET", "/redfish/v1/Systems/demo.cp-0", 200, system.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("HostName")), errors.toString());

        ObjectNode nested = (ObjectNode) JSON.readTree(SYSTEM);
        ((ObjectNode) nested.path("Boot")).put("BootNext", "x");
        assertFalse(doc.validateResponse("GET", "/redfish/v1/Systems/demo.cp-0", 200, nested.toString()).isEmpty());
    }

    @Test
    void rejectsAMissingRequiredPropertyAndAWrongType() throws Exception {
        ObjectNode system = (ObjectNode) JSON.readTree(SYSTEM);
        system.remove("Boot");
        assertFalse(doc.validateResponse("GET", "/redfish/v1/Systems/demo.cp-0", 200, system.toString()).isEmpty());
        ObjectNode wrongType = (ObjectNode) JSON.readTree(SYSTEM);
        wrongType.put("@odata.type", "#ComputerSystem.v1_22_0.ComputerSystem");
        assertFalse(doc.validateResponse("GET", "/redfish/v1/Systems/demo.cp-0", 200, wrongType.toString())
                .isEmpty());
        ObjectNode boolPower = (ObjectNode) JSON.readTree(SYSTEM);
        boolPower.put("PowerState", true);
        assertFalse(doc.validateResponse("GET", "/redfish/v1/Systems/demo.cp-0", 200, boolPower.toString())
                .isEmpty());
    }

    @Test
    void validatesErrors() throws Exception {
        assertEquals(List.of(), doc.validateResponse("PATCH", "/redfish/v1/Systems/demo.cp-0", 400, ERROR));
        // 418 is not declared: default applies
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/Systems/demo.cp-0", 418, ERROR));

        ObjectNode noInfo = (ObjectNode) JSON.readTree(ERROR);
        ((ObjectNode) noInfo.path("error")).remove("@Message.ExtendedInfo");
        List<String> errors = doc.validateResponse("GET", "/redfish/v1/Systems/x", 404, noInfo.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("@Message.ExtendedInfo")), errors.toString());

        ObjectNode badId = (ObjectNode) JSON.readTree(ERROR);
        ((ObjectNode) badId.path("error").path("@Message.ExtendedInfo").get(0)).put("MessageId", "PropertyUnknown");
        assertFalse(doc.validateResponse("GET", "/redfish/v1/Systems/x", 404, badId.toString()).isEmpty());
    }

    @Test
    void theServiceErrorBodyMatchesRedfishError() {
        String one = org.kubevirtredfish.message.ErrorBody.of(List.of(new org.kubevirtredfish.message.RedfishMessage(
                org.kubevirtredfish.message.BaseMessage.PropertyValueNotInList, List.of("Floppy",
                        "BootSourceOverrideTarget"), List.of("#/Boot/BootSourceOverrideTarget")))).toString();
        assertEquals(List.of(), doc.validateSchema("RedfishError", one));
        String two = org.kubevirtredfish.message.ErrorBody.of(List.of(
                new org.kubevirtredfish.message.RedfishMessage(org.kubevirtredfish.message.BaseMessage.EmptyJSON,
                        List.of(), List.of()),
                new org.kubevirtredfish.message.RedfishMessage(org.kubevirtredfish.message.BaseMessage.PropertyUnknown,
                        List.of("Foo"), List.of("#/Foo")))).toString();
        assertEquals(List.of(), doc.validateResponse("PATCH", "/redfish/v1/Systems/x", 400, two));
    }

    @Test
    void validatesTheOtherResources() {
        String root = """
                {"@odata.id": "/redfish/v1/", "@odata.type": "#ServiceRoot.v1_20_0.ServiceRoot", "Id": "RootService",
                 "Name": "Root Service", "RedfishVersion": "1.21.0", "UUID": "92384634-2938-2342-8820-489239905423",
                 "Product": "KubeVirt Redfish", "Vendor": "KubeVirt Redfish",
                 "ProtocolFeaturesSupported": {"ExpandQuery": {"ExpandAll": false, "Levels": false, "Links": false,
                   "NoLinks": false, "MaxLevels": 1}, "FilterQuery": false, "SelectQuery": true,
                   "OnlyMemberQuery": false, "ExcerptQuery": false},
                 "Systems": {"@odata.id": "/redfish/v1/Systems"}, "Managers": {"@odata.id": "/redfish/v1/Managers"},
                 "Chassis": {"@odata.id": "/redfish/v1/Chassis"},
                 "SessionService": {"@odata.id": "/redfish/v1/SessionService"},
                 "AccountService": {"@odata.id": "/redfish/v1/AccountService"},
                 "EventService": {"@odata.id": "/redfish/v1/EventService"},
                 "Links": {"Sessions": {"@odata.id": "/redfish/v1/SessionService/Sessions"}}}
                """;
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/", 200, root));
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish", 200, "{\"v1\": \"/redfish/v1/\"}"));
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/odata", 200, """
                {"@odata.context": "/redfish/v1/$metadata",
                 "value": [{"name": "Service", "kind": "Singleton", "url": "/redfish/v1/"}]}"""));
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/Systems", 200, """
                {"@odata.id": "/redfish/v1/Systems",
                 "@odata.type": "#ComputerSystemCollection.ComputerSystemCollection",
                 "Name": "Computer System Collection",
                 "Members": [{"@odata.id": "/redfish/v1/Systems/demo.cp-0"}], "Members@odata.count": 1}"""));
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/Systems/demo.cp-0/ResetActionInfo", 200, """
                {"@odata.id": "/redfish/v1/Systems/demo.cp-0/ResetActionInfo",
                 "@odata.type": "#ActionInfo.v1_5_0.ActionInfo", "Id": "ResetActionInfo",
                 "Name": "Reset Action Info",
                 "Parameters": [{"Name": "ResetType", "Required": true, "DataType": "String",
                                 "AllowableValues": ["On", "ForceOff"]}]}"""));
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/Systems/demo.cp-0/EthernetInterfaces/default",
                200, """
                {"@odata.id": "/redfish/v1/Systems/demo.cp-0/EthernetInterfaces/default",
                 "@odata.type": "#EthernetInterface.v1_12_4.EthernetInterface", "Id": "default",
                 "Name": "default", "Description": "Interface default of the VM",
                 "MACAddress": "52:54:00:12:34:56", "PermanentMACAddress": null, "InterfaceEnabled": true,
                 "LinkStatus": null, "Status": {"State": "Enabled", "Health": "OK"}}"""));
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/Managers/demo.cp-0", 200, """
                {"@odata.id": "/redfish/v1/Managers/demo.cp-0", "@odata.type": "#Manager.v1_24_0.Manager",
                 "Id": "demo.cp-0", "Name": "Manager for cp-0", "Description": "BMC of cp-0",
                 "ManagerType": "BMC", "FirmwareVersion": "0.1.0", "Model": "KubeVirt Redfish",
                 "Status": {"State": "Enabled", "Health": "OK"}, "PowerState": "On",
                 "VirtualMedia": {"@odata.id": "/redfish/v1/Managers/demo.cp-0/VirtualMedia"},
                 "Links": {"ManagerForServers": [{"@odata.id": "/redfish/v1/Systems/demo.cp-0"}],
                           "ManagerForServers@odata.count": 1,
                           "ManagerForChassis": [{"@odata.id": "/redfish/v1/Chassis/demo"}],
                           "ManagerForChassis@odata.count": 1}}"""));
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/Systems/demo.cp-0/VirtualMedia/Cd", 200, """
                {"@odata.id": "/redfish/v1/Systems/demo.cp-0/VirtualMedia/Cd",
                 "@odata.type": "#VirtualMedia.v1_6_5.VirtualMedia", "Id": "Cd", "Name": "Virtual CD",
                 "Description": "The virtual CD of cp-0", "MediaTypes": ["CD", "DVD"],
                 "Image": null, "ImageName": null, "Inserted": false, "WriteProtected": true,
                 "ConnectedVia": "NotConnected", "TransferProtocolType": null, "TransferMethod": null,
                 "Status": {"State": "Enabled", "Health": "OK"},
                 "Actions": {
                   "#VirtualMedia.InsertMedia": {
                     "target": "/redfish/v1/Systems/demo.cp-0/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia",
                     "TransferProtocolType@Redfish.AllowableValues": ["HTTP", "HTTPS"],
                     "TransferMethod@Redfish.AllowableValues": ["Stream", "Upload"]},
                   "#VirtualMedia.EjectMedia": {
                     "target": "/redfish/v1/Systems/demo.cp-0/VirtualMedia/Cd/Actions/VirtualMedia.EjectMedia"}},
                 "Oem": {"KubeVirt": {"@odata.type": "#KubeVirtVirtualMedia.v1_0_0.KubeVirtVirtualMedia",
                                      "ImportPhase": null, "ImportProgress": null, "Message": null}}}"""));
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/Chassis/demo", 200, """
                {"@odata.id": "/redfish/v1/Chassis/demo", "@odata.type": "#Chassis.v1_28_0.Chassis",
                 "Id": "demo", "Name": "demo", "Description": "Namespace demo", "ChassisType": "Zone",
                 "Status": {"State": "Enabled", "Health": "OK"},
                 "Links": {"ComputerSystems": [], "ComputerSystems@odata.count": 0,
                           "ManagedBy": [], "ManagedBy@odata.count": 0},
                 "Oem": {"KubeVirt": {"@odata.type": "#KubeVirtChassis.v1_0_0.KubeVirtChassis",
                 "Namespace": "demo"}}}"""));
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/SessionService", 200, """
                {"@odata.id": "/redfish/v1/SessionService",
                 "@odata.type": "#SessionService.v1_2_0.SessionService", "Id": "SessionService",
                 "Name": "Session Service", "Description": "Session Service", "ServiceEnabled": true,
                 "SessionTimeout": 1800, "Status": {"State": "Enabled", "Health": "OK"},
                 "Sessions": {"@odata.id": "/redfish/v1/SessionService/Sessions"}}"""));
        String session = """
                {"@odata.id": "/redfish/v1/SessionService/Sessions/abc", "@odata.type": "#Session.v1_8_0.Session",
                 "Id": "abc", "Name": "User Session", "Description": "Session of admin", "UserName": "admin",
                 "Password": null, "SessionType": "Redfish", "CreatedTime": "2026-01-02T03:04:05Z",
                 "ClientOriginIPAddress": "10.0.0.1"}""";
        assertEquals(List.of(), doc.validateResponse("POST", "/redfish/v1/SessionService/Sessions", 201, session));
        assertFalse(doc.validateResponse("GET", "/redfish/v1/SessionService/Sessions/abc", 200,
                session.replace("\"Password\": null", "\"Password\": \"secret\"")).isEmpty());
        assertFalse(doc.validateResponse("GET", "/redfish/v1/SessionService/Sessions/abc", 200,
                session.replace("2026-01-02T03:04:05Z", "yesterday")).isEmpty());
    }

    @Test
    void noContentResponsesTakeNoBody() {
        assertEquals(List.of(), doc.validateResponse("POST",
                "/redfish/v1/Systems/demo.cp-0/Actions/ComputerSystem.Reset", 204, ""));
        assertFalse(doc.validateResponse("POST",
                "/redfish/v1/Systems/demo.cp-0/Actions/ComputerSystem.Reset", 204, "{}").isEmpty());
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/$metadata", 200, "<edmx:Edmx/>"));
    }

    // ------------------------------------------------------------------ requests

    @Test
    void validatesInsertMediaBodies() {
        String path = "/redfish/v1/Managers/demo.cp-0/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia";
        assertEquals(List.of(), doc.validateRequest("POST", path, "{\"Image\":\"http://x/a.iso\"}"));
        assertEquals(List.of(), doc.validateRequest("POST", path,
                "{\"Image\":\"http://x/a.iso\",\"Inserted\":true,\"WriteProtected\":true}"));
        assertEquals(List.of(), doc.validateRequest("POST",
                "/redfish/v1/Systems/demo.cp-0/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia",
                "{\"Image\":\"https://x/a.iso\",\"TransferProtocolType\":\"HTTPS\",\"TransferMethod\":\"Stream\","
                        + "\"UserName\":\"u\",\"Password\":\"p\"}"));
        assertFalse(doc.validateRequest("POST", path, "{\"Inserted\":true}").isEmpty());
        assertFalse(doc.validateRequest("POST", path, "{\"Image\":\"http://x/a.iso\",\"Foo\":1}").isEmpty());
        assertFalse(doc.validateRequest("POST", path, "").isEmpty(), "the body is required");
        assertFalse(doc.validateRequest("POST", path, "{not json").isEmpty());
    }

    @Test
    void validatesResetBodies() {
        String path = "/redfish/v1/Systems/demo.cp-0/Actions/ComputerSystem.Reset";
        assertEquals(List.of(), doc.validateRequest("POST", path, "{\"ResetType\":\"ForceRestart\"}"));
        List<String> errors = doc.validateRequest("POST", path, "{\"ResetType\":\"Reboot\"}");
        assertTrue(errors.stream().anyMatch(e -> e.contains("ResetType")), errors.toString());
        assertFalse(doc.validateRequest("POST", path, "{}").isEmpty());
    }

    @Test
    void validatesOtherRequestBodies() {
        String eject = "/redfish/v1/Systems/demo.cp-0/VirtualMedia/Cd/Actions/VirtualMedia.EjectMedia";
        assertEquals(List.of(), doc.validateRequest("POST", eject, null));
        assertEquals(List.of(), doc.validateRequest("POST", eject, "{}"));
        assertFalse(doc.validateRequest("POST", eject, "{\"Image\":\"x\"}").isEmpty());

        String system = "/redfish/v1/Systems/demo.cp-0";
        assertEquals(List.of(), doc.validateRequest("PATCH", system,
                "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\",\"BootSourceOverrideEnabled\":\"Once\"}}"));
        assertEquals(List.of(), doc.validateRequest("PATCH", system, "{\"Boot\":{\"BootSourceOverrideMode\":\"UEFI\"}}"));
        assertFalse(doc.validateRequest("PATCH", system, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Floppy\"}}")
                .isEmpty());
        assertFalse(doc.validateRequest("PATCH", system, "{\"AssetTag\":\"x\"}").isEmpty());

        String sessions = "/redfish/v1/SessionService/Sessions";
        assertEquals(List.of(), doc.validateRequest("POST", sessions, "{\"UserName\":\"a\",\"Password\":\"b\"}"));
        assertFalse(doc.validateRequest("POST", sessions, "{\"UserName\":\"a\"}").isEmpty());
        assertFalse(doc.validateRequest("GET", system, "{}").isEmpty(), "GET takes no body");
        assertEquals(List.of(), doc.validateRequest("GET", system, null));
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> {
            assertTrue(v.isTextual(), v + " is a string");
            out.add(v.asText());
        });
        return out;
    }

    private static void fields(JsonNode node, BiConsumer<String, JsonNode> action) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            action.accept(e.getKey(), e.getValue());
        }
    }

    /** Visits every object node with its JSON pointer. */
    private static void walk(JsonNode node, String pointer, BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            visit.accept(pointer, node);
            fields(node, (k, v) -> walk(v, pointer + "/" + k.replace("~", "~0").replace("/", "~1"), visit));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                walk(array.get(i), pointer + "/" + i, visit);
            }
        }
    }
}
