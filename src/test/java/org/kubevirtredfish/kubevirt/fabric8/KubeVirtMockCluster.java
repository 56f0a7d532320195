package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.kubevirtredfish.kubevirt.VmSeed;

/**
 * A fabric8 mock API server in CRUD mode on 127.0.0.1 with simulated virt-controller and CDI: a small KubeVirt
 * cluster over real HTTP. {@link #newClient(int)} gives the client a gateway under test uses; the simulators and
 * the tests' own setup use {@link #admin}.
 */
final class KubeVirtMockCluster implements AutoCloseable {

    final ClusterDispatcher dispatcher;
    private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server;
    final KubernetesClient admin;
    final KubeVirtControllerSimulator kubevirt;
    final CdiControllerSimulator cdi;
    private final List<KubernetesClient> clients = new ArrayList<>();

    KubeVirtMockCluster(long controllerStepMillis, long importStepMillis) {
        dispatcher = new ClusterDispatcher(responses);
        server = listen(0);
        admin = newClient(10);
        kubevirt = new KubeVirtControllerSimulator(admin, controllerStepMillis);
        cdi = new CdiControllerSimulator(admin, importStepMillis);
        dispatcher.handle(kubevirt::handle);
        dispatcher.onCreated(cdi::created);
    }

    private KubernetesMockServer listen(int port) {
        KubernetesMockServer s = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
                responses, dispatcher, false);
        try {
            s.start(InetAddress.getByName("127.0.0.1"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return s;
    }

    /** The API server goes away (every connection and watch drops); its data stays for {@link #comeBack()}. */
    void goAway() {
        server.shutdown();
    }

    /** The API server listens again on the same port with the same data. */
    void comeBack(int port) {
        server = listen(port);
    }

    String masterUrl() {
        return "http://127.0.0.1:" + server.getPort() + "/";
    }

    /** A client configured as in production ({@link KubernetesClientFactory#config}), reconnecting watches fast. */
    KubernetesClient newClient(int timeoutSeconds) {
        Config base = new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl()).withNamespace("default")
                .withHttp2Disable(true).withWatchReconnectInterval(100).withWatchReconnectLimit(-1)
                .withRequestRetryBackoffLimit(0).build();
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(KubernetesClientFactory.config(base, timeoutSeconds, false))
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
        clients.add(client);
        return client;
    }

    int requestCount() {
        return dispatcher.requestCount();
    }

    GenericKubernetesResource seed(VmSeed seed) {
        return admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace(seed.namespace())
                .resource(vm(seed)).create();
    }

    static GenericKubernetesResource vm(VmSeed seed) {
        List<Map<String, Object>> interfaces = new ArrayList<>();
        for (int i = 0; i < seed.macs().size(); i++) {
            interfaces.add(Map.of("name", i == 0 ? "default" : "nic" + i, "bridge", Map.of(),
                    "macAddress", seed.macs().get(i)));
        }
        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("cpu", Map.of("sockets", 1, "cores", seed.cpus(), "threads", 1));
        domain.put("memory", Map.of("guest", seed.memory()));
        domain.put("firmware", Map.of("uuid", java.util.UUID.nameUUIDFromBytes(seed.name().getBytes()).toString(),
                "serial", "SN-" + seed.name()));
        domain.put("devices", Map.of("disks", List.of(Map.of("name", "rootdisk", "disk", Map.of("bus", "virtio"))),
                "interfaces", interfaces));
        Map<String, Object> spec = new LinkedHashMap<>();
        if (seed.runStrategy() != null) {
            spec.put("runStrategy", seed.runStrategy());
        } else {
            spec.put("running", Boolean.TRUE.equals(seed.running()));
        }
        spec.put("template", Map.of(
                "metadata", Map.of("labels", seed.labels()),
                "spec", Map.of("domain", domain,
                        "networks", List.of(Map.of("name", "default", "pod", Map.of())),
                        "volumes", List.of(Map.of("name", "rootdisk",
                                "dataVolume", Map.of("name", seed.name() + "-rootdisk"))))));
        GenericKubernetesResource vm = new GenericKubernetesResource();
        vm.setApiVersion("kubevirt.io/v1");
        vm.setKind("VirtualMachine");
        vm.setMetadata(new ObjectMetaBuilder().withName(seed.name()).withNamespace(seed.namespace())
                .withUid(java.util.UUID.randomUUID().toString()).withLabels(seed.labels()).build());
        vm.setAdditionalProperty("spec", spec);
        vm.setAdditionalProperty("status", Map.of("printableStatus", "Stopped", "created", false, "ready", false));
        return vm;
    }

    @Override
    public void close() {
        kubevirt.close();
        cdi.close();
        clients.forEach(KubernetesClient::close);
        server.shutdown();
    }
}
