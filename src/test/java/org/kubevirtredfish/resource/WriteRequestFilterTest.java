package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;

class WriteRequestFilterTest {

    private final WriteRequestFilter filter = new WriteRequestFilter();

    /** A request with the given method, headers and Content-Length (-1: none). */
    private static ContainerRequestContext request(String method, int length, Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(), v));
        return (ContainerRequestContext) Proxy.newProxyInstance(WriteRequestFilterTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getLength" -> length;
                    case "getHeaderString" -> lower.get(((String) args[0]).toLowerCase());
                    case "getUriInfo" -> uriInfo(lower.get(":authority"));
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** HTTP/2 has no Host: the authority comes from the request URI. */
    private static jakarta.ws.rs.core.UriInfo uriInfo(String authority) {
        return (jakarta.ws.rs.core.UriInfo) Proxy.newProxyInstance(WriteRequestFilterTest.class.getClassLoader(),
                new Class<?>[] {jakarta.ws.rs.core.UriInfo.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getRequestUri" -> URI.create("http://" + authority + "/redfish/v1/Systems/x");
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void withoutHostTheRequestAuthorityCounts() {
        filter.filter(request("PATCH", 2, Map.of("Content-Type", "application/json", "Origin",
                "http://127.0.0.1:8443", ":authority", "127.0.0.1:8443")));
        refused(403, "Origin", request("PATCH", 2, Map.of("Content-Type", "application/json", "Origin",
                "https://evil.example", ":authority", "127.0.0.1:8443")));
    }

    private void refused(int status, String header, ContainerRequestContext request) {
        RedfishException e = assertThrows(RedfishException.class, () -> filter.filter(request));
        assertEquals(status, e.status());
        assertEquals(BaseMessage.HeaderInvalid, e.messages().get(0).message());
        assertEquals(header, e.messages().get(0).args().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json;charset=iso-8859-1", "application/jsonp",
            "application/json-patch+json", "application/json; charset=nonsense"})
    void bodiesOtherThanJsonAre415(String type) {
        refused(415, "Content-Type", request("POST", 10, Map.of("Content-Type", type, "Host", "h")));
        refused(415, "Content-Type", request("PATCH", 10, Map.of("Content-Type", type, "Host", "h")));
    }

    @Test
    void aBodyWithoutContentTypeIs415() {
        refused(415, "Content-Type", request("POST", 2, Map.of()));
        refused(415, "Content-Type", request("POST", -1, Map.of("Transfer-Encoding", "chunked")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json;charset=utf-8", "Application/JSON; charset=UTF-8",
            "application/json; charset=\"utf-8\""})
    void jsonPasses(String type) {
        filter.filter(request("POST", 20, Map.of("Content-Type", type)));
    }

    @Test
    void noBodyAndNoContentTypePasses() {
        // sushy 4.3 VirtualMedia.eject_media: self._conn.post(target_uri), no data, no Content-Type
        filter.filter(request("POST", -1, Map.of()));
        filter.filter(request("POST", 0, Map.of()));
        filter.filter(request("DELETE", -1, Map.of()));
    }

    @Test
    void readsAreNotChecked() {
        filter.filter(request("GET", 5, Map.of("Content-Type", "text/plain", "Sec-Fetch-Site", "cross-site",
                "Origin", "https://evil.example")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cross-site", "same-site", "Cross-Site"})
    void otherSitesAre403(String site) {
        refused(403, "Sec-Fetch-Site", request("POST", 2, Map.of("Content-Type", "application/json",
                "Sec-Fetch-Site", site)));
        refused(403, "Sec-Fetch-Site", request("DELETE", -1, Map.of("Sec-Fetch-Site", site)));
    }

    @Test
    void sameOriginAndNoneFromBrowsersPass() {
        filter.filter(request("POST", 2, Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "same-origin",
                "Origin", "http://bmc.example:8080", "Host", "bmc.example:8080")));
        filter.filter(request("POST", 2, Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "none")));
    }

    @Test
    void foreignOriginIs403EvenWithoutBody() {
        refused(403, "Origin", request("POST", -1, Map.of("Origin", "https://evil.example",
                "Host", "bmc.example")));
        refused(403, "Origin", request("PATCH", 2, Map.of("Content-Type", "application/json", "Origin", "null",
                "Host", "bmc.example")));
    }

    @ParameterizedTest
    @CsvSource({
            "http://bmc.example:8080, bmc.example:8080, true",
            "https://bmc.example, bmc.example, true",
            "https://bmc.example, bmc.example:443, true",
            "http://BMC.example, bmc.example, true",
            "http://[::1]:8080, '[::1]:8080', true",
            "https://bmc.example, bmc.example:8443, false",
            "http://bmc.example:8081, bmc.example:8080, false",
            "https://evil.example, bmc.example, false",
            "https://bmc.example.evil.example, bmc.example, false",
            "null, bmc.example, false",
            "file://, bmc.example, false",
            "https://bmc.example/path, bmc.example, false",
            "https://bmc.example, '', false",
    })
    void sameOrigin(String origin, String host, boolean same) {
        assertEquals(same, SameOrigin.matches(origin, host));
    }

    @Test
    void jsonMediaTypes() {
        assertTrue(WriteRequestFilter.json("application/json"));
        assertFalse(WriteRequestFilter.json("application/json;charset"));
        assertFalse(WriteRequestFilter.json(""));
    }
}
