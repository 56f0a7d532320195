package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.ws.rs.core.Response;
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
    void anUnreachableImageServerIsCouldNotEstablishConnectionWithItsOriginOnly() {
        Response r = map(new GatewayException.ImageUnavailable("http://127.0.0.1:9", "not reachable", 0, null));
        assertEquals(400, r.getStatus());
        assertEquals(true, body(r).contains("Base.1.22.CouldNotEstablishConnection"), body(r));
        assertEquals(true, body(r).contains("http://127.0.0.1:9"), body(r));
    }

    @Test
    void anHttpErrorOfTheImageServerIsActionParameterValueError() {
        Response r = map(new GatewayException.ImageUnavailable("http://h", "answered HTTP 404", 404, null));
        assertEquals(400, r.getStatus());
        assertEquals(true, body(r).contains("Base.1.22.ActionParameterValueError"), body(r));
        assertEquals(true, body(r).contains("The value for the parameter Image in the action VirtualMedia.InsertMedia is invalid."), body(r));
    }

    @Test
    void anAuthorizationErrorOfTheImageServerIsResourceAtUriUnauthorized() {
        Response r = map(new GatewayException.ImageUnavailable("https://h", "answered HTTP 403", 403, null));
        assertEquals(400, r.getStatus());
        assertEquals(true, body(r).contains("Base.1.22.ResourceAtUriUnauthorized"), body(r));
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
