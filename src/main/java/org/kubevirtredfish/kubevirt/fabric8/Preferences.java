package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The VirtualMachinePreference or VirtualMachineClusterPreference a VM references ({@code spec.preference}), read
 * with a GET and kept for {@link #TTL}: only VMs whose firmware nothing else decides need it (see
 * {@link FirmwareDefaults}), and preferences rarely change. KubeVirt itself reads the ControllerRevision it stored
 * for the VM (pkg/instancetype/preference/find/spec.go, FindPreference); the live object is the same unless the
 * preference was edited after the VM's first start, and a running instance, which has the revision applied, is
 * asked first.
 */
final class Preferences {

    private static final Logger LOG = Logger.getLogger(Preferences.class.getName());
    static final Duration TTL = Duration.ofSeconds(30);

    static final ResourceDefinitionContext PREFERENCE = context("VirtualMachinePreference",
            "virtualmachinepreferences", true);
    static final ResourceDefinitionContext CLUSTER_PREFERENCE = context("VirtualMachineClusterPreference",
            "virtualmachineclusterpreferences", false);

    private record Lookup(Instant at, JsonNode spec, String problem) {
    }

    private final KubernetesClient client;
    private final Map<String, Lookup> cache = new ConcurrentHashMap<>();

    Preferences(KubernetesClient client) {
        this.client = client;
    }

    private static ResourceDefinitionContext context(String kind, String plural, boolean namespaced) {
        // instancetype.kubevirt.io v1beta1 is the latest version in KubeVirt v1.9.0
        // (staging/src/kubevirt.io/api/instancetype/register.go, LatestVersion)
        return new ResourceDefinitionContext.Builder().withGroup("instancetype.kubevirt.io").withVersion("v1beta1")
                .withKind(kind).withPlural(plural).withNamespaced(namespaced).build();
    }

    /**
     * The firmware sources of a VM that has no running instance (null) or one.
     *
     * @param vm        the VirtualMachine as JSON
     * @param vmi       its VMI as JSON, or null
     * @param always    read the preference even when the template's bootloader decides the mode (a mode change also
     *                  needs the preference's SMM)
     */
    FirmwareDefaults defaults(JsonNode vm, JsonNode vmi, boolean always) {
        JsonNode instanceDomain = FirmwareDefaults.instanceDomain(vmi);
        JsonNode matcher = vm.at("/spec/preference");
        String name = KubeVirtResources.text(matcher, "/name");
        if (name == null || instanceDomain != null
                || (!always && !FirmwareDefaults.needsPreference(vm.at("/spec/template/spec/domain"), null))) {
            return new FirmwareDefaults(instanceDomain, null, null);
        }
        Lookup found = lookup(vm.at("/metadata/namespace").asText(), KubeVirtResources.text(matcher, "/kind"), name);
        return new FirmwareDefaults(null, found.spec(), found.problem());
    }

    private Lookup lookup(String namespace, String kind, String name) {
        // KubeVirt v1.9.0 pkg/instancetype/preference/find/spec.go, FindPreference: the kind is compared lower-case,
        // singular or plural; an empty kind means VirtualMachineClusterPreference
        String k = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
        boolean namespaced = k.equals("virtualmachinepreference") || k.equals("virtualmachinepreferences");
        if (!namespaced && !k.isEmpty() && !k.equals("virtualmachineclusterpreference")
                && !k.equals("virtualmachineclusterpreferences")) {
            return new Lookup(Instant.now(), null, "unknown preference kind " + kind);
        }
        String key = (namespaced ? namespace : "") + "/" + name;
        Lookup cached = cache.get(key);
        if (cached != null && cached.at().plus(TTL).isAfter(Instant.now())) {
            return cached;
        }
        Lookup fresh = get(namespaced, namespace, name);
        cache.put(key, fresh);
        return fresh;
    }

    private Lookup get(boolean namespaced, String namespace, String name) {
        String what = (namespaced ? "VirtualMachinePreference " + namespace + "/" : "VirtualMachineClusterPreference ")
                + name;
        try {
            GenericKubernetesResource found = namespaced
                    ? client.genericKubernetesResources(PREFERENCE).inNamespace(namespace).withName(name).get()
                    : client.genericKubernetesResources(CLUSTER_PREFERENCE).withName(name).get();
            if (found == null) {
                return new Lookup(Instant.now(), null, what + " not found");
            }
            JsonNode spec = KubeVirtResources.tree(found).path("spec");
            return new Lookup(Instant.now(), spec.isObject() ? spec : null, null);
        } catch (KubernetesClientException e) {
            String problem = "reading " + what + " failed (HTTP " + e.getCode() + ")";
            String plural = (namespaced ? PREFERENCE : CLUSTER_PREFERENCE).getPlural();
            LOG.warning(() -> problem + (e.getCode() == 403 ? ": grant get on instancetype.kubevirt.io " + plural
                    + " to the service's ServiceAccount" : ""));
            return new Lookup(Instant.now(), null, problem);
        }
    }
}
