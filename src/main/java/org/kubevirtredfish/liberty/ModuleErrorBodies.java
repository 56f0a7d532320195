package org.kubevirtredfish.liberty;

import java.util.List;
import org.kubevirtredfish.health.LogText;

/**
 * The Redfish error bodies of the errors Liberty's own web modules (/health, /openapi, /openapi/ui, /metrics,
 * /ibm/api) answer through their error pages ({@link ModuleErrorPages}): the messages the application's own error
 * page (guard.ContainerErrorServlet) gives for the same status, a unit test holds them equal; a status it has no
 * message of its own for is a GeneralError whose Resolution points at the status.
 */
public final class ModuleErrorBodies {

    /** As the application's ErrorBody cuts each echoed value. */
    static final int MAX_ARG_LENGTH = 128;

    private ModuleErrorBodies() {
    }

    /** @param uri the raw request URI, echoed (escaped as in the request log and cut) by ResourceMissingAtURI */
    public static String forStatus(int status, String uri) {
        return switch (status) {
            case 401 -> ErrorJson.of("NoValidSession", "There is no valid session established with the"
                    + " implementation.", List.of(), "Establish a session before attempting any operations.");
            case 403 -> ErrorJson.of("InsufficientPrivilege", "There are insufficient privileges for the account or"
                    + " credentials associated with the current session to perform the requested operation.",
                    List.of(), "Either abandon the operation or change the associated access rights and resubmit"
                    + " the request if the operation failed.");
            case 404 -> resourceMissing(cut(LogText.raw(uri)));
            case 405 -> ErrorJson.of("OperationNotAllowed", "The HTTP method is not allowed on this resource.",
                    List.of(), "None.");
            case 413 -> ChannelErrorBodies.PAYLOAD_TOO_LARGE;
            case 500 -> ErrorJson.of("InternalError", "The request failed due to an internal service error.  The"
                    + " service is still operational.", List.of(), "Resubmit the request.  If the problem persists,"
                    + " consider resetting the service.");
            default -> ChannelErrorBodies.OTHER;
        };
    }

    private static String resourceMissing(String uri) {
        return ErrorJson.of("ResourceMissingAtURI", "The resource at the URI '" + uri + "' was not found.",
                List.of(uri), "Place a valid resource at the URI or correct the URI and resubmit the request.");
    }

    /** As RedfishMessage#bounded: at most 128 characters, then an ellipsis. */
    private static String cut(String value) {
        if (value.length() <= MAX_ARG_LENGTH) {
            return value;
        }
        return value.substring(0, MAX_ARG_LENGTH) + "\u2026";
    }
}
