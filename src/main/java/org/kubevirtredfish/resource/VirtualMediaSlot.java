package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kubevirtredfish.health.ServiceMetrics;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;

/**
 * The virtual CD of a system, the one VirtualMedia resource, reachable both under its Manager (where sushy looks
 * first) and under the ComputerSystem (DSP0266's newer place). {@code base} is the collection URI of either.
 */
@RequestScoped
public class VirtualMediaSlot {

    static final String INSERT = "VirtualMedia.InsertMedia";
    static final String EJECT = "VirtualMedia.EjectMedia";
    private static final int MAX_IMAGE_LENGTH = 2048;
    private static final Set<String> FORBIDDEN_CREDENTIALS = Set.of("UserName", "Password");

    @Inject
    CallerScope scope;

    @Inject
    KubeVirtGateway gateway;

    @Inject
    ServiceMetrics metrics;

    @Inject
    SystemWrites writes;

    Response list(String systemId, String base) {
        scope.system(systemId, "ComputerSystem");
        return new Representation(Json.collection(base, Uris.TYPE_MEDIAS, "Virtual Media Collection",
                List.of(base + "/" + Uris.CD))).ok();
    }

    Response get(String systemId, String base, String mediaId) {
        return representation(visible(systemId, mediaId), base).ok();
    }

    Response insert(String systemId, String base, String mediaId, String body, String ifMatch) {
        VmId vm = visible(systemId, mediaId).vm().id();
        MediaInsert media = parseInsert(body);
        return writes.locked(vm, () -> {
            Representation before = representation(visible(systemId, mediaId), base);
            before.checkIfMatch(ifMatch);
            writes.write(vm, before, ifMatch, () -> counted("insert", () -> gateway.insertMedia(vm, media)));
            return Response.noContent().build();
        });
    }

    Response eject(String systemId, String base, String mediaId, String body, String ifMatch) {
        VmId vm = visible(systemId, mediaId).vm().id();
        RequestBody request = RequestBody.parse(body, true);
        request.json().fieldNames().forEachRemaining(
                name -> request.problem(BaseMessage.ActionParameterUnknown.with(EJECT, name)));
        request.throwIfAny();
        return writes.locked(vm, () -> {
            Representation before = representation(visible(systemId, mediaId), base);
            before.checkIfMatch(ifMatch);
            writes.write(vm, before, ifMatch, () -> counted("eject", () -> gateway.ejectMedia(vm)));
            return Response.noContent().build();
        });
    }

    private void counted(String action, Runnable call) {
        String result = "failed";
        try {
            call.run();
            result = "accepted";
        } catch (GatewayException.Conflict | GatewayException.BadRequest | GatewayException.ImageUnavailable
                | GatewayException.ImageTooLarge e) {
            result = "refused";
            throw e;
        } finally {
            metrics.mediaAction(action, result);
        }
    }

    private CallerScope.VisibleSystem visible(String systemId, String mediaId) {
        CallerScope.VisibleSystem s = scope.system(systemId, "ComputerSystem");
        if (!Uris.CD.equals(mediaId)) {
            throw RedfishException.of(BaseMessage.ResourceNotFound, "VirtualMedia", mediaId);
        }
        return s;
    }

    /**
     * The docs' body ({@code Image}, {@code Inserted: true}, {@code WriteProtected: true}) and sushy's (Image alone,
     * or with TransferProtocolType / TransferMethod); credentials for the image server are not supported.
     */
    static MediaInsert parseInsert(String body) {
        RequestBody request = RequestBody.parse(body, false);
        URI image = null;
        String protocol = null;
        for (Map.Entry<String, JsonNode> field : request.json().properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "Image" -> image = image(request, value);
                case "Inserted", "WriteProtected" -> {
                    if (!value.isBoolean()) {
                        request.problem(BaseMessage.ActionParameterValueTypeError.with(RequestBody.text(value), name, INSERT));
                    } else if (!value.booleanValue()) {
                        request.problem(BaseMessage.ActionParameterValueNotInList.with("false", name, INSERT));
                    }
                }
                case "TransferProtocolType" -> protocol = oneOf(request, name, value, Set.of("HTTP", "HTTPS"));
                case "TransferMethod" -> oneOf(request, name, value, Set.of("Stream", "Upload"));
                default -> {
                    if (FORBIDDEN_CREDENTIALS.contains(name)) {
                        if (!value.isNull() && !(value.isTextual() && value.asText().isEmpty())) {
                            request.problem(BaseMessage.ActionParameterNotSupported.with(name, INSERT));
                        }
                    } else {
                        request.problem(BaseMessage.ActionParameterUnknown.with(INSERT, name));
                    }
                }
            }
        }
        if (!request.json().has("Image")) {
            request.problem(BaseMessage.ActionParameterMissing.with(INSERT, "Image"));
        }
        if (image != null && protocol != null && !protocol.equalsIgnoreCase(image.getScheme())) {
            request.problem(BaseMessage.ActionParameterValueNotInList.with(protocol, "TransferProtocolType", INSERT));
        }
        request.throwIfAny();
        return new MediaInsert(image, true);
    }

    /** An absolute http(s) URL with a host and no credentials in it. */
    private static URI image(RequestBody request, JsonNode value) {
        if (!value.isTextual()) {
            request.problem(BaseMessage.ActionParameterValueTypeError.with(RequestBody.text(value), "Image", INSERT));
            return null;
        }
        String text = value.asText();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (text.length() <= MAX_IMAGE_LENGTH && (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null && uri.getRawUserInfo() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        String shown = text.replaceAll("//[^/?#]*@", "//***@");
        request.problem(BaseMessage.ActionParameterValueFormatError.with(
                shown.length() > 200 ? shown.substring(0, 200) + "..." : shown, "Image", INSERT));
        return null;
    }

    private static String oneOf(RequestBody request, String name, JsonNode value, Set<String> allowed) {
        if (!value.isTextual()) {
            request.problem(BaseMessage.ActionParameterValueTypeError.with(RequestBody.text(value), name, INSERT));
        } else if (!allowed.contains(value.asText())) {
            request.problem(BaseMessage.ActionParameterValueNotInList.with(value.asText(), name, INSERT));
        } else {
            return value.asText();
        }
        return null;
    }

    /** HTTP or HTTPS from the image URL; null when there is none or it is not one of those. */
    private static String transferProtocol(String image) {
        if (image == null) {
            return null;
        }
        String lower = image.toLowerCase();
        return lower.startsWith("https://") ? "HTTPS" : lower.startsWith("http://") ? "HTTP" : null;
    }

    private Representation representation(CallerScope.VisibleSystem s, String base) {
        MediaState media = s.vm().media();
        String uri = base + "/" + Uris.CD;
        ObjectNode o = Json.resource(uri, Uris.TYPE_MEDIA, Uris.CD, "Virtual CD");
        o.put("Description", "Virtual CD-ROM of " + s.vm().id() + ", imported from an http(s) URL");
        o.set("MediaTypes", Json.strings(List.of("CD", "DVD")));
        o.put("Image", media.image());
        o.put("ImageName", media.imageName());
        o.put("Inserted", media.inserted());
        o.put("WriteProtected", true);
        o.put("ConnectedVia", media.inserted() ? "URI" : "NotConnected");
        o.put("TransferProtocolType", transferProtocol(media.image()));
        o.put("TransferMethod", media.inserted() ? "Upload" : null);
        ObjectNode status = o.putObject("Status");
        status.put("State", switch (media.phase()) {
            case EMPTY -> "Disabled";
            case IMPORTING -> "Starting";
            case READY -> "Enabled";
            case FAILED -> "UnavailableOffline";
        });
        status.put("Health", media.phase() == MediaState.Phase.FAILED ? "Critical" : "OK");
        ObjectNode actions = o.putObject("Actions");
        ObjectNode insert = actions.putObject("#" + INSERT);
        insert.put("target", uri + "/Actions/" + INSERT);
        insert.set("TransferProtocolType@Redfish.AllowableValues", Json.strings(List.of("HTTP", "HTTPS")));
        insert.set("TransferMethod@Redfish.AllowableValues", Json.strings(List.of("Stream", "Upload")));
        actions.putObject("#" + EJECT).put("target", uri + "/Actions/" + EJECT);
        ObjectNode oem = o.putObject("Oem").putObject("KubeVirt");
        oem.put("@odata.type", OemSchema.VIRTUAL_MEDIA);
        oem.put("ImportPhase", media.phase() == MediaState.Phase.EMPTY ? null : media.phase().name());
        oem.put("ImportProgress", media.progress());
        oem.put("Message", media.message());
        return new Representation(o, writes.version(s.vm().id()));
    }
}
