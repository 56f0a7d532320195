package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Read-only smoke test against a real cluster with KubeVirt and CDI: set {@code KUBEVIRT_REDFISH_IT_KUBECONFIG} (a
 * kubeconfig file) and optionally {@code KUBEVIRT_REDFISH_IT_NAMESPACE} (default {@code default}). It syncs the
 * informers and lists the namespace's VMs; it changes nothing.
 */
@EnabledIfEnvironmentVariable(named = "KUBEVIRT_REDFISH_IT_KUBECONFIG", matches = ".+")
class Fabric8RealClusterTest {

    @Test
    void syncsAndListsTheVirtualMachinesOfANamespace() throws Exception {
        String kubeconfig = Files.readString(Path.of(System.getenv("KUBEVIRT_REDFISH_IT_KUBECONFIG")));
        String namespace = System.getenv().getOrDefault("KUBEVIRT_REDFISH_IT_NAMESPACE", "default");
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(KubernetesClientFactory.config(Config.fromKubeconfig(kubeconfig), 30, false))
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
             Fabric8KubeVirtGateway gateway = new Fabric8KubeVirtGateway(client, Set.of(namespace),
                     Fabric8Options.defaults())) {
            gateway.start();
            GatewayAwait.until("the informers to sync", Duration.ofSeconds(60), gateway::isReady);
            var vms = gateway.list(namespace);
            vms.forEach(vm -> System.out.println(vm.id() + " " + vm.powerState() + " (" + vm.status() + ") boot "
                    + vm.boot() + " media " + vm.media().phase()));
            assertTrue(vms.stream().allMatch(vm -> vm.id().namespace().equals(namespace)));
        }
    }
}
