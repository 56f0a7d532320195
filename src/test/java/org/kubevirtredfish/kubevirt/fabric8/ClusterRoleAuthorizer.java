package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Kubernetes RBAC for one identity in the mock API server: requests that carry its bearer token are authorized
 * against one ClusterRole (bound cluster-wide, as the documented ClusterRoleBinding binds it) and the Roles of the
 * same file (each bound in its own namespace, as rbac.go's RoleBinding of a Role applies only there) and answered 403 as the
 * API server's authorizer answers them; requests without that token (the tests' admin client) pass. Request
 * attributes as kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go,
 * RequestInfoFactory.NewRequestInfo, derives them (GET of a name is get, of a collection list, with watch=true watch;
 * POST create, PUT update, PATCH patch, DELETE delete); rules match as
 * plugin/pkg/auth/authorizer/rbac/rbac.go, RuleAllows (apiGroups, resources as {@code resource/subresource}, verbs,
 * resourceNames when the rule has any;
 * {@code *} matches all). Non-resource URLs (/version, discovery) are allowed, as the default system:discovery role
 * does. SelfSubjectAccessReviews are answered from the same rules (the default system:basic-user role lets every
 * identity create them).
 */
final class ClusterRoleAuthorizer {

    /** A request's RBAC attributes. */
    record Attributes(String verb, String group, String resource, String subresource, String namespace, String name) {

        String resourceText() {
            return subresource == null ? resource : resource + "/" + subresource;
        }
    }

    static final String SERVICE_ACCOUNT = "system:serviceaccount:kubevirt-redfish:kubevirt-redfish";
    /** The bearer token the service's client sends (the mock server has no token review: the token is the name). */
    static final String TOKEN = "kubevirt-redfish-sa-token";

    private final List<PolicyRule> rules;
    /** The rules of Roles (bound in their own namespace, as deploy/base/rbac.yaml binds its Role), by namespace. */
    private final Map<String, List<PolicyRule>> namespaced;
    /** {@code verb group resource[/sub]} of every request of the identity that was denied, in order. */
    final List<String> denied = new CopyOnWriteArrayList<>();

    ClusterRoleAuthorizer(ClusterRole role) {
        this(role, List.of());
    }

    ClusterRoleAuthorizer(ClusterRole role, List<Role> roles) {
        this.rules = role.getRules();
        this.namespaced = new java.util.concurrent.ConcurrentHashMap<>();
        for (Role r : roles) {
            namespaced.computeIfAbsent(r.getMetadata().getNamespace(), k -> new CopyOnWriteArrayList<>())
                    .addAll(r.getRules());
        }
    }

    /**
     * The ClusterRole, and the Roles, in a YAML file that may hold several documents (e.g. deploy/base/rbac.yaml).
     */
    static ClusterRoleAuthorizer fromYaml(Path file) {
        ClusterRole clusterRole = null;
        List<Role> roles = new ArrayList<>();
        try {
            for (String doc : Files.readString(file, StandardCharsets.UTF_8).split("(?m)^---\\s*$")) {
                if (KIND_CLUSTER_ROLE.matcher(doc).find() && clusterRole == null) {
                    clusterRole = Serialization.unmarshal(doc, ClusterRole.class);
                } else if (KIND_ROLE.matcher(doc).find()) {
                    roles.add(Serialization.unmarshal(doc, Role.class));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (clusterRole == null) {
            throw new IllegalArgumentException("no ClusterRole in " + file);
        }
        return new ClusterRoleAuthorizer(clusterRole, roles);
    }

    private static final Pattern KIND_CLUSTER_ROLE = Pattern.compile("(?m)^kind: ClusterRole$");
    private static final Pattern KIND_ROLE = Pattern.compile("(?m)^kind: Role$");

    /**
     * Also the Roles (kind Role) of a YAML file, each bound to the identity in its own namespace, as
     * deploy/base/rbac.yaml binds them with RoleBindings (the Lease of the reconciler's leader election, the
     * installation ConfigMap).
     */
    ClusterRoleAuthorizer withRolesFrom(Path file) {
        try {
            for (String doc : Files.readString(file, StandardCharsets.UTF_8).split("(?m)^---\\s*$")) {
                if (KIND_ROLE.matcher(doc).find()) {
                    io.fabric8.kubernetes.api.model.rbac.Role role = Serialization.unmarshal(doc,
                            io.fabric8.kubernetes.api.model.rbac.Role.class);
                    namespaced.computeIfAbsent(role.getMetadata().getNamespace(), k -> new CopyOnWriteArrayList<>())
                            .addAll(role.getRules());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** A handler for {@link ClusterDispatcher#guard}: an answer for a denied or reviewed request, else null. */
    MockResponse authorize(RecordedRequest request) {
        String auth = request.getHeader("Authorization");
        if (auth == null || !auth.equals("Bearer " + TOKEN)) {
            return null;
        }
        String path = request.getPath().split("\\?")[0];
        if (path.equals("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews") && "POST".equals(request.getMethod())) {
            return review(request.getUtf8Body());
        }
        Attributes a = attributes(request.getMethod(), request.getPath());
        if (a == null || allows(a)) {
            return null;
        }
        denied.add(a.verb() + " " + a.group() + " " + a.resourceText());
        return forbidden(a);
    }

    boolean allows(Attributes a) {
        List<PolicyRule> inNamespace = a.namespace() == null ? List.of() : namespaced.getOrDefault(a.namespace(),
                List.of());
        return java.util.stream.Stream.concat(rules.stream(), inNamespace.stream())
                .anyMatch(r -> matches(r.getApiGroups(), a.group())
                && matches(r.getResources(), a.resourceText()) && matches(r.getVerbs(), a.verb())
                && (r.getResourceNames() == null || r.getResourceNames().isEmpty()
                        || r.getResourceNames().contains(a.name())));
    }

    private static boolean matches(List<String> values, String value) {
        return values != null && (values.contains("*") || values.contains(value));
    }

    /** requestinfo.go: null for a non-resource URL. */
    static Attributes attributes(String method, String pathAndQuery) {
        String[] pq = pathAndQuery.split("\\?", 2);
        boolean watch = pq.length > 1 && pq[1].matches("(.*&)?watch=(true|1)(&.*)?");
        String[] parts = pq[0].replaceAll("^/+|/+$", "").split("/");
        int i;
        String group;
        if (parts.length >= 3 && parts[0].equals("api")) {
            group = "";
            i = 2;
        } else if (parts.length >= 4 && parts[0].equals("apis")) {
            group = parts[1];
            i = 3;
        } else {
            return null;
        }
        String namespace = null;
        if (parts.length > i + 1 && parts[i].equals("namespaces")) {
            namespace = parts[i + 1];
            i += 2;
            if (parts.length == i) {
                return verbs(method, watch, "", "namespaces", null, null, namespace);
            }
        }
        String resource = parts[i];
        String name = parts.length > i + 1 ? parts[i + 1] : null;
        String subresource = parts.length > i + 2 ? parts[i + 2] : null;
        return verbs(method, watch, group, resource, subresource, namespace, name);
    }

    private static Attributes verbs(String method, boolean watch, String group, String resource, String subresource,
            String namespace, String name) {
        String verb = switch (method) {
            case "GET", "HEAD" -> watch ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> method.toLowerCase();
        };
        return new Attributes(verb, group, resource, subresource, namespace, name);
    }

    /** responsewriters/errors.go, forbiddenMessage, inside errors.NewForbidden's Status. */
    private static MockResponse forbidden(Attributes a) {
        String groupResource = a.group().isEmpty() ? a.resource() : a.resource() + "." + a.group();
        String message = (a.name() == null ? groupResource : groupResource + " \"" + a.name() + "\"")
                + " is forbidden: User \"" + SERVICE_ACCOUNT + "\" cannot " + a.verb() + " resource \""
                + a.resourceText() + "\" in API group \"" + a.group() + "\""
                + (a.namespace() == null ? " at the cluster scope" : " in the namespace \"" + a.namespace() + "\"");
        ObjectNode s = KubeVirtResources.MAPPER.createObjectNode();
        s.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
        s.put("status", "Failure").put("message", message).put("reason", "Forbidden").put("code", 403);
        return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json")
                .setBody(s.toString());
    }

    private MockResponse review(String body) {
        try {
            ObjectNode review = (ObjectNode) KubeVirtResources.MAPPER.readTree(body);
            JsonNode ra = review.at("/spec/resourceAttributes");
            Attributes a = new Attributes(ra.path("verb").asText(), ra.path("group").asText(""),
                    ra.path("resource").asText(), ra.hasNonNull("subresource") && !ra.get("subresource").asText().isEmpty()
                            ? ra.get("subresource").asText() : null, ra.path("namespace").asText(null),
                    ra.hasNonNull("name") && !ra.get("name").asText().isEmpty() ? ra.get("name").asText() : null);
            review.putObject("status").put("allowed", allows(a));
            return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
                    .setBody(review.toString());
        } catch (IOException e) {
            return ClusterDispatcher.status(400, e.getMessage());
        }
    }
}
