package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.logging.Logger;

/**
 * Which of the permissions this service uses its ServiceAccount lacks: asked once at start with one
 * SelfSubjectAccessReview per permission and namespace (every authenticated identity may create those, through the
 * cluster's default {@code system:basic-user} role), and completed by every RBAC denial met later. Each missing
 * permission is logged once, with what it costs; readiness data lists them (deploy/base/rbac.yaml grants them all).
 */
final class ClusterPermissions {

    private static final Logger LOG = Logger.getLogger(ClusterPermissions.class.getName());

    /** One RBAC permission: verb on group resource[/subresource], and what this service cannot do without it. */
    record Permission(String verb, String group, String resource, String subresource, String without) {

        String text() {
            return verb + " " + (group.isEmpty() ? "core" : group) + " " + resource
                    + (subresource == null ? "" : "/" + subresource);
        }
    }

    static final String POWER_BY_PATCH = "power actions use the VM patches virt-api itself makes (runStrategy, "
            + "status.stateChangeRequests) instead";

    /** What the code uses; deploy/base/rbac.yaml grants each of these, with the reason. */
    static final List<Permission> USED = List.of(
            new Permission("get", "kubevirt.io", "virtualmachines", null, "no re-read after a conflicting patch"),
            new Permission("list", "kubevirt.io", "virtualmachines", null, "no systems can be listed"),
            new Permission("watch", "kubevirt.io", "virtualmachines", null, "no systems can be listed"),
            new Permission("patch", "kubevirt.io", "virtualmachines", null,
                    "no boot override, virtual media or held power-on"),
            new Permission("list", "kubevirt.io", "virtualmachineinstances", null, "no power state"),
            new Permission("watch", "kubevirt.io", "virtualmachineinstances", null, "no power state"),
            new Permission("update", "subresources.kubevirt.io", "virtualmachines", "start", POWER_BY_PATCH),
            new Permission("update", "subresources.kubevirt.io", "virtualmachines", "stop", POWER_BY_PATCH),
            new Permission("update", "subresources.kubevirt.io", "virtualmachines", "restart", POWER_BY_PATCH),
            new Permission("update", "subresources.kubevirt.io", "virtualmachineinstances", "pause",
                    "no ComputerSystem.Reset Pause"),
            new Permission("update", "subresources.kubevirt.io", "virtualmachineinstances", "unpause",
                    "no ComputerSystem.Reset Resume"),
            new Permission("list", "cdi.kubevirt.io", "datavolumes", null, "no virtual media"),
            new Permission("watch", "cdi.kubevirt.io", "datavolumes", null, "no virtual media"),
            new Permission("create", "cdi.kubevirt.io", "datavolumes", null, "no InsertMedia"),
            new Permission("delete", "cdi.kubevirt.io", "datavolumes", null, "no EjectMedia"),
            new Permission("get", "", "persistentvolumeclaims", null,
                    "a garbage-collected media DataVolume reads as failed"),
            new Permission("list", "", "persistentvolumeclaims", null,
                    "the capacities of the VMs' disks (Storage, SimpleStorage) read null"),
            new Permission("watch", "", "persistentvolumeclaims", null,
                    "the capacities of the VMs' disks (Storage, SimpleStorage) read null"),
            new Permission("get", "instancetype.kubevirt.io", "virtualmachinepreferences", null,
                    "BootSourceOverrideMode of a VM whose preference chooses the firmware is unknown"),
            new Permission("get", "instancetype.kubevirt.io", "virtualmachineclusterpreferences", null,
                    "BootSourceOverrideMode of a VM whose preference chooses the firmware is unknown"));

    /** What the power fallback additionally needs (the documented ClusterRole grants these). */
    static final List<Permission> POWER_FALLBACK = List.of(
            new Permission("get", "kubevirt.io", "virtualmachineinstances", null,
                    "no power actions without the subresources"),
            new Permission("patch", "kubevirt.io", "virtualmachines", "status",
                    "no restart and no power of Manual/RerunOnFailure VMs without the subresources"),
            new Permission("patch", "kubevirt.io", "virtualmachineinstances", null,
                    "no forced stop/restart of a running instance without the subresources"));

    private final SortedSet<String> missing = new ConcurrentSkipListSet<>();
    private volatile boolean checking;

    /** A check is under way (from {@link #checkInBackground} until it has asked everything). */
    boolean checking() {
        return checking;
    }

    /** {@link #check} on a daemon thread; {@link #checking()} is true from this call on until it ends. */
    void checkInBackground(KubernetesClient client, Collection<String> namespaces) {
        checking = true;
        Thread thread = new Thread(() -> {
            try {
                check(client, namespaces);
            } finally {
                checking = false;
            }
        }, "kubevirt-redfish-permission-check");
        thread.setDaemon(true);
        thread.start();
    }

    /** Every permission of {@link #USED} in every namespace, by SelfSubjectAccessReview; logs what is missing. */
    void check(KubernetesClient client, Collection<String> namespaces) {
        List<Permission> all = new ArrayList<>(USED);
        for (String ns : namespaces) {
            for (Permission p : all) {
                Boolean allowed = allowed(client, p, ns);
                if (allowed == null) {
                    return;
                }
                if (!allowed) {
                    record(p, ns);
                }
            }
        }
        if (fallbackInUse()) {
            for (String ns : namespaces) {
                for (Permission p : POWER_FALLBACK) {
                    if (Boolean.FALSE.equals(allowed(client, p, ns))) {
                        record(p, ns);
                    }
                }
            }
        }
    }

    /** null when the review itself could not be made (then nothing more is asked; denials are still recorded). */
    private static Boolean allowed(KubernetesClient client, Permission p, String namespace) {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec()
                .withResourceAttributes(new ResourceAttributesBuilder().withNamespace(namespace).withVerb(p.verb())
                        .withGroup(p.group()).withResource(p.resource()).withSubresource(p.subresource()).build())
                .endSpec().build();
        try {
            SelfSubjectAccessReview answer = client.authorization().v1().selfSubjectAccessReview().create(review);
            return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
        } catch (KubernetesClientException e) {
            LOG.warning("cannot check this service's permissions (SelfSubjectAccessReview: HTTP " + e.getCode()
                    + "); missing ones are reported as they are met");
            return null;
        }
    }

    /** A denial met (or found at start): logged once per permission and namespace. */
    void record(Permission p, String namespace) {
        String entry = p.text() + " in namespace " + namespace;
        if (missing.add(entry)) {
            LOG.warning("the ServiceAccount may not " + entry + ": " + p.without()
                    + "; grant it as deploy/base/rbac.yaml does");
        }
    }

    private static final java.util.regex.Pattern DENIAL = java.util.regex.Pattern.compile(
            "cannot ([a-z]+) resource \"([^\"/]+)(?:/([^\"]+))?\" in API group \"([^\"]*)\"(?: in the namespace \"([^\"]+)\")?");

    /**
     * An authorizer's 403 met by any call: its message names verb, resource and namespace (kubernetes
     * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go, forbiddenMessage).
     */
    void denied(String message) {
        java.util.regex.Matcher m = message == null ? null : DENIAL.matcher(message);
        if (m == null || !m.find()) {
            return;
        }
        Permission asked = new Permission(m.group(1), m.group(4), m.group(2), m.group(3), "");
        Permission known = java.util.stream.Stream.concat(USED.stream(), POWER_FALLBACK.stream())
                .filter(p -> p.text().equals(asked.text())).findFirst()
                .orElse(new Permission(asked.verb(), asked.group(), asked.resource(), asked.subresource(),
                        "calls that need it fail (HTTP 403)"));
        record(known, m.group(5) == null ? "(cluster scope)" : m.group(5));
    }

    /** The subresource permission of a lifecycle PUT, e.g. {@code virtualmachines/start}. */
    static Permission lifecycle(String plural, String subresource) {
        return USED.stream().filter(p -> p.resource().equals(plural) && subresource.equals(p.subresource()))
                .findFirst().orElse(new Permission("update", "subresources.kubevirt.io", plural, subresource,
                        "no " + subresource));
    }

    boolean fallbackInUse() {
        return missing.stream().anyMatch(m -> m.startsWith("update subresources.kubevirt.io virtualmachines/"));
    }

    /** {@code <verb> <group> <resource>[/<subresource>] in namespace <ns>}, sorted. */
    List<String> missing() {
        return List.copyOf(missing);
    }
}
