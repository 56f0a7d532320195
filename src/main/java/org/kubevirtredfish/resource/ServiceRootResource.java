package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.kubevirtredfish.api.ServiceRootApi;
import org.kubevirtredfish.kubevirt.ServiceUuid;

/**
 * The unauthenticated well-known documents: {@code /redfish}, the service root (also the docs' liveness probe,
 * so it reads no cluster state but, once per process, the installation's UUID), the OData service document, the CSDL {@code $metadata} and this service's
 * OpenAPI document.
 */
@RequestScoped
public class ServiceRootResource implements ServiceRootApi {

    static final String REDFISH_VERSION = "1.22.0";

    @Inject
    ServiceUuid serviceUuid;

    @Override
    public Response getRedfishVersions() {
        ObjectNode o = Json.object();
        o.put("v1", Uris.ROOT);
        return new Representation(o).ok();
    }

    @Override
    public Response getServiceRoot() {
        ObjectNode o = Json.resource(Uris.ROOT, Uris.TYPE_SERVICE_ROOT, "RootService", "KubeVirt Redfish Service");
        o.put("RedfishVersion", REDFISH_VERSION);
        o.put("UUID", serviceUuid.value());
        o.put("Product", "KubeVirt Redfish");
        o.put("Vendor", "KubeVirt Redfish project");
        ObjectNode features = o.putObject("ProtocolFeaturesSupported");
        ObjectNode expand = features.putObject("ExpandQuery");
        expand.put("ExpandAll", false);
        expand.put("Levels", false);
        expand.put("Links", false);
        expand.put("NoLinks", false);
        features.put("FilterQuery", false);
        features.put("SelectQuery", false);
        features.put("OnlyMemberQuery", false);
        features.put("ExcerptQuery", false);
        o.set("Systems", Json.link(Uris.SYSTEMS));
        o.set("Managers", Json.link(Uris.MANAGERS));
        o.set("Chassis", Json.link(Uris.CHASSIS));
        o.set("SessionService", Json.link(Uris.SESSION_SERVICE));
        o.set("AccountService", Json.link(Uris.ACCOUNT_SERVICE));
        o.set("EventService", Json.link(Uris.EVENT_SERVICE));
        o.putObject("Links").set("Sessions", Json.link(Uris.SESSIONS));
        return new Representation(o).ok();
    }

    @Override
    public Response getODataServiceDocument() {
        ObjectNode o = Json.object();
        o.put("@odata.context", "/redfish/v1/$metadata");
        ArrayNode value = o.putArray("value");
        service(value, "Service", Uris.ROOT);
        service(value, "Systems", Uris.SYSTEMS);
        service(value, "Managers", Uris.MANAGERS);
        service(value, "Chassis", Uris.CHASSIS);
        service(value, "SessionService", Uris.SESSION_SERVICE);
        service(value, "Sessions", Uris.SESSIONS);
        service(value, "AccountService", Uris.ACCOUNT_SERVICE);
        service(value, "EventService", Uris.EVENT_SERVICE);
        return new Representation(o).ok();
    }

    @Override
    public Response getMetadata() {
        return Response.ok(resource("/redfish/metadata.xml"), "application/xml;charset=utf-8").build();
    }

    @Override
    public Response getOemSchema() {
        return Response.ok(resource(OemSchema.RESOURCE), "application/xml;charset=utf-8").build();
    }

    @Override
    public Response getOpenApiDocument() {
        return Response.ok(resource("/META-INF/openapi.yaml"), "application/yaml;charset=utf-8").build();
    }

    private static void service(ArrayNode value, String name, String url) {
        ObjectNode s = value.addObject();
        s.put("name", name);
        s.put("kind", "Singleton");
        s.put("url", url);
    }

    private static String resource(String path) {
        try (InputStream in = ServiceRootResource.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
