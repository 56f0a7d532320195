package org.kubevirtredfish.liberty;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Redfish error bodies of the answers Liberty writes itself, before any application: its HTTP channel answers a
 * request it cannot read (a malformed request line, a header over its limits) with a 400, headers that do not arrive
 * within the read timeout with a 408, a declared body over {@code messageSizeLimit} with a 413; its web container
 * answers a request URI it cannot decode with a 400 ({@link UndecodableUriContainer} answers that one first). Base
 * 1.22 messages ({@link ErrorJson}); a unit test holds them to the application's ErrorBody and BaseMessage. Fixed
 * texts: nothing of the request is echoed.
 */
public final class ChannelErrorBodies {

    /**
     * GeneralError's service-defined Resolution (Base 1.22 asks for one when GeneralError is used in
     * {@code @Message.ExtendedInfo}) for a request the HTTP server could not read.
     */
    static final String UNREADABLE_RESOLUTION = "The HTTP server could not read the request: resubmit it as one"
            + " well-formed HTTP/1.1 request, its request line and each header within the server's size limits.";

    /** GeneralError's Resolution for headers that did not arrive within the HTTP server's read timeout. */
    static final String TIMEOUT_RESOLUTION = "The HTTP server stopped waiting for the rest of the request's headers:"
            + " resubmit the request without pausing while sending it.";

    /**
     * GeneralError's Resolution for a request URI the web container cannot decode (a malformed percent-escape such
     * as {@code %zz}) or whose decoded form it refuses (an encoded NUL, {@code %00}).
     */
    static final String UNDECODABLE_URI_RESOLUTION = "The HTTP server could not decode the request URI: percent-encode"
            + " it as UTF-8 (RFC 3986), without encoded control characters, and resubmit the request.";

    /** GeneralError's Resolution for any other status the HTTP server answers itself. */
    static final String REFUSED_RESOLUTION = "The HTTP server refused the request before the service saw it:"
            + " the HTTP status code says why.";

    private static final String GENERAL_ERROR_TEXT = "A general error has occurred.  See Resolution for information on"
            + " how to resolve the error, or @Message.ExtendedInfo if Resolution is not provided.";

    static final String BAD_REQUEST = body("GeneralError", GENERAL_ERROR_TEXT, UNREADABLE_RESOLUTION);
    static final String REQUEST_TIMEOUT = body("GeneralError", GENERAL_ERROR_TEXT, TIMEOUT_RESOLUTION);
    static final String PAYLOAD_TOO_LARGE = body("PayloadTooLarge",
            "The supplied payload exceeds the maximum size supported by the service.",
            "Check that the supplied payload is correct and supported by this service.");
    static final String UNDECODABLE_URI = body("GeneralError", GENERAL_ERROR_TEXT, UNDECODABLE_URI_RESOLUTION);
    static final String OTHER = body("GeneralError", GENERAL_ERROR_TEXT, REFUSED_RESOLUTION);

    private static final byte[] BAD_REQUEST_BYTES = BAD_REQUEST.getBytes(StandardCharsets.UTF_8);
    private static final byte[] REQUEST_TIMEOUT_BYTES = REQUEST_TIMEOUT.getBytes(StandardCharsets.UTF_8);
    private static final byte[] PAYLOAD_TOO_LARGE_BYTES = PAYLOAD_TOO_LARGE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNDECODABLE_URI_BYTES = UNDECODABLE_URI.getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_BYTES = OTHER.getBytes(StandardCharsets.UTF_8);

    /** As the application's error answers. */
    public static final String CONTENT_TYPE = "application/json;charset=utf-8";

    private ChannelErrorBodies() {
    }

    /** The body of an answer with this status, a fresh copy (the channel may release what it is given). */
    public static byte[] forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST_BYTES.clone();
            case 408 -> REQUEST_TIMEOUT_BYTES.clone();
            case 413 -> PAYLOAD_TOO_LARGE_BYTES.clone();
            default -> OTHER_BYTES.clone();
        };
    }

    /** The body of the 400 for a request URI the web container cannot decode, a fresh copy. */
    public static byte[] undecodableUri() {
        return UNDECODABLE_URI_BYTES.clone();
    }

    private static String body(String name, String text, String resolution) {
        return ErrorJson.of(name, text, List.of(), resolution);
    }
}
