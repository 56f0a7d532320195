package org.kubevirtredfish.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** Unexpected failures answer a Redfish body without any detail of the failure in the body or the headers. */
class UnexpectedExceptionMapperTest {

    private final UnexpectedExceptionMapper mapper = new UnexpectedExceptionMapper();

    @Test
    void anInternalErrorTellsNothingOfItsCause() {
        Response r = mapper.toResponse(new IllegalStateException("secret-detail at com.example.Internal"));
        assertEquals(500, r.getStatus());
        String body = (String) r.getEntity();
        assertTrue(body.contains("Base.1.22.InternalError"), body);
        assertFalse(body.contains("secret-detail") || body.contains("IllegalStateException"), body);
        r.getHeaders().forEach((name, values) -> assertFalse(values.toString().contains("secret-detail"), name));
    }

    @Test
    void frameworkFailuresBecomeTheirRedfishMessages() {
        Response notAllowed = mapper.toResponse(new NotAllowedException("GET", new String[] {"PATCH"}));
        assertEquals(405, notAllowed.getStatus());
        assertTrue(((String) notAllowed.getEntity()).contains("Base.1.22.OperationNotAllowed"));
        assertTrue(notAllowed.getHeaderString("Allow").contains("PATCH"));
        Response unsupported = mapper.toResponse(new NotSupportedException());
        assertEquals(415, unsupported.getStatus());
        assertTrue(((String) unsupported.getEntity()).contains("Base.1.22.HeaderInvalid"));
    }

    @Test
    void aRedfishExceptionPassesAsIs() {
        Response r = mapper.toResponse(RedfishException.of(BaseMessage.PreconditionFailed));
        assertEquals(412, r.getStatus());
    }
}
