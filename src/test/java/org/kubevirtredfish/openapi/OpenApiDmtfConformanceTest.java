package org.kubevirtredfish.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * openapi/openapi.yaml against the DMTF Redfish schema bundle DSP8010 2025.4 kept in
 * src/test/resources/third-party (no network, nothing outside the repository): the generated JAX-RS interfaces
 * stay true to the DMTF schema versions the document names.
 */
class OpenApiDmtfConformanceTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyPathPropertyTypeAndEnumValueIsDmtfs() {
        List<String> mismatches = new DmtfConformance(OpenApiDocument.load().root(), DmtfSchemaBundle.vendored())
                .check();

        assertEquals(List.of(), mismatches, () -> mismatches.size() + " mismatches with the DMTF schemas:\n  "
                + String.join("\n  ", mismatches));
    }

    /** The check finds each kind of mismatch, each on its own line that says where. */
    @Test
    void reportsEachKindOfMismatch() throws Exception {
        JsonNode bad = YAML.readTree("""
                openapi: 3.1.0
                paths:
                  '/redfish/v1/Systems/{ComputerSystemId}':
                    get:
                      responses: {'200': {content: {application/json: {schema: {$ref: '#/components/schemas/System'}}}}}
                    patch:
                      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/SystemPatch'}}}}
                    post:
                      responses: {'204': {description: Done}}
                  '/redfish/v1/Machines/{ComputerSystemId}':
                    get:
                      responses: {'200': {content: {application/json: {schema: {$ref: '#/components/schemas/System'}}}}}
                  '/redfish/v1/Systems/{ComputerSystemId}/Actions/ComputerSystem.Explode':
                    post:
                      responses: {'204': {description: Done}}
                  '/redfish/v1/Systems/{ComputerSystemId}/Actions/ComputerSystem.Reset':
                    post:
                      requestBody:
                        content:
                          application/json:
                            schema:
                              type: object
                              properties:
                                ResetType: {type: string, enum: [On, Reboot]}
                  '/redfish/v1/Chassis/Members':
                    post:
                      responses: {'201': {description: Created}}
                  '/redfish/v1/Schemas/Acme_v1.xml':
                    get:
                      responses: {'200': {content: {application/json: {schema: {type: string}}}}}
                components:
                  schemas:
                    System:
                      type: object
                      properties:
                        '@odata.type': {type: string, const: '#ComputerSystem.v1_27_0.ComputerSystem'}
                        PowerStat: {type: string}
                        PowerState: {type: string, enum: ['On', Hibernating]}
                        SerialNumber: {type: integer}
                        Boot:
                          type: object
                          properties:
                            'BootSourceOverrideTarget@Redfish.AllowableValues':
                              type: array
                              items: {type: string, enum: [Cd, Tape]}
                        Links:
                          type: object
                          properties:
                            'ManagedBy@Redfish.Frobnicate': {type: string}
                        Oem:
                          type: object
                          properties:
                            KubeVirt:
                              type: object
                              properties:
                                Namespace: {description: untyped}
                    SystemPatch:
                      type: object
                      properties:
                        UUID: {type: string}
                    Unused: {type: string}
                """);

        List<String> mismatches = new DmtfConformance(bad, DmtfSchemaBundle.vendored()).check();

        String all = String.join("\n", mismatches);
        for (String expected : List.of(
                "/redfish/v1/Machines/{ComputerSystemId}: not a URI of DMTF ComputerSystem",
                "/redfish/v1/Systems/{ComputerSystemId}: POST, but DMTF ComputerSystem is not insertable",
                "ComputerSystem.Explode: DMTF #ComputerSystem.v1_27_0.ComputerSystem has no action"
                        + " #ComputerSystem.Explode",
                "Actions/ComputerSystem.Reset POST body/ResetType: enum value Reboot is not in DMTF",
                "System/PowerStat: no property PowerStat in DMTF ComputerSystem.v1_27_0.json#/definitions/ComputerSystem",
                "System/PowerState: enum value Hibernating is not in DMTF",
                "System/SerialNumber: type integer, DMTF",
                "System/Boot/BootSourceOverrideTarget@Redfish.AllowableValues[]: enum value Tape is not in DMTF",
                "System/Links/ManagedBy@Redfish.Frobnicate: @Redfish.Frobnicate is no DMTF payload annotation",
                "System/Oem/KubeVirt/Namespace: an OEM property without a type",
                "PATCH body/UUID: in a PATCH body, but DMTF",
                "#/components/schemas/Unused: checked against no DMTF definition",
                "/redfish/v1/Chassis/Members: the Members of /redfish/v1/Chassis, which the document does not"
                        + " declare with GET",
                "/redfish/v1/Schemas/Acme_v1.xml: a CSDL schema file answers application/xml only")) {
            assertTrue(all.contains(expected), () -> "Expected a mismatch \"" + expected + "\" in:\n" + all);
        }
        assertEquals(14, mismatches.size(), all);
    }
}
