package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.message.RedfishExceptionMapper;

/**
 * A Redfish payload on its way out: its ETag is a digest of the payload itself (and, for resources this service
 * writes, of the resource's write generation, see {@link SystemWrites}), so it changes whenever the representation
 * does, and {@code If-Match} is checked against the representation the client would GET now.
 */
final class Representation {

    static final String DMTF_SCHEMAS = "http://redfish.dmtf.org/schemas/v1/";
    static final String SWORDFISH_SCHEMAS = "http://redfish.dmtf.org/schemas/swordfish/v1/";

    private final ObjectNode body;
    private final String json;
    private final String version;
    private volatile String etag;

    Representation(ObjectNode body) {
        this(body, "");
    }

    /** @param version mixed into the ETag: it changes with every write even where the payload does not (yet) */
    Representation(ObjectNode body, String version) {
        this.body = body;
        this.json = body.toString();
        this.version = version;
    }

    /** The write version mixed into the ETag. */
    String version() {
        return version;
    }

    ObjectNode body() {
        return body;
    }

    /** Strong ETag, quoted: {@code "<digest>"}; computed once, the payload being fixed. */
    String etag() {
        String tag = etag;
        if (tag == null) {
            tag = '"' + digest(version + '/' + json) + '"';
            etag = tag;
        }
        return tag;
    }

    Response ok() {
        return with(Response.ok(json, RedfishExceptionMapper.JSON)).build();
    }

    Response.ResponseBuilder with(Response.ResponseBuilder r) {
        r.header(HttpHeaders.ETAG, etag());
        String type = body.path("@odata.type").asText("");
        if (type.startsWith("#")) {
            // "#ComputerSystem.v1_22_0.ComputerSystem" is described by ComputerSystem.v1_22_0.json
            String versioned = type.substring(1, type.lastIndexOf('.'));
            // the SNIA Swordfish schemas (Volume) are published under their own path
            String base = versioned.startsWith("Volume") ? SWORDFISH_SCHEMAS : DMTF_SCHEMAS;
            r.header("Link", "<" + base + versioned + ".json>; rel=describedby");
        }
        return r;
    }

    /**
     * Passes when there is no If-Match, it is {@code *} (the resource exists: it was just read), or one of its
     * tags is this ETag by RFC 9110's strong comparison, which a weak tag ({@code W/"..."}) never passes; otherwise
     * 412 PreconditionFailed.
     */
    void checkIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        String mine = etag();
        for (String tag : ifMatch.split(",")) {
            if (tag.trim().equals(mine)) {
                return;
            }
        }
        throw RedfishException.of(BaseMessage.PreconditionFailed);
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
