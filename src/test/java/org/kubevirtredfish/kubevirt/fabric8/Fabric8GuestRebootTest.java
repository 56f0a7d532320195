package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.GuestReboot;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * Once means one boot (S5) and the effective firmware, over the mock cluster: the simulated virt-controller runs
 * VMs of runStrategy Always (with their preference applied to the instance) and replaces the VMI after a guest reboot
 * under {@code rebootPolicy: Terminate} ({@link KubeVirtControllerSimulator#guestReboot}).
 */
class Fabric8GuestRebootTest extends MockClusterTestBase {

    private static final BootOverride ONCE_CD = new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI);
    private static final VmId VM = ALPHA.id();

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Logger gatewayLog = Logger.getLogger(Fabric8KubeVirtGateway.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        gatewayLog.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        gatewayLog.removeHandler(capture);
    }

    /** ALPHA as seeded, edited as JSON before it is created. */
    private void createVm(Consumer<ObjectNode> edit) throws Exception {
        createVm(edit, true);
    }

    private void createVm(Consumer<ObjectNode> edit, boolean newCluster) throws Exception {
        if (newCluster) {
            cluster();
        }
        ObjectNode vm = (ObjectNode) KubeVirtResources.tree(KubeVirtMockCluster.vm(ALPHA));
        edit.accept(vm);
        cluster.admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace(VM.namespace())
                .resource(KubeVirtResources.MAPPER.treeToValue(vm, GenericKubernetesResource.class)).create();
    }

    private static ObjectNode domain(ObjectNode vm) {
        return (ObjectNode) vm.at("/spec/template/spec/domain");
    }

    /** The instance virt-controller runs for the VM: its uid once the gateway reads it On. */
    private static String runningInstance(Fabric8KubeVirtGateway gateway) {
        return await(gateway, VM, "running", v -> v.powerState() == org.kubevirtredfish.kubevirt.PowerState.On
                && v.instanceId() != null).instanceId();
    }

    private JsonNode vmOnServer() {
        return KubeVirtResources.tree(cluster.admin.genericKubernetesResources(KubeVirtResources.VM)
                .inNamespace(VM.namespace()).withName(VM.name()).get());
    }

    @Test
    void withoutRebootPolicyTerminateTheSystemSaysAGuestRebootBootsTheOnceTargetAgainAndWarnsOnce() throws Exception {
        createVm(vm -> { });
        Fabric8KubeVirtGateway gateway = gateway();
        assertEquals(GuestReboot.SameInstance, gateway.find(VM).orElseThrow().guestReboot());
        VirtualMachine set = gateway.setBootOverride(VM, ONCE_CD);
        assertEquals(GuestReboot.SameInstance, set.guestReboot());
        assertTrue(set.guestReboot().repeats(set.boot()));
        gateway.setBootOverride(VM, ONCE_CD); // the same override again (sushy sets it before every deploy step)
        assertEquals(1, warnings.size(), "one warning per override: " + warnings);
        assertTrue(warnings.get(0).contains("boots Cd again"), warnings.get(0));
        assertTrue(warnings.get(0).contains("rebootPolicy: Terminate"), warnings.get(0));
    }

    @Test
    void aGuestRebootUnderRebootPolicyTerminateAndAlwaysIsANewInstanceThatUsesUpTheOnceOverride() throws Exception {
        createVm(vm -> {
            ((ObjectNode) vm.get("spec")).put("runStrategy", "Always");
            domain(vm).put("rebootPolicy", "Terminate");
        });
        Fabric8KubeVirtGateway gateway = gateway();
        String first = runningInstance(gateway);
        VirtualMachine set = gateway.setBootOverride(VM, ONCE_CD);
        assertEquals(GuestReboot.NewInstance, set.guestReboot());
        assertFalse(set.guestReboot().repeats(set.boot()));
        assertEquals(List.of(), warnings, "nothing to warn of");
        assertTrue(vmOnServer().at("/spec/template/spec/domain/devices/disks/0").has("bootOrder"), "order set");

        // the guest reboots itself: libvirt destroys the domain, virt-controller replaces the final VMI
        cluster.kubevirt.guestReboot(VM.namespace(), VM.name());
        VirtualMachine after = await(gateway, VM, "the Once override used up by the new instance",
                v -> v.instanceId() != null && !first.equals(v.instanceId())
                        && v.boot().enabled() == BootOverrideEnabled.Disabled);
        assertEquals(BootSource.Cd, after.boot().target());
        GatewayAwait.until("the device order restored", java.time.Duration.ofSeconds(10), () -> {
            JsonNode vm = vmOnServer();
            return !vm.at("/spec/template/spec/domain/devices/disks/0").has("bootOrder")
                    && BootOrderEdit.record(vm).enabled() == BootOverrideEnabled.Disabled;
        });
    }

    @Test
    void rebootPolicyTerminateWithAnotherRunStrategyPowersOffAndSaysSo() throws Exception {
        createVm(vm -> {
            ((ObjectNode) vm.get("spec")).put("runStrategy", "Manual");
            domain(vm).put("rebootPolicy", "Terminate");
        });
        Fabric8KubeVirtGateway gateway = gateway();
        assertEquals(GuestReboot.PowersOff, gateway.setBootOverride(VM, ONCE_CD).guestReboot());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("powers off"), warnings.get(0));
    }

    private void clusterPreference(String name, String specJson) throws Exception {
        GenericKubernetesResource p = new GenericKubernetesResource();
        p.setApiVersion("instancetype.kubevirt.io/v1beta1");
        p.setKind("VirtualMachineClusterPreference");
        p.setMetadata(new ObjectMetaBuilder().withName(name).build());
        p.setAdditionalProperty("spec", KubeVirtResources.MAPPER.readValue(specJson, Map.class));
        cluster.admin.genericKubernetesResources(Preferences.CLUSTER_PREFERENCE).resource(p).create();
    }

    @Test
    void aPreferenceWithSecureBootReadsUefiAndAPatchToUefiLeavesTheFirmwareAlone() throws Exception {
        createVm(vm -> ((ObjectNode) vm.get("spec")).putObject("preference").put("name", "secure"));
        clusterPreference("secure", """
                {"firmware":{"preferredEfi":{"secureBoot":true}},"features":{"preferredSmm":{}}}""");
        Fabric8KubeVirtGateway gateway = gateway();
        JsonNode firmwareBefore = vmOnServer().at("/spec/template/spec/domain/firmware");
        assertEquals(BootMode.UEFI, gateway.find(VM).orElseThrow().boot().mode());
        VirtualMachine set = gateway.setBootOverride(VM, ONCE_CD);
        assertEquals(BootMode.UEFI, set.boot().mode());
        assertEquals(firmwareBefore, vmOnServer().at("/spec/template/spec/domain/firmware"),
                "the preference's secure boot stays in force: no secureBoot false in the template");
    }

    @Test
    void aPatchToLegacyAndBackToUefiOfARunningInstanceRestoresItsSecureBoot() throws Exception {
        cluster();
        clusterPreference("secure", """
                {"firmware":{"preferredEfi":{"secureBoot":true}},"features":{"preferredSmm":{}}}""");
        createVm(vm -> {
            ((ObjectNode) vm.get("spec")).put("runStrategy", "Always");
            ((ObjectNode) vm.get("spec")).putObject("preference").put("name", "secure");
        }, false);
        Fabric8KubeVirtGateway gateway = gateway();
        // the instance has the preference applied, as virt-controller expands it
        String uid = runningInstance(gateway);
        assertEquals("{\"efi\":{\"secureBoot\":true}}", KubeVirtResources.tree(cluster.admin
                .genericKubernetesResources(KubeVirtResources.VMI).inNamespace(VM.namespace()).withName(VM.name()).get())
                .at("/spec/domain/firmware/bootloader").toString(), "the preference applied to " + uid);
        gateway.setBootOverride(VM, ONCE_CD.withMode(BootMode.Legacy));
        assertEquals("{\"bios\":{}}", vmOnServer().at("/spec/template/spec/domain/firmware/bootloader").toString());
        gateway.setBootOverride(VM, ONCE_CD);
        assertEquals("{\"efi\":{\"secureBoot\":true}}",
                vmOnServer().at("/spec/template/spec/domain/firmware/bootloader").toString());
    }
}
