package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ApiPathTest {

    private static ApiPath of(String method, String uri) {
        return ApiPath.of(method, URI.create("https://api.example:6443" + uri));
    }

    @Test
    void verbAndResourceWithoutNamesOrNamespaces() {
        assertEquals(new ApiPath("list", "virtualmachines"),
                of("GET", "/apis/kubevirt.io/v1/namespaces/ns/virtualmachines?resourceVersion=0"));
        assertEquals(new ApiPath("watch", "datavolumes"),
                of("GET", "/apis/cdi.kubevirt.io/v1beta1/namespaces/ns/datavolumes?allowWatchBookmarks=true&watch=true"));
        assertEquals(new ApiPath("get", "virtualmachines"), of("GET", "/apis/kubevirt.io/v1/namespaces/ns/virtualmachines/vm1"));
        assertEquals(new ApiPath("patch", "virtualmachines"),
                of("PATCH", "/apis/kubevirt.io/v1/namespaces/ns/virtualmachines/vm1"));
        assertEquals(new ApiPath("update", "virtualmachines/start"),
                of("PUT", "/apis/subresources.kubevirt.io/v1/namespaces/ns/virtualmachines/vm1/start"));
        assertEquals(new ApiPath("create", "datavolumes"), of("POST", "/apis/cdi.kubevirt.io/v1beta1/namespaces/ns/datavolumes"));
        assertEquals(new ApiPath("delete", "datavolumes"),
                of("DELETE", "/apis/cdi.kubevirt.io/v1beta1/namespaces/ns/datavolumes/dv"));
        assertEquals(new ApiPath("get", "persistentvolumeclaims"), of("GET", "/api/v1/namespaces/ns/persistentvolumeclaims/p"));
        assertEquals(new ApiPath("list", "namespaces"), of("GET", "/api/v1/namespaces"));
        assertEquals(new ApiPath("get", "version"), of("GET", "/version"));
    }

    @Test
    void outcomes() {
        assertEquals("success", ApiCallMeter.outcome(201));
        assertEquals("success", ApiCallMeter.outcome(101), "a watch's WebSocket upgrade");
        assertEquals("denied", ApiCallMeter.outcome(403));
        assertEquals("not_found", ApiCallMeter.outcome(404));
        assertEquals("conflict", ApiCallMeter.outcome(409));
        assertEquals("invalid", ApiCallMeter.outcome(422));
        assertEquals("client_error", ApiCallMeter.outcome(429));
        assertEquals("server_error", ApiCallMeter.outcome(503));
    }
}
