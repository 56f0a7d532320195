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
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kubevirtredfish.kubevirt.VmSeed;
import org.kubevirtredfish.kubevirt.model.KubeVirtTimings;
import org.kubevirtredfish.kubevirt.model.RunStrategy;

/**
 * A fabric8 mock API server in CRUD mode on 127.0.0.1 with simulated virt-api (lifecycle subresources and the VM
 * admission webhook), virt-controller and CDI, all following the KubeVirt v1.9.0 / CDI v1.66.0 model of
 * {@code org.kubevirtredfish.kubevirt.model}: a small KubeVirt cluster over real HTTP. {@link #newClient(int)} gives the client a gateway under test uses; the simulators and
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

    /**
     * @param timings          how long KubeVirt's transitions take ({@link KubeVirtTimings#stop}, status steps)
     * @param importStepMillis time between two DataVolume status updates by CDI
     */
    KubeVirtMockCluster(KubeVirtTimings timings, long importStepMillis) {
        dispatcher = new ClusterDispatcher(responses);
        MockStore store = dispatcher.store();
        server = listen(0);
        admin = newClient(10);
        kubevirt = new KubeVirtControllerSimulator(store, timings);
        cdi = new CdiControllerSimulator(store, importStepMillis, kubevirt::dataVolumeChanged);
        VmAdmissionWebhook webhook = new VmAdmissionWebhook(store);
        dispatcher.handle(this::virtApi);
        dispatcher.handle(webhook::admit);
        dispatcher.handle(KubeVirtMockCluster::allowEveryReview);
        dispatcher.handle(this::leaseWrite);
        dispatcher.onCreated(cdi::created);
        dispatcher.onWrite(kubevirt::written);
    }

    private static final Pattern SUBRESOURCE = Pattern.compile(
            "/apis/subresources\\.kubevirt\\.io/v1/namespaces/([^/]+)/(virtualmachines|virtualmachineinstances)/([^/]+)/([a-z]+)");

    /** virt-api: the lifecycle subresources ({@link VirtApiSimulator}). */
    private MockResponse virtApi(RecordedRequest request) {
        Matcher m = SUBRESOURCE.matcher(request.getPath().split("\\?")[0]);
        if (!"PUT".equals(request.getMethod()) || !m.matches()) {
            return null;
        }
        String body = new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
        kubevirt.calls.add(m.group(4) + " " + m.group(1) + "/" + m.group(3) + " " + body);
        JsonNode json;
        try {
            json = body.isBlank() ? null : KubeVirtResources.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            return ClusterDispatcher.status(400, "Can not unmarshal Request body to struct, error: " + e.getMessage());
        }
        VirtApiSimulator.Answer answer = kubevirt.lifecycle(m.group(1), m.group(3), m.group(4), json);
        MockResponse response = new MockResponse().setResponseCode(answer.code());
        if (!answer.body().isEmpty()) {
            response.setHeader("Content-Type", "application/json").setBody(answer.body());
        }
        return response;
    }

    private static final Pattern LEASE = Pattern.compile(
            "/apis/coordination\\.k8s\\.io/v1/namespaces/([^/]+)/leases(?:/([^/?]+))?");
    private static final io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext LEASES =
            new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder().withGroup("coordination.k8s.io")
                    .withVersion("v1").withKind("Lease").withPlural("leases").withNamespaced(true).build();

    /**
     * Optimistic concurrency for Leases, which the CRUD mock lacks: an update or a merge patch that names a
     * {@code metadata.resourceVersion} other than the stored one is refused with 409 Conflict, as the API server does
     * (Kubernetes API conventions, "Concurrency Control and Consistency"), and a create of a Lease that exists is
     * refused with 409 AlreadyExists. fabric8's LeaseLock creates, renews and takes over a Lease this way; without
     * these checks two candidates could both win the same Lease.
     */
    private synchronized MockResponse leaseWrite(RecordedRequest request) {
        Matcher m = LEASE.matcher(request.getPath().split("\\?")[0]);
        boolean create = "POST".equals(request.getMethod()) && m.matches() && m.group(2) == null;
        boolean update = ("PATCH".equals(request.getMethod()) || "PUT".equals(request.getMethod())) && m.matches()
                && m.group(2) != null;
        if (!create && !update) {
            return null;
        }
        try {
            JsonNode body = KubeVirtResources.MAPPER.readTree(new String(request.getBody().getBytes(),
                    StandardCharsets.UTF_8));
            String name = create ? body.path("metadata").path("name").asText() : m.group(2);
            JsonNode stored = dispatcher.store().get(LEASES, m.group(1), name);
            if (create && stored != null) {
                return ClusterDispatcher.status(409, "leases.coordination.k8s.io \"" + name + "\" already exists");
            }
            String wanted = body.path("metadata").path("resourceVersion").asText(null);
            if (wanted != null && stored != null
                    && !wanted.equals(stored.path("metadata").path("resourceVersion").asText())) {
                return ClusterDispatcher.status(409, "Operation cannot be fulfilled on leases.coordination.k8s.io \""
                        + name + "\": the object has been modified; please apply your changes to the latest "
                        + "version and try again");
            }
        } catch (java.io.IOException | RuntimeException unreadable) {
            return null;
        }
        return dispatcher.crud(request);
    }

    /**
     * Without an authorizer every identity may do everything: a SelfSubjectAccessReview is answered allowed (the CRUD
     * mock would store it without a status).
     */
    private static MockResponse allowEveryReview(RecordedRequest request) {
        if (!"POST".equals(request.getMethod())
                || !request.getPath().startsWith("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.node.ObjectNode review = (com.fasterxml.jackson.databind.node.ObjectNode)
                    KubeVirtResources.MAPPER.readTree(request.getUtf8Body());
            review.putObject("status").put("allowed", true);
            return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
                    .setBody(review.toString());
        } catch (java.io.IOException e) {
            return ClusterDispatcher.status(400, e.getMessage());
        }
    }

    /**
     * From now on requests with the ServiceAccount's token ({@link #serviceAccountClient}) are authorized by this
     * ClusterRole; the admin client and the simulated controllers are not.
     */
    void enforce(ClusterRoleAuthorizer authorizer) {
        dispatcher.guard(authorizer::authorize);
    }

    /** A client as {@link #newClient} that authenticates as the service's ServiceAccount. */
    KubernetesClient serviceAccountClient(int timeoutSeconds) {
        Config base = new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl()).withNamespace("default")
                .withHttp2Disable(true).withWatchReconnectInterval(100).withWatchReconnectLimit(-1)
                .withRequestRetryBackoffLimit(0).withOauthToken(ClusterRoleAuthorizer.TOKEN).build();
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(KubernetesClientFactory.config(base, timeoutSeconds, false))
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
        clients.add(client);
        return client;
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
        return newClient(timeoutSeconds, new ApiCallMeter());
    }

    /** The same, its calls measured by {@code meter} as KubernetesClientFactory installs it. */
    KubernetesClient newClient(int timeoutSeconds, ApiCallMeter meter) {
        Config base = new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl()).withNamespace("default")
                .withHttp2Disable(true).withWatchReconnectInterval(100).withWatchReconnectLimit(-1)
                .withRequestRetryBackoffLimit(0).build();
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(KubernetesClientFactory.config(base, timeoutSeconds, false))
                .withHttpClientFactory(new JdkHttpClientFactory())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(ApiCallMeter.NAME, meter)).build();
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

    /**
     * A PersistentVolumeClaim as the cluster shows it once bound: {@code status.phase} Bound and
     * {@code status.capacity.storage} (the seeds' root disks are on DataVolume {@code <vm>-rootdisk}, whose claim CDI
     * gives the DataVolume's name).
     */
    void claim(String namespace, String name, String capacity, boolean bound) {
        io.fabric8.kubernetes.api.model.PersistentVolumeClaim pvc = new io.fabric8.kubernetes.api.model
                .PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity(capacity)).endResources()
                .endSpec().build();
        if (bound) {
            pvc.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder().withPhase("Bound")
                    .addToCapacity("storage", new io.fabric8.kubernetes.api.model.Quantity(capacity)).build());
        } else {
            pvc.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder().withPhase("Pending")
                    .build());
        }
        admin.persistentVolumeClaims().inNamespace(namespace).resource(pvc).create();
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
        // the VM mutating webhook fills in the cluster's default architecture (KubeVirt v1.9.0 pkg/defaults/defaults.go,
        // SetVirtualMachineDefaults and setDefaultArchitecture); amd64 here
        spec.put("template", Map.of(
                "metadata", Map.of("labels", seed.labels()),
                "spec", Map.of("domain", domain, "architecture", "amd64",
                        "networks", List.of(Map.of("name", "default", "pod", Map.of())),
                        "volumes", List.of(Map.of("name", "rootdisk",
                                "dataVolume", Map.of("name", seed.name() + "-rootdisk"))))));
        GenericKubernetesResource vm = new GenericKubernetesResource();
        vm.setApiVersion("kubevirt.io/v1");
        vm.setKind("VirtualMachine");
        vm.setMetadata(new ObjectMetaBuilder().withName(seed.name()).withNamespace(seed.namespace())
                .withUid(java.util.UUID.randomUUID().toString()).withLabels(seed.labels()).build());
        vm.setAdditionalProperty("spec", spec);
        // the status virt-controller writes for a new VM that is not set to run, so that seeding causes no status write
        RunStrategy effective = RunStrategy.of(seed.runStrategy(), seed.runStrategy() == null
                ? Boolean.TRUE.equals(seed.running()) : null);
        vm.setAdditionalProperty("status", Map.of("printableStatus", "Stopped", "created", false, "ready", false,
                "runStrategy", effective.name()));
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
