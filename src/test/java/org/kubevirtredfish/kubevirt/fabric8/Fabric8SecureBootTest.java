package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.Firmware;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * Secure boot through the fabric8 gateway, read back from the mock API server: what the VM template gets, that the
 * (simulated) KubeVirt webhook admits it, and what is refused.
 */
class Fabric8SecureBootTest extends MockClusterTestBase {

    private static final VmId VM = ALPHA.id();
    private static final String DOMAIN = "/spec/template/spec/domain";

    private void createVm(Consumer<ObjectNode> domainEdit) throws Exception {
        cluster();
        ObjectNode vm = (ObjectNode) KubeVirtResources.tree(KubeVirtMockCluster.vm(ALPHA));
        domainEdit.accept((ObjectNode) vm.at(DOMAIN));
        cluster.admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace(VM.namespace())
                .resource(KubeVirtResources.MAPPER.treeToValue(vm, GenericKubernetesResource.class)).create();
    }

    private JsonNode domainOnServer() {
        return KubeVirtResources.tree(cluster.admin.genericKubernetesResources(KubeVirtResources.VM)
                .inNamespace(VM.namespace()).withName(VM.name()).get()).at(DOMAIN);
    }

    @Test
    void turningItOnWritesSecureBootAndSmmKeepsTheRestOfEfiAndIsAdmitted() throws Exception {
        createVm(d -> {
            d.withObject("/firmware").putObject("bootloader").putObject("efi").put("persistent", true)
                    .put("secureBoot", false);
            d.putObject("features").putObject("acpi");
        });
        Fabric8KubeVirtGateway gateway = gateway();
        assertFalse(gateway.firmware(VM).secureBoot());

        Firmware on = gateway.setSecureBoot(VM, true);

        assertTrue(on.secureBoot() && on.smm(), on.toString());
        JsonNode domain = domainOnServer();
        assertEquals(json("{\"persistent\":true,\"secureBoot\":true}"), domain.at("/firmware/bootloader/efi"));
        assertEquals(json("{\"acpi\":{},\"smm\":{\"enabled\":true}}"), domain.path("features"));
        assertNotNull(domain.at("/firmware/uuid").textValue(), "the rest of the firmware stays");

        gateway.setSecureBoot(VM, false);
        assertEquals(json("{\"persistent\":true,\"secureBoot\":false}"),
                domainOnServer().at("/firmware/bootloader/efi"));
        assertEquals(json("{\"enabled\":true}"), domainOnServer().at("/features/smm"));
    }

    @Test
    void theWebhookRefusesSecureBootWithoutSmmSoTheGatewayNeverWritesIt() throws Exception {
        createVm(d -> d.withObject("/firmware").putObject("bootloader").putObject("efi").put("secureBoot", false));
        ObjectNode patched = (ObjectNode) KubeVirtResources.tree(cluster.admin
                .genericKubernetesResources(KubeVirtResources.VM).inNamespace(VM.namespace()).withName(VM.name())
                .get());
        ((ObjectNode) patched.at(DOMAIN + "/firmware/bootloader/efi")).put("secureBoot", true);
        KubernetesClientException refused = assertThrows(KubernetesClientException.class, () -> cluster.admin
                .genericKubernetesResources(KubeVirtResources.VM).inNamespace(VM.namespace())
                .resource(KubeVirtResources.MAPPER.treeToValue(patched, GenericKubernetesResource.class)).update());
        assertEquals(422, refused.getCode());
        assertTrue(refused.getMessage().contains("SecureBoot requires SMM"), refused.getMessage());

        Fabric8KubeVirtGateway gateway = gateway();
        assertTrue(gateway.setSecureBoot(VM, true).secureBoot());
        assertTrue(domainOnServer().at("/firmware/bootloader/efi/secureBoot").asBoolean());
    }

    @Test
    void aPreferencesEfiBecomesAnExplicitTemplateValueThatWinsOverIt() throws Exception {
        createVm(d -> { });
        ObjectNode vm = (ObjectNode) KubeVirtResources.tree(cluster.admin
                .genericKubernetesResources(KubeVirtResources.VM).inNamespace(VM.namespace()).withName(VM.name())
                .get());
        ((ObjectNode) vm.get("spec")).putObject("preference").put("name", "insecure");
        cluster.admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace(VM.namespace())
                .resource(KubeVirtResources.MAPPER.treeToValue(vm, GenericKubernetesResource.class)).update();
        GenericKubernetesResource p = new GenericKubernetesResource();
        p.setApiVersion("instancetype.kubevirt.io/v1beta1");
        p.setKind("VirtualMachineClusterPreference");
        p.setMetadata(new ObjectMetaBuilder().withName("insecure").build());
        p.setAdditionalProperty("spec", Map.of("firmware", Map.of("preferredEfi",
                Map.of("secureBoot", false, "persistent", true))));
        cluster.admin.genericKubernetesResources(Preferences.CLUSTER_PREFERENCE).resource(p).create();
        Fabric8KubeVirtGateway gateway = gateway();
        Firmware before = gateway.firmware(VM);
        assertEquals(BootMode.UEFI, before.mode());
        assertFalse(before.secureBoot());

        assertTrue(gateway.setSecureBoot(VM, true).secureBoot());
        JsonNode domain = domainOnServer();
        assertEquals(json("{\"secureBoot\":true,\"persistent\":true}"), domain.at("/firmware/bootloader/efi"));
        assertEquals(json("{\"enabled\":true}"), domain.at("/features/smm"));
    }

    @Test
    void aVmWithLaunchSecurityOrLegacyBootKeepsItsFirmware() throws Exception {
        createVm(d -> {
            d.withObject("/firmware").putObject("bootloader").putObject("efi").put("secureBoot", false);
            d.putObject("launchSecurity").putObject("sev");
        });
        Fabric8KubeVirtGateway gateway = gateway();
        Firmware sev = gateway.firmware(VM);
        assertEquals("the virtual machine uses SEV launch security", sev.secureBootLocked());
        JsonNode before = domainOnServer();
        assertThrows(GatewayException.Conflict.class, () -> gateway.setSecureBoot(VM, true));
        assertEquals(before, domainOnServer());

        VmId bravo = BRAVO.id();
        cluster.seed(BRAVO);
        await(gateway, bravo, "seen", vm -> true);
        assertEquals(BootMode.Legacy, gateway.firmware(bravo).mode(), "no bootloader: KubeVirt boots BIOS");
        assertThrows(GatewayException.Conflict.class, () -> gateway.setSecureBoot(bravo, true));
    }

    /** Key order of a JSON object carries no meaning (the preference's Map.of has none). */
    private static JsonNode json(String text) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    }
}
