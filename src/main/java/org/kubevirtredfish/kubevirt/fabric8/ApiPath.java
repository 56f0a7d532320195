package org.kubevirtredfish.kubevirt.fabric8;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * The Kubernetes verb and resource of an API request, from its method and path (Kubernetes API concepts: "/api/v1"
 * or "/apis/GROUP/VERSION", then optionally "namespaces/NS", then RESOURCE[/NAME[/SUBRESOURCE]]). The resource is
 * the plural, with "/subresource" when there is one; names and namespaces are left out, so the values are few.
 */
record ApiPath(String verb, String resource) {

    static ApiPath of(String method, URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
        int start = parts.isEmpty() ? 0 : parts.get(0).equals("api") ? 2 : parts.get(0).equals("apis") ? 3 : -1;
        if (start < 0 || start > parts.size()) {
            return new ApiPath(method.toLowerCase(java.util.Locale.ROOT), parts.isEmpty() ? "-" : parts.get(0));
        }
        List<String> rest = parts.subList(start, parts.size());
        if (rest.size() >= 2 && rest.get(0).equals("namespaces")) {
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.isEmpty() ? "-" : rest.size() >= 3 ? rest.get(0) + "/" + rest.get(2) : rest.get(0);
        boolean named = rest.size() >= 2;
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        String verb = switch (method) {
            case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        return new ApiPath(verb, resource);
    }
}
