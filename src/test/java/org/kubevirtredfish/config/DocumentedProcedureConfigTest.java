package org.kubevirtredfish.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The config.yaml of the OpenShift procedure's Secret (vendored under
 * src/test/resources/third-party/openshift-docs-538041fc) is read as is once its placeholders are filled in, as
 * the procedure tells its reader to: the plain-text password, enhanced ids, one chassis, storage size 3Gi.
 */
class DocumentedProcedureConfigTest {

    static String documentedConfig() throws IOException {
        JsonNode secret = new YAMLMapper().readTree(Path.of(
                "src/test/resources/third-party/openshift-docs-538041fc/manifests/secret.yaml").toFile());
        return secret.path("stringData").path("config.yaml").asText();
    }

    @Test
    void theProceduresConfigWorksWithItsPlaceholdersFilledIn() throws IOException {
        String filled = documentedConfig().replace("<chassis_name>", "control-plane")
                .replace("<vm_namespace>", "vcp-vms").replace("<password>", "a-long-secret")
                .replace("<storage_class>", "lvms-vg1");
        ConfigFile file = ConfigFileReader.parse(filled);
        assertEquals("enhanced", file.systemIdConvention());
        assertEquals("vcp-vms", file.chassis().get(0).namespace());
        assertEquals("3Gi", file.datavolume().storageSize());
        assertEquals("lvms-vg1", file.datavolume().storageClass());
    }

    @Test
    void itsPlaceholdersThemselvesAreRefusedAtStart() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFileReader.parse(documentedConfig()));
        assertTrue(e.getMessage().contains("chassis[0].name"), e.getMessage());
    }
}
