package org.kubevirtredfish.message;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a {@link RedfishException} with its status, headers and Redfish error body. */
@Provider
public class RedfishExceptionMapper implements ExceptionMapper<RedfishException> {

    public static final MediaType JSON = MediaType.valueOf("application/json;charset=utf-8");

    @Override
    public Response toResponse(RedfishException e) {
        return toResponse(e.status(), e);
    }

    public static Response toResponse(int status, RedfishException e) {
        Response.ResponseBuilder r = Response.status(status)
                .type(JSON)
                .entity(ErrorBody.of(e.messages()).toString());
        e.headers().forEach(r::header);
        return r.build();
    }
}
