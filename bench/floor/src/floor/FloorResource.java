package floor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** GET System answers an authenticated caller the bytes of the file FLOOR_BODY names (read once); GET / a fixed document. */
@ApplicationScoped
@Path("/redfish/v1")
public class FloorResource {

    private static final byte[] ROOT = "{\"@odata.id\":\"/redfish/v1/\",\"Name\":\"floor\"}".getBytes();
    private volatile byte[] system;

    @GET
    @Path("/")
    @Produces("application/json")
    public byte[] root() {
        return ROOT;
    }

    @GET
    @Path("/Systems/{id}")
    @Produces("application/json")
    public byte[] system(@PathParam("id") String id, @Context SecurityContext caller) {
        if (caller.getUserPrincipal() == null) {
            throw new WebApplicationException(401);
        }
        byte[] body = system;
        if (body == null) {
            try {
                body = Files.readAllBytes(java.nio.file.Path.of(System.getenv("FLOOR_BODY")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            system = body;
        }
        return body;
    }
}
