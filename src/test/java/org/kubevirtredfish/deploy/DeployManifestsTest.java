package org.kubevirtredfish.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the kustomize manifests under deploy/ (rendered with {@code kubectl kustomize}, as users
 * and {@code oc apply -k} do) against the names of the public documentation and against our own
 * rules (least privilege, restricted-v2, probes), and the Containerfile offline.
 *
 * <p>kubectl is required: without it the test fails rather than skips. CI installs Debian's
 * {@code kubernetes-client} (kubectl 1.20, kustomize v2.0.3); newer kubectl renders the same.
 * {@code KUBECTL} in the environment names another binary.
 */
class DeployManifestsTest {

    static final String NS = "kubevirt-redfish";
    static final String BASE = "deploy";
    static final String OVERLAY = "deploy/overlays/example";
    static final String POD_TLS = "deploy/overlays/pod-tls";
    /** The manifests of the OpenShift procedure "Install KubeVirt Redfish", vendored with their license. */
    static final String PROCEDURE = "src/test/resources/third-party/openshift-docs-538041fc/manifests";

    /**
     * Everything the service does with the Kubernetes API, as (apiGroup, resource, verb). The
     * ClusterRole must grant exactly these: each one is needed by the code, nothing else is
     * granted. Keep in step with the gateway implementation.
     */
    static final List<Rule> REQUIRED_RULES = List.of(
            // informer cache of VMs; boot order, virtual media CD-ROM disk and annotations by patch
            new Rule("kubevirt.io", "virtualmachines", "get"),
            new Rule("kubevirt.io", "virtualmachines", "list"),
            new Rule("kubevirt.io", "virtualmachines", "watch"),
            new Rule("kubevirt.io", "virtualmachines", "patch"),
            // power state, MACs, boot device of the running instance
            new Rule("kubevirt.io", "virtualmachineinstances", "get"),
            new Rule("kubevirt.io", "virtualmachineinstances", "list"),
            new Rule("kubevirt.io", "virtualmachineinstances", "watch"),
            // boot mode and secure boot a VM gets from its preference (read when nothing else tells them)
            new Rule("instancetype.kubevirt.io", "virtualmachinepreferences", "get"),
            new Rule("instancetype.kubevirt.io", "virtualmachineclusterpreferences", "get"),
            // ComputerSystem.Reset: PUT on subresources
            new Rule("subresources.kubevirt.io", "virtualmachines/start", "update"),
            new Rule("subresources.kubevirt.io", "virtualmachines/stop", "update"),
            new Rule("subresources.kubevirt.io", "virtualmachines/restart", "update"),
            new Rule("subresources.kubevirt.io", "virtualmachineinstances/pause", "update"),
            new Rule("subresources.kubevirt.io", "virtualmachineinstances/unpause", "update"),
            // virtual media import
            new Rule("cdi.kubevirt.io", "datavolumes", "get"),
            new Rule("cdi.kubevirt.io", "datavolumes", "list"),
            new Rule("cdi.kubevirt.io", "datavolumes", "watch"),
            new Rule("cdi.kubevirt.io", "datavolumes", "create"),
            new Rule("cdi.kubevirt.io", "datavolumes", "delete"),
            // the PVC of a media DataVolume that CDI garbage-collected after its import
            new Rule("", "persistentvolumeclaims", "get"),
            // the capacities of the VMs' disks (Storage drives and volumes): the claim informer
            new Rule("", "persistentvolumeclaims", "list"),
            new Rule("", "persistentvolumeclaims", "watch"));

    record Rule(String apiGroup, String resource, String verb) {
        @Override
        public String toString() {
            return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + ":" + verb;
        }
    }

    static final Set<String> PROBE_PATHS = Set.of("/health/started", "/health/live", "/health/ready", "/redfish/v1/");
    static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}$");
    static final String WAR = "target/kubevirt-redfish.war";
    /** The BELL library that liberty/server.xml loads from /config/lib (the 405 on mpOpenAPI's other methods). */
    static final String LIBERTY_JAR = "target/kubevirt-redfish-liberty.jar";
    static final String IMAGE = "quay.io/kubevirt-redfish/kubevirt-redfish";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, List<JsonNode>> RENDERED = new HashMap<>();

    // ---------------------------------------------------------------- rendering

    static Path projectDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    static String kubectl() {
        String k = System.getenv("KUBECTL");
        return k == null || k.isBlank() ? "kubectl" : k;
    }

    /** {@code kubectl kustomize dir}, parsed into its documents; cached per directory. */
    static synchronized List<JsonNode> render(String dir) {
        return RENDERED.computeIfAbsent(dir, DeployManifestsTest::doRender);
    }

    private static List<JsonNode> doRender(String dir) {
        String out;
        File err = null;
        try {
            err = File.createTempFile("kustomize", ".err");
            ProcessBuilder pb = new ProcessBuilder(kubectl(), "kustomize", dir)
                    .directory(projectDir().toFile())
                    .redirectError(err);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return fail("kubectl is required to check deploy/ and was not found (" + e.getMessage()
                        + "). Install it: apt-get install -y kubernetes-client (Debian), or set KUBECTL");
            }
            p.getOutputStream().close();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return fail("kubectl kustomize " + dir + " did not finish in 120 s");
            }
            String stderr = Files.readString(err.toPath());
            assertEquals(0, p.exitValue(), "kubectl kustomize " + dir + " failed: " + stderr);
        } catch (IOException e) {
            return fail("kubectl kustomize " + dir + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        } finally {
            if (err != null) {
                err.delete();
            }
        }
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(out)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && doc.isObject() && doc.has("kind")) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            fail("output of kubectl kustomize " + dir + " is not YAML: " + e);
        }
        assertFalse(docs.isEmpty(), "kubectl kustomize " + dir + " rendered nothing");
        return docs;
    }

    static JsonNode find(List<JsonNode> docs, String kind, String name) {
        List<JsonNode> found = docs.stream()
                .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText()))
                .toList();
        assertEquals(1, found.size(), "exactly one " + kind + " " + name + " expected, found " + found.size());
        return found.get(0);
    }

    static JsonNode deployment(String dir) {
        return find(render(dir), "Deployment", NS);
    }

    static JsonNode container(String dir) {
        JsonNode containers = deployment(dir).path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size(), "one container expected");
        return containers.get(0);
    }

    static Map<String, String> map(JsonNode node) {
        Map<String, String> m = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** The value of a Secret key, from stringData or (base64) data. */
    static String secretValue(JsonNode secret, String key) {
        JsonNode plain = secret.path("stringData").get(key);
        if (plain != null) {
            return plain.asText();
        }
        JsonNode encoded = secret.path("data").get(key);
        return encoded == null ? null
                : new String(Base64.getMimeDecoder().decode(encoded.asText()), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- names

    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY, POD_TLS})
    void documentedResourcesExist(String dir) {
        List<JsonNode> docs = render(dir);
        find(docs, "Namespace", NS);
        find(docs, "ClusterRole", "kubevirt-redfish-role");
        find(docs, "ClusterRoleBinding", "kubevirt-redfish-binding");
        for (String[] kn : new String[][] {{"ServiceAccount", NS}, {"Secret", "kubevirt-redfish-secret"},
                {"Deployment", NS}, {"Service", NS}, {"Route", NS}}) {
            JsonNode r = find(docs, kn[0], kn[1]);
            assertEquals(NS, r.path("metadata").path("namespace").asText(), kn[0] + " " + kn[1] + " namespace");
        }
        for (JsonNode d : docs) {
            assertEquals(NS, d.path("metadata").path("labels").path("app.kubernetes.io/name").asText(),
                    d.path("kind").asText() + " " + d.path("metadata").path("name").asText()
                            + " lacks app.kubernetes.io/name: " + NS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY, POD_TLS})
    void bindingGivesTheRoleToTheServiceAccount(String dir) {
        JsonNode b = find(render(dir), "ClusterRoleBinding", "kubevirt-redfish-binding");
        assertEquals("ClusterRole", b.path("roleRef").path("kind").asText());
        assertEquals("kubevirt-redfish-role", b.path("roleRef").path("name").asText());
        assertEquals(1, b.path("subjects").size(), "one subject");
        JsonNode s = b.path("subjects").get(0);
        assertEquals("ServiceAccount", s.path("kind").asText());
        assertEquals(NS, s.path("name").asText());
        assertEquals(NS, s.path("namespace").asText());
        assertEquals(NS, deployment(dir).path("spec").path("template").path("spec").path("serviceAccountName").asText());
    }

    /** The service UUID's ConfigMap: get of that one name and create, in the service's own namespace only. */
    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY})
    void theInstallationUuidRoleGrantsOnlyItsConfigMap(String dir) {
        List<JsonNode> docs = render(dir);
        JsonNode role = find(docs, "Role", org.kubevirtredfish.kubevirt.fabric8.InstallationUuid.NAME);
        assertEquals(NS, role.path("metadata").path("namespace").asText());
        Set<String> grants = new java.util.TreeSet<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode verb : rule.path("verbs")) {
                grants.add(rule.path("apiGroups").get(0).asText() + "/" + rule.path("resources").get(0).asText() + " "
                        + verb.asText() + " " + rule.path("resourceNames"));
                assertEquals(1, rule.path("resources").size());
            }
        }
        assertEquals(Set.of("/configmaps get [\"" + org.kubevirtredfish.kubevirt.fabric8.InstallationUuid.NAME
                + "\"]", "/configmaps create "), grants);
        JsonNode binding = find(docs, "RoleBinding", org.kubevirtredfish.kubevirt.fabric8.InstallationUuid.NAME);
        assertEquals("Role", binding.path("roleRef").path("kind").asText());
        assertEquals(org.kubevirtredfish.kubevirt.fabric8.InstallationUuid.NAME,
                binding.path("roleRef").path("name").asText());
        assertEquals(NS, binding.path("subjects").get(0).path("name").asText());
        assertEquals(NS, binding.path("subjects").get(0).path("namespace").asText());
    }

    /** Event subscriptions' Secrets: list, watch, create and delete of Secrets, in the service's own namespace only. */
    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY})
    void theEventSubscriptionRoleGrantsOnlySecretsOfItsNamespace(String dir) {
        List<JsonNode> docs = render(dir);
        JsonNode role = find(docs, "Role", "kubevirt-redfish-event-subscriptions");
        assertEquals(NS, role.path("metadata").path("namespace").asText());
        Set<String> grants = new java.util.TreeSet<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode verb : rule.path("verbs")) {
                grants.add(rule.path("apiGroups").get(0).asText() + "/" + rule.path("resources").get(0).asText() + " "
                        + verb.asText());
                assertEquals(1, rule.path("resources").size());
            }
        }
        assertEquals(Set.of("/secrets list", "/secrets watch", "/secrets create", "/secrets delete"), grants);
        JsonNode binding = find(docs, "RoleBinding", "kubevirt-redfish-event-subscriptions");
        assertEquals("kubevirt-redfish-event-subscriptions", binding.path("roleRef").path("name").asText());
        assertEquals(NS, binding.path("subjects").get(0).path("namespace").asText());
    }

    /** The sessions' ConfigMaps: list, watch, create, update and delete, in the service's own namespace only. */
    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY})
    void theSessionsRoleGrantsOnlyConfigMapsOfItsNamespace(String dir) {
        List<JsonNode> docs = render(dir);
        JsonNode role = find(docs, "Role", "kubevirt-redfish-sessions");
        assertEquals(NS, role.path("metadata").path("namespace").asText());
        Set<String> grants = new java.util.TreeSet<>();
        for (JsonNode rule : role.path("rules")) {
            assertFalse(rule.has("resourceNames"));
            for (JsonNode verb : rule.path("verbs")) {
                grants.add(rule.path("apiGroups").get(0).asText() + "/" + rule.path("resources").get(0).asText() + " "
                        + verb.asText());
                assertEquals(1, rule.path("resources").size());
                assertEquals(1, rule.path("apiGroups").size());
            }
        }
        assertEquals(Set.of("/configmaps list", "/configmaps watch", "/configmaps create", "/configmaps update",
                "/configmaps delete"), grants);
        JsonNode binding = find(docs, "RoleBinding", "kubevirt-redfish-sessions");
        assertEquals("Role", binding.path("roleRef").path("kind").asText());
        assertEquals("kubevirt-redfish-sessions", binding.path("roleRef").path("name").asText());
        assertEquals(NS, binding.path("metadata").path("namespace").asText());
        assertEquals(NS, binding.path("subjects").get(0).path("name").asText());
        assertEquals(NS, binding.path("subjects").get(0).path("namespace").asText());
    }

    // ---------------------------------------------------------------- workload

    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY, POD_TLS})
    void selectorsMatchPodLabels(String dir) {
        JsonNode dep = deployment(dir);
        Map<String, String> podLabels = map(dep.path("spec").path("template").path("metadata").path("labels"));
        Map<String, String> depSelector = map(dep.path("spec").path("selector").path("matchLabels"));
        assertFalse(depSelector.isEmpty(), "Deployment selector is empty");
        assertTrue(podLabels.entrySet().containsAll(depSelector.entrySet()),
                "Deployment selector " + depSelector + " does not match pod labels " + podLabels);
        assertFalse(dep.path("spec").path("selector").has("matchExpressions"), "use matchLabels only");
        Map<String, String> svcSelector = map(find(render(dir), "Service", NS).path("spec").path("selector"));
        assertFalse(svcSelector.isEmpty(), "Service selector is empty");
        assertTrue(podLabels.entrySet().containsAll(svcSelector.entrySet()),
                "Service selector " + svcSelector + " does not match pod labels " + podLabels);
        assertEquals(NS, podLabels.get("app.kubernetes.io/name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY})
    void portsServiceAndRoute(String dir) {
        JsonNode http = null;
        for (JsonNode p : container(dir).path("ports")) {
            if ("http".equals(p.path("name").asText())) {
                http = p;
            }
        }
        assertNotNull(http, "container port named http");
        assertEquals(8443, http.path("containerPort").asInt());

        JsonNode svcPorts = find(render(dir), "Service", NS).path("spec").path("ports");
        assertEquals(2, svcPorts.size(), "Service ports http and metrics");
        JsonNode sp = svcPorts.get(0);
        JsonNode metrics = svcPorts.get(1);
        assertEquals("metrics", metrics.path("name").asText());
        assertEquals(9443, metrics.path("port").asInt());
        assertEquals("metrics", metrics.path("targetPort").asText());
        assertTrue(java.util.stream.StreamSupport.stream(container(dir).path("ports").spliterator(), false)
                .anyMatch(p -> "metrics".equals(p.path("name").asText()) && p.path("containerPort").asInt() == 9443),
                "container port metrics 9443 (liberty/metrics/https.xml)");
        assertEquals("http", sp.path("name").asText());
        assertEquals(8443, sp.path("port").asInt());
        String target = sp.path("targetPort").asText();
        assertTrue(target.equals("http") || target.equals("8443"), "Service targetPort " + target);

        find(render(dir), "Route", NS);
        List<JsonNode> routes = routes(dir);
        for (JsonNode r : routes) {
            String name = r.path("metadata").path("name").asText();
            JsonNode route = r.path("spec");
            assertEquals("Service", route.path("to").path("kind").asText(), "Route " + name);
            assertEquals(NS, route.path("to").path("name").asText(), "Route " + name);
            assertFalse(route.has("alternateBackends"), "Route " + name + " has one backend");
            String routePort = route.path("port").path("targetPort").asText();
            assertTrue(routePort.equals("http") || routePort.equals("8443"), "Route " + name + " targetPort " + routePort);
            assertEquals("edge", route.path("tls").path("termination").asText(), "Route " + name);
            assertEquals("Redirect", route.path("tls").path("insecureEdgeTerminationPolicy").asText(), "Route " + name);
        }
    }

    static List<JsonNode> routes(String dir) {
        return render(dir).stream().filter(d -> "Route".equals(d.path("kind").asText())).toList();
    }

    /** Paths a Route may forward: the Redfish API and the OpenAPI document with its UI. */
    static final Set<String> PUBLISHED_PATHS = Set.of("/redfish", "/openapi");

    /**
     * /health/* answers without credentials (the probes send none) and /metrics belongs to Prometheus: no Route
     * may forward them. A Route without {@code path} forwards everything, so every
     * Route must name one of {@link #PUBLISHED_PATHS}, which are prefixes of neither.
     */
    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY, POD_TLS})
    void routesPublishOnlyRedfishAndOpenapi(String dir) {
        Map<String, String> pathOf = new HashMap<>();
        Set<String> hosts = new HashSet<>();
        for (JsonNode r : routes(dir)) {
            String name = r.path("metadata").path("name").asText();
            String path = r.path("spec").path("path").asText("");
            assertTrue(PUBLISHED_PATHS.contains(path),
                    "Route " + name + " must have spec.path /redfish or /openapi, not '" + path + "'");
            for (String internal : List.of("/metrics", "/health", "/health/ready")) {
                assertFalse(internal.startsWith(path), "Route " + name + " publishes " + internal);
            }
            pathOf.put(name, path);
            hosts.add(r.path("spec").path("host").asText(""));
        }
        assertEquals(Map.of(NS, "/redfish", NS + "-openapi", "/openapi"), pathOf,
                "Routes kubevirt-redfish (/redfish) and kubevirt-redfish-openapi (/openapi)");
        assertEquals(1, hosts.size(), "both Routes have the same spec.host (or neither has one): " + hosts);
    }

    /** The overlay's optional ServiceMonitor scrapes /metrics from the Service's metrics port, with credentials. */
    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY})
    void serviceMonitorScrapesMetricsOfTheService(String dir) {
        List<JsonNode> monitors = render(dir).stream()
                .filter(d -> "ServiceMonitor".equals(d.path("kind").asText())).toList();
        if (dir.equals(BASE)) {
            assertTrue(monitors.isEmpty(), "the base needs no monitoring CRDs");
            return;
        }
        assertEquals(1, monitors.size(), "one ServiceMonitor in the example overlay");
        JsonNode sm = monitors.get(0);
        assertEquals("monitoring.coreos.com/v1", sm.path("apiVersion").asText());
        assertEquals(NS, sm.path("metadata").path("namespace").asText());
        JsonNode service = find(render(dir), "Service", NS);
        Map<String, String> serviceLabels = map(service.path("metadata").path("labels"));
        Map<String, String> selector = map(sm.path("spec").path("selector").path("matchLabels"));
        assertFalse(selector.isEmpty(), "ServiceMonitor selector");
        assertTrue(serviceLabels.entrySet().containsAll(selector.entrySet()),
                "ServiceMonitor selector " + selector + " does not match Service labels " + serviceLabels);
        assertEquals(1, sm.path("spec").path("endpoints").size(), "one endpoint");
        JsonNode endpoint = sm.path("spec").path("endpoints").get(0);
        assertEquals("metrics", endpoint.path("port").asText());
        assertEquals("/metrics", endpoint.path("path").asText());
        assertEquals("https", endpoint.path("scheme").asText());
        JsonNode secret = find(render(dir), "Secret", "kubevirt-redfish-metrics");
        assertEquals("kubevirt-redfish-metrics", endpoint.at("/basicAuth/password/name").asText());
        assertEquals("metrics", secretValue(secret, endpoint.at("/basicAuth/username/key").asText()));
        String env = container(dir).path("env").toString();
        assertTrue(env.contains("\"METRICS_PASSWORD\"") && env.contains("kubevirt-redfish-metrics"), env);
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY})
    void deploymentAsDocumented(String dir) {
        JsonNode dep = deployment(dir);
        assertEquals(2, dep.path("spec").path("replicas").asInt(), "replicas (the procedure runs one; see highAvailability)");
        JsonNode c = container(dir);
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : c.path("env")) {
            env.put(e.path("name").asText(), e.path("value").asText());
        }
        assertEquals("/app/config/config.yaml", env.get("CONFIG_PATH"));
        assertEquals("info", env.get("LOG_LEVEL"));

        JsonNode configMount = mountAt(c, "/app/config");
        assertNotNull(configMount, "volume mounted at /app/config");
        assertTrue(configMount.path("readOnly").asBoolean(), "/app/config is mounted read-only");
        JsonNode volume = volume(dep, configMount.path("name").asText());
        assertEquals("kubevirt-redfish-secret", volume.path("secret").path("secretName").asText(),
                "/app/config is the Secret kubevirt-redfish-secret");
        JsonNode items = volume.path("secret").path("items");
        if (!items.isMissingNode() && items.size() > 0) {
            boolean configYaml = false;
            for (JsonNode i : items) {
                configYaml |= i.path("key").asText().equals("config.yaml") && i.path("path").asText().equals("config.yaml");
            }
            assertTrue(configYaml, "the Secret's config.yaml appears as /app/config/config.yaml");
        }

        JsonNode res = c.path("resources");
        assertEquals("512Mi", res.path("requests").path("memory").asText());
        assertEquals("100m", res.path("requests").path("cpu").asText());
        assertEquals("2Gi", res.path("limits").path("memory").asText());
        assertEquals("500m", res.path("limits").path("cpu").asText());
    }

    /**
     * Two replicas that never both go away: a rollout surges a new pod before it stops an old one, a node drain is
     * held by the PodDisruptionBudget, the pods prefer different nodes (preferred only: a one-node cluster still
     * schedules both), and a stopping pod gets time for its preStop pause plus Liberty's quiesce (30 s). Each pod
     * knows its own name for the reconciler Lease.
     */
    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY, POD_TLS})
    void highAvailability(String dir) {
        List<JsonNode> docs = render(dir);
        JsonNode dep = find(docs, "Deployment", NS);
        JsonNode spec = dep.path("spec");
        assertEquals(2, spec.path("replicas").asInt());
        assertEquals("RollingUpdate", spec.at("/strategy/type").asText());
        assertEquals(0, spec.at("/strategy/rollingUpdate/maxUnavailable").asInt(-1), "maxUnavailable 0");
        assertTrue(spec.at("/strategy/rollingUpdate/maxSurge").asInt(0) >= 1, "a new pod starts first");

        JsonNode pdb = find(docs, "PodDisruptionBudget", NS);
        assertEquals("policy/v1", pdb.path("apiVersion").asText());
        assertEquals(NS, pdb.at("/metadata/namespace").asText());
        assertEquals(1, pdb.at("/spec/minAvailable").asInt());
        assertEquals(spec.at("/selector/matchLabels"), pdb.at("/spec/selector/matchLabels"), "the PDB selects the pods");

        JsonNode pod = spec.at("/template/spec");
        JsonNode anti = pod.at("/affinity/podAntiAffinity");
        assertTrue(anti.path("requiredDuringSchedulingIgnoredDuringExecution").isMissingNode(),
                "required anti-affinity would leave the second pod pending on a one-node cluster");
        JsonNode term = anti.at("/preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm");
        assertEquals("kubernetes.io/hostname", term.path("topologyKey").asText());
        Map<String, String> podLabels = map(spec.at("/template/metadata/labels"));
        assertTrue(podLabels.entrySet().containsAll(map(term.at("/labelSelector/matchLabels")).entrySet()),
                "the anti-affinity selects this Deployment's pods");

        JsonNode c = container(dir);
        JsonNode preStop = c.at("/lifecycle/preStop/exec/command");
        java.util.regex.Matcher sleep = Pattern.compile("sleep (\\d+)$").matcher(preStop.path(preStop.size() - 1).asText());
        assertTrue(sleep.find(), "preStop pause: " + preStop);
        int pause = Integer.parseInt(sleep.group(1));
        assertTrue(pause > 0 && pod.path("terminationGracePeriodSeconds").asInt() >= pause + 30,
                "grace period covers the pause and Liberty's 30 s quiesce");
        boolean podName = false;
        for (JsonNode e : c.path("env")) {
            podName |= e.path("name").asText().equals("POD_NAME")
                    && e.at("/valueFrom/fieldRef/fieldPath").asText().equals("metadata.name");
        }
        assertTrue(podName, "POD_NAME from the downward API: " + c.path("env"));
    }

    /** The reconciler Lease: get and patch of that one name, create, in the service's own namespace only. */
    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY, POD_TLS})
    void theLeaderElectionRoleGrantsOnlyTheLease(String dir) {
        List<JsonNode> docs = render(dir);
        JsonNode role = find(docs, "Role", "kubevirt-redfish-leader-election");
        assertEquals(NS, role.path("metadata").path("namespace").asText());
        Set<String> grants = new java.util.TreeSet<>();
        for (JsonNode rule : role.path("rules")) {
            assertEquals(1, rule.path("resources").size());
            for (JsonNode verb : rule.path("verbs")) {
                grants.add(rule.path("apiGroups").get(0).asText() + "/" + rule.path("resources").get(0).asText() + " "
                        + verb.asText() + " " + rule.path("resourceNames"));
            }
        }
        String name = "[\"" + org.kubevirtredfish.kubevirt.fabric8.ReconcilerLease.Settings.DEFAULT_NAME + "\"]";
        assertEquals(Set.of("coordination.k8s.io/leases get " + name, "coordination.k8s.io/leases patch " + name,
                "coordination.k8s.io/leases create "), grants);
        JsonNode binding = find(docs, "RoleBinding", "kubevirt-redfish-leader-election");
        assertEquals("Role", binding.at("/roleRef/kind").asText());
        assertEquals("kubevirt-redfish-leader-election", binding.at("/roleRef/name").asText());
        assertEquals(NS, binding.at("/subjects/0/name").asText());
        assertEquals(NS, binding.at("/subjects/0/namespace").asText());
    }

    /**
     * A pod being deleted drains: the preStop hook creates the file whose existence turns readiness false
     * (SHUTDOWN_DRAIN_FILE, ShutdownReadiness) and waits longer than the readiness probe takes to fail; the grace
     * period covers that wait plus Liberty's quiesce (30 s at most, server stop) so that requests in flight finish.
     */
    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY, POD_TLS})
    void aDeletedPodTurnsUnreadyBeforeItStopsAndFinishesItsRequests(String dir) {
        JsonNode c = container(dir);
        String drainFile = null;
        for (JsonNode e : c.path("env")) {
            if (e.path("name").asText().equals("SHUTDOWN_DRAIN_FILE")) {
                drainFile = e.path("value").asText();
            }
        }
        assertNotNull(drainFile, "SHUTDOWN_DRAIN_FILE");
        assertTrue(drainFile.startsWith("/tmp/"), "on the writable /tmp volume: " + drainFile);
        List<String> command = texts(c.at("/lifecycle/preStop/exec/command"));
        assertEquals(3, command.size(), "sh -c script: " + command);
        java.util.regex.Matcher script = Pattern.compile("touch (\\S+) && sleep (\\d+)").matcher(command.get(2));
        assertTrue(script.matches(), command.get(2));
        assertEquals(drainFile, script.group(1));
        int sleep = Integer.parseInt(script.group(2));
        JsonNode readiness = c.path("readinessProbe");
        int unreadyWithin = readiness.path("periodSeconds").asInt(10) * readiness.path("failureThreshold").asInt(3);
        assertTrue(sleep > unreadyWithin, "preStop waits " + sleep + " s, readiness fails within " + unreadyWithin);
        int grace = deployment(dir).at("/spec/template/spec/terminationGracePeriodSeconds").asInt(30);
        assertTrue(grace >= sleep + 30, "grace " + grace + " s covers preStop " + sleep + " s + quiesce 30 s");
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY})
    void probes(String dir) {
        JsonNode c = container(dir);
        Map<String, String> expected = Map.of(
                "startupProbe", "/health/started", "livenessProbe", "/health/live", "readinessProbe", "/health/ready");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = c.path(probe).path("httpGet");
            assertFalse(get.isMissingNode(), probe + " is an httpGet probe");
            String path = get.path("path").asText();
            assertTrue(PROBE_PATHS.contains(path), probe + " path " + path + " is not one of " + PROBE_PATHS);
            assertTrue(path.equals(expected.get(probe)) || path.equals("/redfish/v1/"),
                    probe + " should use " + expected.get(probe) + ", not " + path);
            String port = get.path("port").asText();
            assertTrue(port.equals("http") || port.equals("8443"), probe + " port " + port);
            assertFalse(get.has("httpHeaders"), probe + " sends no credentials");
            assertTrue(get.path("scheme").isMissingNode() || get.path("scheme").asText().equals("HTTP"),
                    probe + " speaks plain HTTP");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY, POD_TLS})
    void restrictedSecurityContext(String dir) {
        JsonNode dep = deployment(dir);
        JsonNode podSpec = dep.path("spec").path("template").path("spec");
        JsonNode pod = podSpec.path("securityContext");
        JsonNode sc = container(dir).path("securityContext");
        assertTrue(pod.path("runAsNonRoot").asBoolean() || sc.path("runAsNonRoot").asBoolean(), "runAsNonRoot");
        assertFalse(pod.path("runAsNonRoot").isBoolean() && !pod.path("runAsNonRoot").asBoolean(), "pod runAsNonRoot false");
        assertFalse(sc.path("runAsNonRoot").isBoolean() && !sc.path("runAsNonRoot").asBoolean(), "container runAsNonRoot false");
        assertTrue(sc.path("allowPrivilegeEscalation").isBoolean() && !sc.path("allowPrivilegeEscalation").asBoolean(),
                "allowPrivilegeEscalation: false");
        assertFalse(sc.path("privileged").asBoolean(), "not privileged");
        List<String> drop = new ArrayList<>();
        sc.path("capabilities").path("drop").forEach(n -> drop.add(n.asText()));
        assertTrue(drop.contains("ALL"), "capabilities drop ALL");
        assertTrue(sc.path("capabilities").path("add").isMissingNode() || sc.path("capabilities").path("add").isEmpty(),
                "no capabilities added");
        String seccomp = sc.path("seccompProfile").path("type").asText(pod.path("seccompProfile").path("type").asText());
        assertEquals("RuntimeDefault", seccomp, "seccompProfile RuntimeDefault");
        assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), "readOnlyRootFilesystem");
        // restricted-v2 picks the UID; a fixed 0 would be root anyway
        for (JsonNode ctx : List.of(pod, sc)) {
            assertFalse(ctx.has("runAsUser") && ctx.path("runAsUser").asLong() == 0, "runAsUser 0");
        }
        for (String flag : List.of("hostNetwork", "hostPID", "hostIPC")) {
            assertFalse(podSpec.path(flag).asBoolean(), flag);
        }
        for (JsonNode v : podSpec.path("volumes")) {
            assertFalse(v.has("hostPath"), "no hostPath volumes");
        }
        for (String path : List.of("/logs", "/opt/ol/wlp/output", "/tmp")) {
            JsonNode m = mountAt(container(dir), path);
            assertNotNull(m, "writable volume at " + path);
            assertFalse(m.path("readOnly").asBoolean(), path + " must be writable");
            assertTrue(volume(dep, m.path("name").asText()).has("emptyDir"), path + " is an emptyDir");
        }
    }

    static JsonNode mountAt(JsonNode container, String path) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (path.equals(m.path("mountPath").asText())) {
                return m;
            }
        }
        return null;
    }

    static JsonNode volume(JsonNode deployment, String name) {
        for (JsonNode v : deployment.path("spec").path("template").path("spec").path("volumes")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        return fail("no volume named " + name);
    }

    // ---------------------------------------------------------------- Secret and config.yaml

    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY})
    void everyReferencedSecretKeyExists(String dir) {
        List<JsonNode> docs = render(dir);
        JsonNode podSpec = deployment(dir).path("spec").path("template").path("spec");
        int references = 0;
        for (JsonNode v : podSpec.path("volumes")) {
            JsonNode s = v.path("secret");
            if (s.isMissingNode()) {
                continue;
            }
            JsonNode secret = find(docs, "Secret", s.path("secretName").asText());
            for (JsonNode item : s.path("items")) {
                assertNotNull(secretValue(secret, item.path("key").asText()),
                        "volume " + v.path("name").asText() + " names key " + item.path("key").asText()
                                + " absent from Secret " + s.path("secretName").asText());
            }
            references++;
        }
        for (JsonNode c : podSpec.path("containers")) {
            for (JsonNode e : c.path("env")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                boolean absentAndOptional = ref.path("optional").asBoolean(false) && docs.stream().noneMatch(
                        d -> "Secret".equals(d.path("kind").asText())
                                && ref.path("name").asText().equals(d.path("metadata").path("name").asText()));
                if (!ref.isMissingNode() && !absentAndOptional) {
                    assertNotNull(secretValue(find(docs, "Secret", ref.path("name").asText()), ref.path("key").asText()),
                            "env " + e.path("name").asText() + " names a missing Secret key");
                    references++;
                }
            }
            for (JsonNode from : c.path("envFrom")) {
                if (from.has("secretRef")) {
                    find(docs, "Secret", from.path("secretRef").path("name").asText());
                    references++;
                }
            }
        }
        assertTrue(references > 0, "the Deployment uses the Secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY, POD_TLS})
    void configYamlIsAValidExample(String dir) throws IOException {
        JsonNode secret = find(render(dir), "Secret", "kubevirt-redfish-secret");
        Set<String> keys = new TreeSet<>();
        secret.path("stringData").fieldNames().forEachRemaining(keys::add);
        secret.path("data").fieldNames().forEachRemaining(keys::add);
        assertEquals(Set.of("config.yaml"), keys, "the Secret holds config.yaml only");
        String text = secretValue(secret, "config.yaml");
        JsonNode config = YAML.readTree(text);
        assertNotNull(config, "config.yaml is empty");
        assertEquals("enhanced", config.path("system_id_convention").asText());
        assertEquals(8443, config.path("server").path("port").asInt(8443), "server.port");

        JsonNode chassis = config.path("chassis");
        assertTrue(chassis.isArray() && chassis.size() > 0, "at least one chassis");
        Set<String> chassisNames = new HashSet<>();
        for (JsonNode c : chassis) {
            String name = c.path("name").asText();
            assertTrue(name.matches("[a-z0-9-]{1,63}"), "chassis name " + name);
            assertTrue(chassisNames.add(name), "chassis name " + name + " unique");
            assertFalse(c.path("namespace").asText().isBlank(), "chassis " + name + " namespace");
            assertEquals("true", c.path("vm_selector").path("labels").path("redfish-enabled").asText(),
                    "chassis " + name + " selects redfish-enabled: \"true\"");
            assertTrue(c.path("vm_selector").path("labels").path("redfish-enabled").isTextual(),
                    "redfish-enabled is the string \"true\"");
        }

        JsonNode users = config.path("authentication").path("users");
        assertTrue(users.isArray() && users.size() > 0, "at least one user");
        for (JsonNode u : users) {
            String name = u.path("username").asText();
            assertTrue(name.matches("[A-Za-z0-9_-]{1,64}"), "username " + name);
            String hash = u.path("password").path("hash").asText();
            assertTrue(BCRYPT.matcher(hash).matches(), "user " + name + " has a bcrypt password.hash, not " + u.path("password"));
            assertTrue(u.path("chassis").size() > 0, "user " + name + " has a chassis");
            u.path("chassis").forEach(c -> assertTrue(chassisNames.contains(c.asText()),
                    "user " + name + " names unknown chassis " + c.asText()));
        }

        JsonNode dv = config.path("datavolume");
        for (String key : List.of("storage_size", "allow_insecure_tls", "vm_update_timeout", "iso_download_timeout")) {
            assertTrue(dv.has(key), "datavolume." + key);
        }
    }

    // ---------------------------------------------------------------- RBAC

    /** Every (apiGroup, resource, verb) the ClusterRole grants; wildcards fail. */
    static Set<Rule> granted(JsonNode role) {
        Set<Rule> rules = new HashSet<>();
        for (JsonNode r : role.path("rules")) {
            assertFalse(r.has("nonResourceURLs"), "no nonResourceURLs");
            assertFalse(r.has("resourceNames") && r.path("resourceNames").size() > 0,
                    "resourceNames would need a review of REQUIRED_RULES");
            List<String> groups = texts(r.path("apiGroups"));
            List<String> resources = texts(r.path("resources"));
            List<String> verbs = texts(r.path("verbs"));
            for (List<String> l : List.of(groups, resources, verbs)) {
                assertFalse(l.stream().anyMatch(s -> s.contains("*")), "wildcard in rule " + r);
                assertFalse(l.isEmpty(), "empty list in rule " + r);
            }
            for (String g : groups) {
                for (String res : resources) {
                    for (String v : verbs) {
                        rules.add(new Rule(g, res, v));
                    }
                }
            }
        }
        return rules;
    }

    static List<String> texts(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY, POD_TLS})
    void clusterRoleIsLeastPrivilege(String dir) {
        Set<Rule> granted = granted(find(render(dir), "ClusterRole", "kubevirt-redfish-role"));
        assertFalse(find(render(dir), "ClusterRole", "kubevirt-redfish-role").has("aggregationRule"), "no aggregation");
        for (Rule r : granted) {
            String base = r.resource().split("/")[0].toLowerCase(Locale.ROOT);
            assertNotEquals("secrets", base, "no access to secrets: " + r);
            assertNotEquals("pods", base, "no access to pods: " + r);
            if (base.equals("persistentvolumeclaims")) {
                assertTrue(Set.of("get", "list", "watch").contains(r.verb()), "no PVC writes: " + r);
            }
        }
        Set<Rule> missing = new TreeSet<>(Comparator.comparing(Rule::toString));
        missing.addAll(REQUIRED_RULES);
        missing.removeAll(granted);
        assertTrue(missing.isEmpty(), "ClusterRole lacks " + missing);
        Set<Rule> extra = new TreeSet<>(Comparator.comparing(Rule::toString));
        extra.addAll(granted);
        REQUIRED_RULES.forEach(extra::remove);
        assertTrue(extra.isEmpty(), "ClusterRole grants more than REQUIRED_RULES: " + extra);
    }

    // ---------------------------------------------------------------- the OpenShift procedure

    /**
     * deploy/ applies over the procedure's resources and they over deploy/: the same kinds and names in the same
     * namespace, identical Deployment and Service selectors (a Deployment's selector is immutable), every label of
     * the procedure's resources, the same container name (apply merges containers by name), port name and number,
     * Secret key and mount path, and a Route with the same name, target port and edge termination.
     */
    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY, POD_TLS})
    void deployAppliesOverTheDocumentedProcedure(String dir) {
        List<JsonNode> ours = render(dir);
        List<JsonNode> procedure = render(PROCEDURE);
        assertEquals(8, procedure.size(), "the procedure's eight resources");
        for (JsonNode theirs : procedure) {
            String kind = theirs.path("kind").asText();
            String name = theirs.path("metadata").path("name").asText();
            JsonNode mine = find(ours, kind, name);
            assertEquals(theirs.path("metadata").path("namespace").asText(""),
                    mine.path("metadata").path("namespace").asText(""), kind + " " + name + " namespace");
            Map<String, String> labels = map(mine.path("metadata").path("labels"));
            assertTrue(labels.entrySet().containsAll(map(theirs.path("metadata").path("labels")).entrySet()),
                    kind + " " + name + " has the procedure's labels " + theirs.path("metadata").path("labels")
                            + ", not only " + labels);
        }
        JsonNode theirDeployment = find(procedure, "Deployment", NS);
        assertEquals(theirDeployment.path("spec").path("selector"), deployment(dir).path("spec").path("selector"),
                "Deployment selector");
        assertEquals(find(procedure, "Service", NS).path("spec").path("selector"),
                find(ours, "Service", NS).path("spec").path("selector"), "Service selector");
        JsonNode theirContainer = theirDeployment.path("spec").path("template").path("spec").path("containers").get(0);
        JsonNode myContainer = container(dir);
        assertEquals(theirContainer.path("name").asText(), myContainer.path("name").asText(), "container name");
        List<JsonNode> myPorts = new ArrayList<>();
        myContainer.path("ports").forEach(myPorts::add);
        // ours may add ports (metrics), never change or drop the procedure's
        theirContainer.path("ports").forEach(port -> assertTrue(myPorts.contains(port),
                "the procedure's container port " + port + " is ours too: " + myPorts));
        assertEquals(theirContainer.path("env"), filtered(myContainer.path("env"), "CONFIG_PATH", "LOG_LEVEL"),
                "CONFIG_PATH and LOG_LEVEL as documented");
        List<String> mounts = new ArrayList<>();
        myContainer.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
        assertTrue(mounts.contains("/app/config"), "the Secret is mounted at /app/config: " + mounts);
        assertTrue(find(ours, "Secret", "kubevirt-redfish-secret").path("stringData").has("config.yaml"),
                "Secret key config.yaml");
        JsonNode theirRoute = find(procedure, "Route", NS);
        JsonNode myRoute = find(ours, "Route", NS);
        assertEquals(theirRoute.path("spec").path("port"), myRoute.path("spec").path("port"), "Route target port");
        assertEquals(theirRoute.path("spec").path("to").path("name"), myRoute.path("spec").path("to").path("name"));
        assertEquals("/redfish", myRoute.path("spec").path("path").asText(), "our Route publishes /redfish only");
    }

    private static JsonNode filtered(JsonNode env, String... names) {
        com.fasterxml.jackson.databind.node.ArrayNode out = YAML.createArrayNode();
        for (String n : names) {
            for (JsonNode e : env) {
                if (n.equals(e.path("name").asText())) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** Its Secret and ours both warn that the credentials control the VMs whatever OpenShift RBAC says. */
    @Test
    void theSecretCarriesTheProceduresWarning() throws IOException {
        String secret = Files.readString(projectDir().resolve("deploy/base/secret.yaml"));
        assertTrue(secret.contains("WARNING: the credentials in this Secret give full control over the VMs"), secret);
        assertTrue(secret.contains("independently of\n# any OpenShift privileges"), "independently of OpenShift RBAC");
        String readme = Files.readString(projectDir().resolve("README.md"));
        assertTrue(readme.contains("control the VMs they expose independently of OpenShift RBAC"),
                "README says so too");
    }

    // ---------------------------------------------------------------- network and monitoring

    static final Set<Map<String, String>> ALLOWED_SOURCES = Set.of(
            Map.of("policy-group.network.openshift.io/ingress", ""),
            Map.of("network.openshift.io/policy-group", "ingress"),
            Map.of("network.openshift.io/policy-group", "monitoring"));

    /** Only the router (both of OpenShift's ingress labels) and monitoring may connect, and only to port http. */
    @ParameterizedTest
    @ValueSource(strings = {BASE, OVERLAY, POD_TLS})
    void networkPolicyAdmitsOnlyTheRouterAndMonitoring(String dir) {
        List<JsonNode> policies = render(dir).stream().filter(d -> "NetworkPolicy".equals(d.path("kind").asText()))
                .toList();
        assertEquals(1, policies.size(), "one NetworkPolicy");
        JsonNode spec = policies.get(0).path("spec");
        Map<String, String> podLabels = map(deployment(dir).path("spec").path("template").path("metadata").path("labels"));
        Map<String, String> selector = map(spec.path("podSelector").path("matchLabels"));
        assertFalse(selector.isEmpty(), "the policy selects the service's pods, not the whole namespace");
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), "podSelector " + selector);
        assertEquals(List.of("Ingress"), texts(spec.path("policyTypes")));
        assertEquals(1, spec.path("ingress").size(), "one ingress rule");
        JsonNode rule = spec.path("ingress").get(0);
        Set<Map<String, String>> sources = new HashSet<>();
        for (JsonNode from : rule.path("from")) {
            assertEquals(List.of("namespaceSelector"), fieldNames(from), "namespace selectors only: " + from);
            assertFalse(from.path("namespaceSelector").has("matchExpressions"));
            sources.add(map(from.path("namespaceSelector").path("matchLabels")));
        }
        assertEquals(ALLOWED_SOURCES, sources);
        assertEquals(1, rule.path("ports").size(), "one port");
        assertEquals("http", rule.path("ports").get(0).path("port").asText());
        assertEquals("TCP", rule.path("ports").get(0).path("protocol").asText());
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * The metric names /metrics exports: every {@code registry.counter/gauge/timer("redfish_...")} of ServiceMetrics,
     * counters with {@code _total}, timers with {@code _seconds} (MicroProfile Metrics 5 naming, see README).
     */
    /** The metric names ServiceMetrics defines (its {@code Metadata} names, without Prometheus' suffixes). */
    static Set<String> exportedMetrics() throws IOException {
        String source = Files.readString(projectDir().resolve(
                "src/main/java/org/kubevirtredfish/health/ServiceMetrics.java"));
        Set<String> names = new TreeSet<>();
        var m = Pattern.compile("(?:help|withName)\\(\"(redfish_[a-z_]+)\"").matcher(source);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertFalse(names.isEmpty(), "ServiceMetrics defines metrics");
        return names;
    }

    /** A name in a PromQL expression without the suffix Prometheus adds to a counter, timer or histogram. */
    static String metricName(String exposed) {
        return exposed.replaceFirst("(_seconds)?(_total|_bucket|_count|_sum|_max)?$", "");
    }

    /** The alerts the issue asks for, each on metrics that exist, with a severity, summary and description. */
    @Test
    void prometheusRuleAlertsOnMetricsThatExist() throws IOException {
        List<JsonNode> rules = render(OVERLAY).stream()
                .filter(d -> "PrometheusRule".equals(d.path("kind").asText())).toList();
        assertEquals(1, rules.size(), "one PrometheusRule in the example overlay");
        assertEquals(NS, rules.get(0).path("metadata").path("namespace").asText());
        Set<String> exported = exportedMetrics();
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group : rules.get(0).path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                alerts.add(alert);
                String expr = rule.path("expr").asText();
                var metric = Pattern.compile("redfish_[a-z_]+").matcher(expr);
                while (metric.find()) {
                    assertTrue(exported.contains(metricName(metric.group())), alert + " uses " + metric.group()
                            + ", which /metrics does not export (" + exported + ")");
                }
                assertTrue(Set.of("critical", "warning").contains(rule.path("labels").path("severity").asText()),
                        alert + " severity");
                assertFalse(rule.path("annotations").path("summary").asText().isBlank(), alert + " summary");
                assertFalse(rule.path("annotations").path("description").asText().isBlank(), alert + " description");
            }
        }
        assertEquals(new TreeSet<>(Set.of("KubeVirtRedfishDown", "KubeVirtRedfishNotReady",
                "KubeVirtRedfishMediaImportsFailing", "KubeVirtRedfishAuthenticationFailures",
                "KubeVirtRedfishKubernetesApiErrors")), alerts);
    }

    /**
     * HTTPS in the pod: the service CA's certificate for the Service's DNS name, probes over HTTPS, re-encrypting
     * Routes, and a ServiceMonitor that scrapes over HTTPS, verifies with the injected service CA and logs in as
     * the metrics user whose password the pod reads from the same Secret.
     */
    @Test
    void podTlsOverlayServesAndIsScrapedOverHttps() {
        List<JsonNode> docs = render(POD_TLS);
        JsonNode service = find(docs, "Service", NS);
        String tlsSecret = service.path("metadata").path("annotations")
                .path("service.beta.openshift.io/serving-cert-secret-name").asText();
        assertFalse(tlsSecret.isEmpty(), "the service CA issues the certificate");
        JsonNode pod = deployment(POD_TLS).path("spec").path("template").path("spec");
        boolean mounted = false;
        for (JsonNode v : pod.path("volumes")) {
            mounted |= tlsSecret.equals(v.path("secret").path("secretName").asText());
        }
        assertTrue(mounted, "the certificate Secret is a volume of the pod");
        JsonNode c = container(POD_TLS);
        Map<String, JsonNode> env = new HashMap<>();
        c.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        assertTrue(env.containsKey("TLS_CERT_FILE") && env.containsKey("TLS_KEY_FILE"), "TLS_CERT_FILE/TLS_KEY_FILE");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals("HTTPS", c.path(probe).path("httpGet").path("scheme").asText(), probe + " over HTTPS");
        }
        for (JsonNode r : routes(POD_TLS)) {
            assertEquals("reencrypt", r.path("spec").path("tls").path("termination").asText(),
                    "Route " + r.path("metadata").path("name").asText());
        }
        List<JsonNode> monitors = docs.stream().filter(d -> "ServiceMonitor".equals(d.path("kind").asText())).toList();
        assertEquals(1, monitors.size());
        JsonNode endpoint = monitors.get(0).path("spec").path("endpoints").get(0);
        assertEquals("https", endpoint.path("scheme").asText());
        assertEquals("/metrics", endpoint.path("path").asText());
        assertEquals("http", endpoint.path("port").asText(), "the Service's port name");
        assertEquals(NS + "." + NS + ".svc", endpoint.path("tlsConfig").path("serverName").asText(),
                "the name the service CA certifies");
        String caMap = endpoint.path("tlsConfig").path("ca").path("configMap").path("name").asText();
        JsonNode ca = find(docs, "ConfigMap", caMap);
        assertEquals("true", ca.path("metadata").path("annotations").path("service.beta.openshift.io/inject-cabundle")
                .asText(), "the service CA is injected into " + caMap);
        assertEquals("service-ca.crt", endpoint.path("tlsConfig").path("ca").path("configMap").path("key").asText());
        JsonNode password = endpoint.path("basicAuth").path("password");
        JsonNode metricsPassword = env.get("METRICS_PASSWORD");
        assertNotNull(metricsPassword, "METRICS_PASSWORD");
        JsonNode podPassword = metricsPassword.path("valueFrom").path("secretKeyRef");
        assertEquals(List.of(password.path("name"), password.path("key")),
                List.of(podPassword.path("name"), podPassword.path("key")), "Prometheus sends the password the pod checks");
        assertEquals(password.path("name"), endpoint.path("basicAuth").path("username").path("name"));
        assertTrue(map(monitors.get(0).path("spec").path("selector").path("matchLabels")).entrySet()
                .stream().allMatch(e -> e.getValue().equals(map(service.path("metadata").path("labels")).get(e.getKey()))),
                "the ServiceMonitor selects the Service");
    }

    /**
     * The image builds for amd64 and arm64: nothing in it is tied to one architecture (the base image is
     * multi-architecture, the WAR is Java, features.sh and configure.sh run in the target architecture), and the
     * Containerfile names the command.
     */
    @Test
    void containerfileBuildsForAmd64AndArm64() throws IOException {
        for (String[] i : containerfile()) {
            String line = String.join(" ", i);
            assertFalse(line.contains("--platform"), "no fixed platform: " + line);
            assertFalse(line.matches("(?i).*(x86_64|amd64|aarch64|arm64).*"), "nothing architecture-specific: " + line);
        }
        assertFalse(instructions("FROM").get(0)[1].contains("@sha256:"),
                "the base image by tag (a manifest list), not by one architecture's digest");
        String text = Files.readString(projectDir().resolve("Containerfile"));
        assertTrue(text.contains("--platform linux/amd64,linux/arm64"), "the Containerfile documents the build");
        String readme = Files.readString(projectDir().resolve("README.md"));
        assertTrue(readme.contains("--platform linux/amd64,linux/arm64"), "so does the README");
    }

    // ---------------------------------------------------------------- images and overlay

    @Test
    void baseImageIsOverridableThroughKustomizeImages() throws IOException {
        String image = container(BASE).path("image").asText();
        assertTrue(image.startsWith(IMAGE + ":") || image.startsWith(IMAGE + "@"), "base image " + image);
        JsonNode k = YAML.readTree(projectDir().resolve("deploy/base/kustomization.yaml").toFile());
        boolean listed = false;
        for (JsonNode i : k.path("images")) {
            listed |= IMAGE.equals(i.path("name").asText());
        }
        assertTrue(listed, "deploy/base/kustomization.yaml has an images: entry for " + IMAGE);
    }

    @Test
    void overlayChangesImageAndAddsAChassis() throws IOException {
        String baseImage = container(BASE).path("image").asText();
        String overlayImage = container(OVERLAY).path("image").asText();
        assertNotEquals(baseImage, overlayImage, "the overlay sets another image");
        int baseChassis = YAML.readTree(secretValue(find(render(BASE), "Secret", "kubevirt-redfish-secret"), "config.yaml"))
                .path("chassis").size();
        int overlayChassis = YAML.readTree(secretValue(find(render(OVERLAY), "Secret", "kubevirt-redfish-secret"), "config.yaml"))
                .path("chassis").size();
        assertEquals(baseChassis + 1, overlayChassis, "the overlay adds a chassis");
        Set<String> baseResources = new TreeSet<>();
        render(BASE).forEach(d -> baseResources.add(d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()));
        Set<String> overlayResources = new TreeSet<>();
        render(OVERLAY).forEach(d -> overlayResources.add(d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()));
        assertTrue(overlayResources.containsAll(baseResources), "the overlay renders every resource of the base");
        overlayResources.removeAll(baseResources);
        assertEquals(Set.of("ServiceMonitor/" + NS, "PrometheusRule/" + NS, "Secret/kubevirt-redfish-metrics"),
                overlayResources, "the overlay adds only the ServiceMonitor with its credentials and the PrometheusRule");
    }

    // ---------------------------------------------------------------- Containerfile

    /** Instructions of the Containerfile: comments dropped, continuation lines joined. */
    static List<String[]> containerfile() throws IOException {
        Path file = projectDir().resolve("Containerfile");
        assertTrue(Files.isRegularFile(file), "Containerfile at the top of the project");
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.startsWith("#") || (t.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            current.append(t);
            String joined = current.toString().strip();
            current.setLength(0);
            if (!joined.isEmpty()) {
                instructions.add(joined.split("\\s+"));
            }
        }
        return instructions;
    }

    static List<String[]> instructions(String keyword) throws IOException {
        return containerfile().stream().filter(i -> i[0].equalsIgnoreCase(keyword)).toList();
    }

    @Test
    void containerfileBaseImageIsOpenLiberty() throws IOException {
        List<String[]> from = instructions("FROM");
        assertEquals(1, from.size(), "one stage");
        assertTrue(from.get(0)[1].startsWith("icr.io/appcafe/open-liberty:"), "Open Liberty image, not " + from.get(0)[1]);
        assertTrue(from.get(0)[1].contains("java17"), "Java 17");
    }

    @Test
    void containerfileCopySourcesExist() throws IOException {
        List<String[]> copies = new ArrayList<>(instructions("COPY"));
        copies.addAll(instructions("ADD"));
        assertFalse(copies.isEmpty(), "the Containerfile copies something");
        List<String> missing = new ArrayList<>();
        boolean war = false;
        boolean libertyJar = false;
        for (String[] copy : copies) {
            List<String> args = new ArrayList<>();
            for (int i = 1; i < copy.length; i++) {
                if (copy[i].startsWith("--")) {
                    assertFalse(copy[i].startsWith("--from"), "no multi-stage copies");
                    continue;
                }
                args.add(copy[i]);
            }
            assertTrue(args.size() >= 2, "COPY needs a source and a destination: " + String.join(" ", copy));
            for (String src : args.subList(0, args.size() - 1)) {
                assertFalse(src.startsWith("/") || src.contains(".."), "source inside the build context: " + src);
                if (src.equals(LIBERTY_JAR)) {
                    assertEquals("/config/lib/", args.get(args.size() - 1), "server.xml's liberty.extension.jar");
                    libertyJar = true;
                } else if (src.startsWith("target/")) {
                    assertEquals(WAR, src, "the only build outputs copied are " + WAR + " and " + LIBERTY_JAR);
                    war = true;
                } else if (!Files.exists(projectDir().resolve(src))) {
                    missing.add(src);
                }
            }
        }
        assertTrue(war, "the Containerfile copies " + WAR);
        assertTrue(libertyJar, "the Containerfile copies " + LIBERTY_JAR);
        assertTrue(missing.isEmpty(), "Containerfile COPY sources missing from the repository: " + missing);
    }

    @Test
    void containerfileExposesTheDeploymentPortAsNonRootUser() throws IOException {
        List<String[]> expose = instructions("EXPOSE");
        assertEquals(1, expose.size(), "one EXPOSE");
        int port = Integer.parseInt(expose.get(0)[1].replace("/tcp", ""));
        JsonNode http = null;
        for (JsonNode p : container(BASE).path("ports")) {
            if ("http".equals(p.path("name").asText())) {
                http = p;
            }
        }
        assertNotNull(http, "container port http");
        assertEquals(http.path("containerPort").asInt(), port, "EXPOSE matches the Deployment's containerPort");

        List<String[]> users = instructions("USER");
        assertFalse(users.isEmpty(), "the Containerfile sets USER");
        String user = users.get(users.size() - 1)[1].split(":")[0];
        assertTrue(user.matches("\\d+"), "USER is numeric (restricted-v2 / runAsNonRoot), not " + user);
        assertNotEquals(0, Integer.parseInt(user), "USER is not root");
        List<String[]> all = containerfile();
        int lastUser = -1;
        int lastRun = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i)[0].equalsIgnoreCase("USER")) {
                lastUser = i;
            } else if (all.get(i)[0].equalsIgnoreCase("RUN")) {
                lastRun = i;
            }
        }
        assertTrue(lastUser > lastRun, "USER comes after the last RUN");
    }
}
