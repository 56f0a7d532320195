package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.security.Privilege;
import org.kubevirtredfish.security.RequiredPrivileges;

/**
 * The OpenAPI document ({@code /openapi}, YAML, or JSON for {@code ?format=JSON} or an {@code Accept} of JSON, as
 * MicroProfile OpenAPI answers) and its Swagger UI ({@code /openapi/ui/}), public, served by this application rather
 * than by Liberty's mpOpenAPI web applications: so every other method on them is a Redfish 405 like anywhere else
 * (Liberty's answered PUT and DELETE with an HTML page, and its UI a PUT with 200). The UI is the swagger-ui web jar
 * (Apache-2.0) with our own page and initializer.
 */
@Path("/openapi")
@ApplicationScoped
public class OpenApiResource {

    static final String DOCUMENT = "/META-INF/openapi.yaml";
    private static final String OUR_UI = "/META-INF/openapi-ui/";
    private static final String SWAGGER_UI = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";

    /** The UI's files: ours (page, initializer) and the swagger-ui distribution's, with their media types. */
    private static final Map<String, String> OURS = Map.of(
            "index.html", "text/html;charset=utf-8",
            "initializer.js", "text/javascript;charset=utf-8");
    private static final Map<String, String> DISTRIBUTED = Map.of(
            "swagger-ui-bundle.js", "text/javascript;charset=utf-8",
            "swagger-ui.css", "text/css;charset=utf-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");

    private final byte[] yaml = bytes(DOCUMENT);
    private final byte[] json = toJson(yaml);

    @GET
    @RequiredPrivileges(Privilege.NoAuth)
    public Response document(@QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        boolean asJson = format != null ? format.equalsIgnoreCase("json")
                : accept != null && (accept.toLowerCase(Locale.ROOT).contains("application/json")
                        || accept.toLowerCase(Locale.ROOT).contains("text/json"));
        return asJson ? Response.ok(json, "application/json;charset=utf-8").build()
                : Response.ok(yaml, "application/yaml;charset=utf-8").build();
    }

    /** {@code /openapi/ui} and {@code /openapi/ui/}: the page's relative links need the trailing slash. */
    @GET
    @Path("ui")
    @RequiredPrivileges(Privilege.NoAuth)
    public Response ui(@Context UriInfo uri) {
        if (!uri.getPath().endsWith("/")) {
            // an absolute path, not a URI built from the Host header
            return Response.status(Response.Status.MOVED_PERMANENTLY).header(HttpHeaders.LOCATION, "/openapi/ui/").build();
        }
        return file("index.html");
    }

    @GET
    @Path("ui/{file}")
    @RequiredPrivileges(Privilege.NoAuth)
    public Response file(@PathParam("file") String file) {
        String type = OURS.containsKey(file) ? OURS.get(file) : DISTRIBUTED.get(file);
        if (type == null) {
            throw RedfishException.of(BaseMessage.ResourceMissingAtURI, "/openapi/ui/" + file);
        }
        return Response.ok(bytes((OURS.containsKey(file) ? OUR_UI : SWAGGER_UI) + file), type).build();
    }

    private static byte[] toJson(byte[] yaml) {
        try {
            JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            return new ObjectMapper().writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The web jar's version, from the Maven metadata it carries: the pom names it once. */
    private static String swaggerUiVersion() {
        Properties p = new Properties();
        try (InputStream in = OpenApiResource.class.getResourceAsStream(
                "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui web jar is missing from the application");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] bytes(String path) {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the application");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
