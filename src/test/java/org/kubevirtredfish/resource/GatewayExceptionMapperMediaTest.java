package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.GatewayException;

/** What an InsertMedia client is told when the image cannot be used: always 400, Base registry messages only. */
class GatewayExceptionMapperMediaTest {

    private final GatewayExceptionMapper mapper = new GatewayExceptionMapper();

    private Response map(GatewayException e) {
        return mapper.toResponse(e);
    }

    private static String body(Response r) {
        return String.valueOf(r.getEntity());
    }

    @Test
    void everyCauseOfARefusedImageGetsOneAnswerWithoutTheServer() {
        List<GatewayException> causes = List.of(
                new GatewayException.ImageUnavailable("http://127.0.0.1:9", "not reachable (ConnectException)", 0, null),
                new GatewayException.ImageUnavailable("http://10.0.0.7:8080", "not reachable (HttpTimeoutException)", 0,
                        null),
                new GatewayException.ImageUnavailable("https://h", "not reachable (SSLHandshakeException)", 0, null),
                new GatewayException.ImageUnavailable("http://h", "answered HTTP 404", 404, null),
                new GatewayException.ImageUnavailable("https://h", "answered HTTP 403", 403, null),
                new GatewayException.ImageUnavailable("https://h", "answered HTTP 401", 401, null),
                new GatewayException.ImageUnavailable("http://h", "answered HTTP 500", 500, null),
                new GatewayException.ImageUnavailable("http://169.254.169.254", "not probed: denied network", 0, null),
                new GatewayException.ImageUnavailable("http://h", "not probed: redirect to another host", 0, null));
        Set<String> bodies = new HashSet<>();
        for (GatewayException cause : causes) {
            Response r = map(cause);
            assertEquals(400, r.getStatus(), cause.getMessage());
            bodies.add(body(r));
            assertFalse(body(r).contains("://"), body(r));
        }
        assertEquals(1, bodies.size(), bodies.toString());
        String only = bodies.iterator().next();
        assertTrue(only.contains("Base.1.22.ActionParameterValueError"), only);
        assertTrue(only.contains("The value for the parameter Image in the action VirtualMedia.InsertMedia is invalid."),
                only);
    }

    @Test
    void aTooLargeImageIsActionParameterValueOutOfRangeWithoutTheQuery() {
        Response r = map(new GatewayException.ImageTooLarge("http://h/huge.iso", 1L << 40, "100Gi"));
        assertEquals(400, r.getStatus());
        assertEquals(true, body(r).contains("Base.1.22.ActionParameterValueOutOfRange"), body(r));
        assertEquals(true, body(r).contains("http://h/huge.iso"), body(r));
        assertFalse(body(r).contains("100Gi"), "the limit is in the log, not needed by the client");
    }
}
