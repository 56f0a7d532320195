package org.kubevirtredfish.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kubevirtredfish.openapi.OpenApiDocument;

/** BaseMessage against the DMTF Base registry file, and the error body built from it. */
class BaseMessageRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REGISTRY_FILE = Path.of(System.getProperty("basedir", "."))
            .resolve("src/test/resources/third-party/dmtf-redfish-DSP8010-2025.4/registries/Base.1.22.1.json").normalize();

    private static JsonNode registry;

    @BeforeAll
    static void readRegistry() throws IOException {
        if (!Files.isRegularFile(REGISTRY_FILE)) {
            fail("The DMTF Base registry is missing: expected " + REGISTRY_FILE.toAbsolutePath()
                    + " (the DMTF bundle kept in src/test/resources/third-party)");
        }
        registry = JSON.readTree(REGISTRY_FILE.toFile());
    }

    private static JsonNode entry(BaseMessage m) {
        JsonNode e = registry.path("Messages").get(m.name());
        assertNotNull(e, "BaseMessage." + m.name() + " is not a message of " + REGISTRY_FILE.getFileName());
        return e;
    }

    @ParameterizedTest
    @EnumSource(BaseMessage.class)
    void constantIsTheRegistryMessage(BaseMessage m) {
        JsonNode e = entry(m);
        assertEquals(e.path("Message").asText(), m.text(), m + ": Message");
        assertEquals(e.path("NumberOfArgs").asInt(-1), m.argCount(), m + ": NumberOfArgs");
        JsonNode severity = e.has("MessageSeverity") ? e.get("MessageSeverity") : e.get("Severity");
        assertNotNull(severity, m + ": no severity in the registry");
        assertEquals(severity.asText(), m.severity().name(), m + ": MessageSeverity");
        if (e.has("Severity")) {
            assertEquals(e.get("Severity").asText(), m.severity().name(), m + ": Severity");
        }
        assertEquals(e.path("Resolution").asText(), m.resolution(), m + ": Resolution");
    }

    @ParameterizedTest
    @EnumSource(BaseMessage.class)
    void textHasExactlyTheArgumentPlaceholders(BaseMessage m) {
        for (int i = 1; i <= m.argCount(); i++) {
            assertTrue(m.text().contains("%" + i), m + " lacks %" + i);
        }
        assertFalse(m.text().contains("%" + (m.argCount() + 1)), m + " has more placeholders than arguments");
    }

    @ParameterizedTest
    @EnumSource(BaseMessage.class)
    void statusIsAnHttpErrorOrSuccess(BaseMessage m) {
        assertTrue(m.status() >= 200 && m.status() < 600, m + ": " + m.status());
        assertEquals(m == BaseMessage.Success, m.status() < 400, m + ": only Success is not an error status");
        assertEquals("Base.1.22." + m.name(), m.messageId());
    }

    @Test
    void registryConstantIsTheRegistryMajorMinor() {
        String version = registry.path("RegistryVersion").asText();
        assertEquals("Base", registry.path("RegistryPrefix").asText());
        String[] parts = version.split("\\.");
        assertTrue(parts.length >= 2, "RegistryVersion " + version);
        assertEquals("Base." + parts[0] + "." + parts[1], BaseMessage.REGISTRY);
    }

    @Test
    void withChecksTheArgumentCount() {
        assertThrows(IllegalArgumentException.class, () -> BaseMessage.PropertyUnknown.with());
        assertThrows(IllegalArgumentException.class, () -> BaseMessage.Success.with("extra"));
        assertThrows(IllegalArgumentException.class,
                () -> BaseMessage.PropertyValueNotInList.with("only one"));
    }

    @Test
    void textSubstitutesArguments() {
        RedfishMessage m = BaseMessage.ActionParameterValueNotInList.with("Floppy", "ResetType", "ComputerSystem.Reset");
        assertEquals("The value 'Floppy' for the parameter ResetType in the action ComputerSystem.Reset is not in the "
                + "list of acceptable values.", m.text());
        // an argument that itself looks like a placeholder is not substituted again
        assertEquals("The value '%2' for the property X is not in the list of acceptable values.",
                BaseMessage.PropertyValueNotInList.with("%2", "X").text());
    }

    @Test
    void argumentContainingAPlaceholderIsNotSubstitutedAgain() {
        // e.g. POST Reset {"%1": 1}: ActionParameterUnknown(ComputerSystem.Reset, %1)
        RedfishMessage m = BaseMessage.ActionParameterUnknown.with("ComputerSystem.Reset", "%1");
        assertEquals("The action ComputerSystem.Reset was submitted with the invalid parameter %1.", m.text());
    }

    @Test
    void errorBodyWithOneMessage() {
        RedfishMessage m = BaseMessage.PropertyValueNotInList.with("Floppy", "BootSourceOverrideTarget")
                .about("#/Boot/BootSourceOverrideTarget");
        ObjectNode body = ErrorBody.of(List.of(m));
        JsonNode error = body.get("error");
        assertEquals(Set.of("error"), fieldNames(body));
        assertEquals("Base.1.22.PropertyValueNotInList", error.path("code").asText());
        assertEquals("The value 'Floppy' for the property BootSourceOverrideTarget is not in the list of acceptable "
                + "values.", error.path("message").asText());
        JsonNode info = error.path("@Message.ExtendedInfo");
        assertEquals(1, info.size());
        JsonNode e = info.get(0);
        assertEquals("Base.1.22.PropertyValueNotInList", e.path("MessageId").asText());
        assertEquals("The value 'Floppy' for the property BootSourceOverrideTarget is not in the list of acceptable "
                + "values.", e.path("Message").asText());
        assertEquals(List.of("Floppy", "BootSourceOverrideTarget"), strings(e.path("MessageArgs")));
        assertEquals(List.of("#/Boot/BootSourceOverrideTarget"), strings(e.path("RelatedProperties")));
        assertEquals("Warning", e.path("MessageSeverity").asText());
        assertEquals(entry(BaseMessage.PropertyValueNotInList).path("Resolution").asText(),
                e.path("Resolution").asText());
        assertTrue(e.path("@odata.type").asText().startsWith("#Message.v1_"), e.toString());
        assertValid(body);
    }

    @Test
    void errorBodyWithTwoMessagesIsAGeneralError() {
        ObjectNode body = ErrorBody.of(List.of(
                BaseMessage.PropertyUnknown.with("Foo").about("#/Foo"),
                BaseMessage.ActionParameterMissing.with("ComputerSystem.Reset", "ResetType")));
        JsonNode error = body.get("error");
        assertEquals("Base.1.22.GeneralError", error.path("code").asText());
        assertEquals(BaseMessage.GeneralError.text(), error.path("message").asText());
        JsonNode info = error.path("@Message.ExtendedInfo");
        assertEquals(2, info.size());
        assertEquals("Base.1.22.PropertyUnknown", info.get(0).path("MessageId").asText());
        assertEquals("The property Foo is not in the list of valid properties for the resource.",
                info.get(0).path("Message").asText());
        assertEquals(List.of("Foo"), strings(info.get(0).path("MessageArgs")));
        assertEquals("Warning", info.get(0).path("MessageSeverity").asText());
        assertEquals(BaseMessage.PropertyUnknown.resolution(), info.get(0).path("Resolution").asText());
        assertEquals("Base.1.22.ActionParameterMissing", info.get(1).path("MessageId").asText());
        assertEquals("The action ComputerSystem.Reset requires the parameter ResetType to be present in the request "
                + "body.", info.get(1).path("Message").asText());
        assertEquals(List.of("ComputerSystem.Reset", "ResetType"), strings(info.get(1).path("MessageArgs")));
        assertEquals("Critical", info.get(1).path("MessageSeverity").asText());
        assertFalse(info.get(1).has("RelatedProperties"), "no RelatedProperties when there are none");
        assertValid(body);
    }

    @Test
    void errorBodyWithoutArgumentsHasAnEmptyArgumentList() {
        ObjectNode body = ErrorBody.of(List.of(BaseMessage.PreconditionFailed.with()));
        JsonNode e = body.path("error").path("@Message.ExtendedInfo").get(0);
        assertTrue(e.path("MessageArgs").isArray());
        assertEquals(0, e.path("MessageArgs").size());
        assertValid(body);
    }

    @ParameterizedTest
    @EnumSource(BaseMessage.class)
    void everyMessageMakesAValidErrorBody(BaseMessage m) {
        String[] args = new String[m.argCount()];
        for (int i = 0; i < args.length; i++) {
            args[i] = "arg" + (i + 1);
        }
        ObjectNode body = ErrorBody.of(List.of(m.with(args)));
        assertEquals(m.messageId(), body.path("error").path("code").asText());
        assertFalse(body.path("error").path("message").asText().contains("%"), body.toString());
        assertValid(body);
    }

    @Test
    void exceptionCarriesStatusAndMessages() {
        RedfishException e = RedfishException.of(BaseMessage.ResourceNotFound, "ComputerSystem", "x");
        assertEquals(404, e.status());
        assertEquals(BaseMessage.ResourceNotFound, e.messages().get(0).message());
        assertEquals(List.of("ComputerSystem", "x"), e.messages().get(0).args());
    }

    /** Every {@code BaseMessage.<Name>} that src/main uses is a constant that the registry defines. */
    @Test
    void everyMessageUsedInSourcesIsInTheRegistry() throws IOException {
        Path main = Path.of(System.getProperty("basedir", "."), "src/main/java");
        assertTrue(Files.isDirectory(main), "no " + main.toAbsolutePath());
        Pattern use = Pattern.compile("BaseMessage\\.([A-Z][A-Za-z0-9]*)\\b");
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = use.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertTrue(used.size() > 10, "suspiciously few uses found: " + used);
        List<String> problems = new ArrayList<>();
        for (String name : used) {
            if (name.equals("Severity")) {
                continue; // the nested enum, not a message
            }
            boolean constant = Stream.of(BaseMessage.values()).anyMatch(b -> b.name().equals(name));
            if (!constant) {
                problems.add(name + " is not a BaseMessage constant");
            }
            if (!registry.path("Messages").has(name)) {
                problems.add(name + " is not in the registry");
            }
        }
        assertTrue(problems.isEmpty(), problems.toString());
    }

    private static void assertValid(ObjectNode body) {
        List<String> errors = OpenApiDocument.load().validateSchema("RedfishError", body.toString());
        assertTrue(errors.isEmpty(), errors + " in " + body);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
