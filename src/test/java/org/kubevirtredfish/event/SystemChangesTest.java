package org.kubevirtredfish.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmId;

/** Which events a change of a VM snapshot makes, and that their messages are the Base registry's. */
class SystemChangesTest {

    private static VirtualMachine vm(PowerState power, BootOverride boot, MediaState media) {
        return new VirtualMachine(new VmId("demo", "cp-0"), "uuid", null, Map.of(), power, "Stopped", 2, 2048,
                List.of(), boot, Set.of(BootSource.Cd, BootSource.Hdd), media, null, null, null, null, List.of(),
                null);
    }

    private static final BootOverride NONE = BootOverride.none(BootMode.UEFI);
    private static final MediaState IMPORTING = new MediaState(MediaState.Phase.IMPORTING, "http://x/a.iso", "a.iso",
            true, "10%", null);

    private static List<String> changes(VirtualMachine before, VirtualMachine after) {
        return SystemChanges.between(before, after).stream()
                .map(c -> c.resourceType() + " " + c.message() + " " + c.args()).toList();
    }

    @Test
    void powerStateChange() {
        assertEquals(List.of("ComputerSystem PropertyValueModified [PowerState, PoweringOn]"),
                changes(vm(PowerState.Off, NONE, MediaState.empty()), vm(PowerState.PoweringOn, NONE,
                        MediaState.empty())));
    }

    @Test
    void bootOverrideChange() {
        BootOverride once = new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI);
        assertEquals(List.of("ComputerSystem PropertyValueModified [Boot/BootSourceOverrideTarget, Cd]",
                "ComputerSystem PropertyValueModified [Boot/BootSourceOverrideEnabled, Once]"),
                changes(vm(PowerState.Off, NONE, MediaState.empty()), vm(PowerState.Off, once, MediaState.empty())));
    }

    @Test
    void mediaInsertedEjectedAndFailed() {
        MediaState failed = new MediaState(MediaState.Phase.FAILED, "http://x/a.iso", "a.iso", true, null, "404");
        MediaState ready = new MediaState(MediaState.Phase.READY, "http://x/a.iso", "a.iso", true, "100%", null);
        assertEquals(List.of("VirtualMedia PropertyValueModified [Inserted, true]"),
                changes(vm(PowerState.Off, NONE, MediaState.empty()), vm(PowerState.Off, NONE, IMPORTING)));
        assertEquals(List.of(), changes(vm(PowerState.Off, NONE, IMPORTING), vm(PowerState.Off, NONE, ready)));
        assertEquals(List.of("VirtualMedia OperationFailed []"),
                changes(vm(PowerState.Off, NONE, IMPORTING), vm(PowerState.Off, NONE, failed)));
        assertEquals(List.of("VirtualMedia PropertyValueModified [Inserted, false]"),
                changes(vm(PowerState.Off, NONE, ready), vm(PowerState.Off, NONE, MediaState.empty())));
    }

    @ParameterizedTest
    @EnumSource(EventMessage.class)
    void messagesAreTheBaseRegistrys(EventMessage m) throws Exception {
        JsonNode registry = new ObjectMapper().readTree(Path.of(
                "src/test/resources/third-party/dmtf-redfish-DSP8010-2025.4/registries/Base.1.22.1.json").toFile());
        JsonNode entry = registry.path("Messages").path(m.name());
        assertEquals(entry.path("Message").asText(), m.text());
        assertEquals(entry.path("NumberOfArgs").asInt(), m.argCount());
        assertEquals(entry.path("MessageSeverity").asText(), m.severity());
        assertEquals("Base.1.22." + m.name(), m.messageId());
    }
}
