package org.kubevirtredfish.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigFileReaderTest {

    /** A syntactically valid bcrypt hash (of "secret", cost 4) that must never appear in an error. */
    static final String HASH = "$2b$04$abcdefghijklmnopqrstuu0123456789ABCDEFGHIJKLMNOPQRSTU";
    static final String PLAIN = "Pl41n-S3cr3t-Value";

    /** The documented config.yaml (product-docs-notes.md) with its placeholders filled in. */
    static final String DOCUMENTED = """
            server:
              host: "0.0.0.0"
              port: 8443
              tls:
                enabled: false
            system_id_convention: "enhanced"
            chassis:
              - name: "cp-chassis"
                namespace: "cp-vms"
                service_account: "kubevirt-redfish"
                description: "optional"
                vm_selector:
                  labels:
                    redfish-enabled: "true"
            authentication:
              users:
                - username: "admin"
                  password:
                    hash: "%s"
                  chassis: ["cp-chassis"]
                - username: "legacy"
                  password: "%s"
                  chassis: ["cp-chassis"]
            kubevirt:
              api_version: v1
              timeout: 30
              allow_insecure_tls: false
            datavolume:
              storage_class: "lvms-vg1"
              storage_size: "3Gi"
              allow_insecure_tls: false
              vm_update_timeout: "2m"
              iso_download_timeout: "30m"
            """.formatted(HASH, PLAIN);

    @Test
    void documentedConfigParses() {
        ConfigFile f = ConfigFileReader.parse(DOCUMENTED);
        assertEquals("0.0.0.0", f.server().host());
        assertEquals(8443, f.server().port());
        assertEquals(false, f.server().tls().enabled());
        assertEquals("enhanced", f.systemIdConvention());
        assertEquals(1, f.chassis().size());
        ConfigFile.Chassis c = f.chassis().get(0);
        assertEquals("cp-chassis", c.name());
        assertEquals("cp-vms", c.namespace());
        assertEquals("kubevirt-redfish", c.serviceAccount());
        assertEquals(Map.of("redfish-enabled", "true"), c.vmSelector().labels());
        List<ConfigFile.User> users = f.authentication().users();
        assertEquals("admin", users.get(0).username());
        assertEquals(HASH, users.get(0).password().hash());
        assertNull(users.get(0).password().plain());
        assertNull(users.get(0).role(), "role is optional");
        assertEquals(List.of("cp-chassis"), users.get(0).chassis());
        assertEquals(30, f.kubevirt().timeout());
        assertEquals("lvms-vg1", f.datavolume().storageClass());
        assertEquals("30m", f.datavolume().isoDownloadTimeout());
    }

    @Test
    void plainPasswordIsAccepted() {
        ConfigFile.Password p = ConfigFileReader.parse(DOCUMENTED).authentication().users().get(1).password();
        assertEquals(PLAIN, p.plain());
        assertNull(p.hash());
    }

    @Test
    void namesAndRolesAndTheThreeBcryptPrefixesAreAccepted() {
        for (String prefix : List.of("$2a$", "$2b$", "$2y$")) {
            String yaml = users("""
                    - username: "Ops_user-1"
                      password: {hash: "%s"}
                      chassis: ["cp-chassis"]
                      role: Operator
                    """.formatted(prefix + HASH.substring(4)));
            assertEquals("Operator", ConfigFileReader.parse(yaml).authentication().users().get(0).role());
        }
    }

    @Test
    void anEmptyFileIsAnEmptyConfiguration() {
        ConfigFile f = ConfigFileReader.parse("");
        assertNull(f.chassis());
        assertNull(f.authentication());
    }

    @Test
    void toStringNeverShowsSecrets() {
        String text = ConfigFileReader.parse(DOCUMENTED).toString();
        assertFalse(text.contains(HASH), text);
        assertFalse(text.contains(PLAIN), text);
    }

    static Stream<Arguments> invalid() {
        String user = """
                - username: "admin"
                  password: {hash: "%s"}
                  chassis: ["cp-chassis"]
                """.formatted(HASH);
        return Stream.of(
                Arguments.of("system_id_convention", CHASSIS + "system_id_convention: fancy\n"),
                Arguments.of("datavolume.iso_download_timeout", CHASSIS + "datavolume: {iso_download_timeout: 30}\n"),
                Arguments.of("datavolume.vm_update_timeout", CHASSIS + "datavolume: {vm_update_timeout: 2 min}\n"),
                Arguments.of("datavolume.storage_size", CHASSIS + "datavolume: {storage_size: three gigabytes}\n"),
                Arguments.of("datavolume.storage_size", CHASSIS + "datavolume: {storage_size: 3GB}\n"),
                Arguments.of("datavolume.storage_size", CHASSIS + "datavolume: {storage_size: 0Gi}\n"),
                Arguments.of("datavolume.storage_size", CHASSIS + "datavolume: {storage_size: \"-3Gi\"}\n"),
                Arguments.of("chassis[1]", CHASSIS + "  - \n"),
                Arguments.of("chassis[1].name", CHASSIS + "  - {name: Bad_Name, namespace: x}\n"),
                Arguments.of("chassis[1].name", CHASSIS + "  - {name: \"" + "a".repeat(64) + "\", namespace: x}\n"),
                Arguments.of("chassis[1].name", CHASSIS + "  - {namespace: x}\n"),
                Arguments.of("chassis[1].name", CHASSIS + "  - {name: cp-chassis, namespace: other}\n"),
                Arguments.of("chassis[1].namespace", CHASSIS + "  - {name: second}\n"),
                Arguments.of("chassis[1].namespace", CHASSIS + "  - {name: second, namespace: \" \"}\n"),
                Arguments.of("authentication.users[1]", users(user + "-\n")),
                Arguments.of("authentication.users[0].username", users("""
                        - username: "bad user"
                          password: {hash: "%s"}
                          chassis: ["cp-chassis"]
                        """.formatted(HASH))),
                Arguments.of("authentication.users[0].username", users("""
                        - password: "%s"
                          chassis: ["cp-chassis"]
                        """.formatted(PLAIN))),
                Arguments.of("authentication.users[1].username", users(user + user)),
                Arguments.of("authentication.users[0].password", users("""
                        - username: "admin"
                          chassis: ["cp-chassis"]
                        """)),
                Arguments.of("authentication.users[0].password", users("""
                        - username: "admin"
                          password: ""
                          chassis: ["cp-chassis"]
                        """)),
                Arguments.of("authentication.users[0].password.hash", users("""
                        - username: "admin"
                          password: {hash: "%s"}
                          chassis: ["cp-chassis"]
                        """.formatted(PLAIN))),
                Arguments.of("authentication.users[0].password.hash", users("""
                        - username: "admin"
                          password: {hash: "%s"}
                          chassis: ["cp-chassis"]
                        """.formatted("$2x$" + HASH.substring(4)))),
                Arguments.of("authentication.users[0].password.hash", users("""
                        - username: "admin"
                          password: {hash: "%s"}
                          chassis: ["cp-chassis"]
                        """.formatted(HASH + "X"))),
                Arguments.of("authentication.users[0].chassis", users("""
                        - username: "admin"
                          password: {hash: "%s"}
                        """.formatted(HASH))),
                Arguments.of("authentication.users[0].chassis", users("""
                        - username: "admin"
                          password: {hash: "%s"}
                          chassis: []
                        """.formatted(HASH))),
                Arguments.of("authentication.users[0].chassis", users("""
                        - username: "admin"
                          password: "%s"
                          chassis: ["cp-chassis", "nowhere"]
                        """.formatted(PLAIN))),
                Arguments.of("authentication.users[0].role", users("""
                        - username: "admin"
                          password: "%s"
                          chassis: ["cp-chassis"]
                          role: Root
                        """.formatted(PLAIN))));
    }

    static final String CHASSIS = """
            chassis:
              - {name: cp-chassis, namespace: cp-vms}
            """;

    static String users(String list) {
        return CHASSIS + "authentication:\n  users:\n" + list.indent(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void eachRuleNamesItsKeyAndNoSecret(String key, String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFileReader.parse(yaml));
        String message = e.getMessage();
        assertTrue(message.contains(key), "'" + message + "' does not name " + key);
        assertSecretFree(message);
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        String yaml = "system_id_convention: x\n" + users("""
                - username: "admin"
                  password: {hash: "%s"}
                  chassis: ["nowhere"]
                  role: God
                """.formatted(PLAIN));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFileReader.parse(yaml));
        for (String key : List.of("system_id_convention", "password.hash", ".chassis", ".role")) {
            assertTrue(e.getMessage().contains(key), e.getMessage() + " lacks " + key);
        }
        assertSecretFree(e.getMessage());
    }

    @Test
    void syntaxAndTypeErrorsDoNotQuoteValues() {
        for (String yaml : List.of(
                users("- username: admin\n  password: [\"" + PLAIN + "\"]\n  chassis: [cp-chassis]\n"),
                users("- username: admin\n  password: {hash: {x: \"" + HASH + "\"}}\n  chassis: [cp-chassis]\n"),
                "authentication: {users: [{username: admin, password: \"" + PLAIN + "\"\n",
                "- \"" + PLAIN + "\"\n")) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigFileReader.parse(yaml), yaml);
            assertTrue(e.getMessage().startsWith("config.yaml"), e.getMessage());
            assertSecretFree(e.getMessage());
        }
    }

    @Test
    void readNamesAnUnreadableFileWithoutContent(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFileReader.read(dir.resolve("none.yaml")));
        assertTrue(e.getMessage().contains("none.yaml"), e.getMessage());
    }

    @Test
    void readParsesAFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), DOCUMENTED);
        assertEquals("cp-chassis", ConfigFileReader.read(file).chassis().get(0).name());
    }

    @Test
    void flattenGivesScalarsAndNothingOfAuthentication() {
        Map<String, String> flat = ConfigFileReader.flatten(DOCUMENTED);
        assertEquals("enhanced", flat.get("system_id_convention"));
        assertEquals("30", flat.get("kubevirt.timeout"));
        assertEquals("false", flat.get("kubevirt.allow_insecure_tls"));
        assertEquals("lvms-vg1", flat.get("datavolume.storage_class"));
        assertEquals("8443", flat.get("server.port"));
        assertEquals("false", flat.get("server.tls.enabled"));
        for (Map.Entry<String, String> e : flat.entrySet()) {
            assertFalse(e.getKey().startsWith("authentication"), e.getKey());
            assertFalse(e.getKey().startsWith("chassis"), "lists are not flattened: " + e.getKey());
            assertSecretFree(e.getKey());
            assertSecretFree(e.getValue());
        }
    }

    @Test
    void flattenOfBrokenOrNonMappingYamlIsEmpty() {
        assertTrue(ConfigFileReader.flatten("a: [b\n").isEmpty());
        assertTrue(ConfigFileReader.flatten("- a\n- b\n").isEmpty());
        assertTrue(ConfigFileReader.flatten("").isEmpty());
    }

    @Test
    void yamlSourceHasOrdinal50AndHidesAuthentication(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), DOCUMENTED);
        ConfigYamlSource source = new ConfigYamlSource(file);
        assertEquals(50, source.getOrdinal());
        assertEquals("config.yaml", source.getName());
        assertEquals("lvms-vg1", source.getValue("datavolume.storage_class"));
        assertEquals("enhanced", source.getValue("system_id_convention"));
        assertTrue(source.getPropertyNames().stream().noneMatch(k -> k.startsWith("authentication")),
                source.getPropertyNames().toString());
        source.getPropertyNames().forEach(k -> assertSecretFree(source.getValue(k)));
    }

    @Test
    void yamlSourceWithoutAFileIsEmpty(@TempDir Path dir) {
        assertTrue(new ConfigYamlSource(dir.resolve("missing.yaml")).getPropertyNames().isEmpty());
        assertTrue(new ConfigYamlSource((Path) null).getPropertyNames().isEmpty());
        assertEquals(50, new ConfigYamlSource((Path) null).getOrdinal());
    }

    @Test
    void serviceSettingsDefaults() {
        ServiceSettings s = new ServiceSettings(MapConfig.empty(), ConfigFileReader.parse(CHASSIS));
        assertFalse(s.enhancedSystemIds(), "legacy is the documented default");
        assertEquals(1800, s.sessionTimeoutSeconds());
        assertTrue(s.allowlist().isEmpty());
        assertTrue(s.users().isEmpty());
        ServiceSettings e = new ServiceSettings(new MapConfig(Map.of("system_id_convention", "enhanced",
                "allowlist", "a/b,c/d", "session.timeout", "60")), ConfigFileReader.parse(CHASSIS));
        assertTrue(e.enhancedSystemIds());
        assertEquals(List.of("a/b", "c/d"), e.allowlist());
        assertEquals(60, e.sessionTimeoutSeconds());
    }

    private static void assertSecretFree(String text) {
        assertFalse(text.contains(HASH), "leaks the hash: " + text);
        assertFalse(text.contains(HASH.substring(7)), "leaks part of the hash: " + text);
        assertFalse(text.contains(PLAIN), "leaks the password: " + text);
    }
}
