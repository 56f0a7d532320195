package org.kubevirtredfish.message;

/**
 * The messages of the DMTF Base registry that this service sends, each with the HTTP status it is
 * answered with (as bmcweb's message helpers do). Texts, argument counts, severities and resolutions are
 * those of Base 1.22.1; a unit test checks them against the registry file.
 */
public enum BaseMessage {
    Success(200, 0, Severity.OK,
            "The request completed successfully.",
            "None."),
    GeneralError(400, 0, Severity.Critical,
            "A general error has occurred.  See Resolution for information on how to resolve the error, or @Message.ExtendedInfo if Resolution is not provided.",
            "None."),
    InternalError(500, 0, Severity.Critical,
            "The request failed due to an internal service error.  The service is still operational.",
            "Resubmit the request.  If the problem persists, consider resetting the service."),
    MalformedJSON(400, 0, Severity.Critical,
            "The request body submitted was malformed JSON and could not be parsed by the receiving service.",
            "Ensure that the request body is valid JSON and resubmit the request."),
    UnrecognizedRequestBody(400, 0, Severity.Warning,
            "The service detected a malformed request body that it was unable to interpret.",
            "Correct the request body and resubmit the request if it failed."),
    EmptyJSON(400, 0, Severity.Warning,
            "The request body submitted contained an empty JSON object and the service is unable to process it.",
            "Add properties in the JSON object and resubmit the request."),
    PropertyUnknown(400, 1, Severity.Warning,
            "The property %1 is not in the list of valid properties for the resource.",
            "Remove the unknown property from the request body and resubmit the request if the operation failed."),
    PropertyNotWritable(400, 1, Severity.Warning,
            "The property %1 is a read-only property and cannot be assigned a value.",
            "Remove the property from the request body and resubmit the request if the operation failed."),
    PropertyValueNotInList(400, 2, Severity.Warning,
            "The value '%1' for the property %2 is not in the list of acceptable values.",
            "Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed."),
    PropertyValueTypeError(400, 2, Severity.Warning,
            "The value '%1' for the property %2 is not a type that the property can accept.",
            "Correct the value for the property in the request body and resubmit the request if the operation failed."),
    PropertyValueFormatError(400, 2, Severity.Warning,
            "The value '%1' for the property %2 is not a format that the property can accept.",
            "Correct the value for the property in the request body and resubmit the request if the operation failed."),
    PropertyMissing(400, 1, Severity.Warning,
            "The property %1 is a required property and must be included in the request.",
            "Ensure that the property is in the request body and has a valid value and resubmit the request if the operation failed."),
    PropertyValueConflict(400, 2, Severity.Warning,
            "The property '%1' could not be written because its value would conflict with the value of the '%2' property.",
            "None."),
    ActionParameterUnknown(400, 2, Severity.Warning,
            "The action %1 was submitted with the invalid parameter %2.",
            "Correct the invalid action parameter and resubmit the request if the operation failed."),
    ActionParameterMissing(400, 2, Severity.Critical,
            "The action %1 requires the parameter %2 to be present in the request body.",
            "Supply the action with the required parameter in the request body when the request is resubmitted."),
    ActionParameterValueNotInList(400, 3, Severity.Warning,
            "The value '%1' for the parameter %2 in the action %3 is not in the list of acceptable values.",
            "Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed."),
    ActionParameterValueTypeError(400, 3, Severity.Warning,
            "The value '%1' for the parameter %2 in the action %3 is not a type that the parameter can accept.",
            "Correct the value for the parameter in the request body and resubmit the request if the operation failed."),
    ActionParameterValueFormatError(400, 3, Severity.Warning,
            "The value '%1' for the parameter %2 in the action %3 is not a format that the parameter can accept.",
            "Correct the value for the parameter in the request body and resubmit the request if the operation failed."),
    ActionParameterValueError(400, 2, Severity.Warning,
            "The value for the parameter %1 in the action %2 is invalid.",
            "Correct the value for the parameter in the request body and resubmit the request if the operation failed."),
    ActionParameterValueOutOfRange(400, 3, Severity.Warning,
            "The value '%1' for the parameter %2 in the action %3 is not in the supported range of acceptable values.",
            "Correct the value for the parameter in the request body and resubmit the request if the operation failed."),
    ActionParameterNotSupported(400, 2, Severity.Warning,
            "The parameter %1 for the action %2 is not supported on the target resource.",
            "Remove the parameter supplied and resubmit the request if the operation failed."),
    ResourceNotFound(404, 2, Severity.Critical,
            "The requested resource of type %1 named '%2' was not found.",
            "Provide a valid resource identifier and resubmit the request."),
    ResourceMissingAtURI(404, 1, Severity.Critical,
            "The resource at the URI '%1' was not found.",
            "Place a valid resource at the URI or correct the URI and resubmit the request."),
    OperationNotAllowed(405, 0, Severity.Critical,
            "The HTTP method is not allowed on this resource.",
            "None."),
    HeaderInvalid(400, 1, Severity.Critical,
            "Header '%1' is invalid.",
            "Resubmit the request with a valid request header."),
    PreconditionFailed(412, 0, Severity.Critical,
            "The ETag supplied did not match the ETag required to change this resource.",
            "Try the operation again using the appropriate ETag."),
    QueryNotSupported(501, 0, Severity.Warning,
            "Querying is not supported by the implementation.",
            "Remove the query parameters and resubmit the request if the operation failed."),
    QueryParameterUnsupported(501, 1, Severity.Warning,
            "Query parameter '%1' is not supported.",
            "Correct or remove the query parameter and resubmit the request."),
    NoValidSession(401, 0, Severity.Critical,
            "There is no valid session established with the implementation.",
            "Establish a session before attempting any operations."),
    AccessDenied(401, 1, Severity.Critical,
            "While attempting to establish a connection to '%1', the service denied access.",
            "Attempt to ensure that the URI is correct and that the service has the appropriate credentials."),
    InsufficientPrivilege(403, 0, Severity.Critical,
            "There are insufficient privileges for the account or credentials associated with the current session to perform the requested operation.",
            "Either abandon the operation or change the associated access rights and resubmit the request if the operation failed."),
    ResourceInUse(409, 0, Severity.Warning,
            "The change to the requested resource failed because the resource is in use or in transition.",
            "Remove the condition and resubmit the request if the operation failed."),
    PropertyValueResourceConflict(409, 3, Severity.Warning,
            "The property '%1' with the requested value of '%2' could not be written because the value conflicts with the state or configuration of the resource at '%3'.",
            "None."),
    ServiceTemporarilyUnavailable(503, 1, Severity.Critical,
            "The service is temporarily unavailable.  Retry in %1 seconds.",
            "Wait for the indicated retry duration and retry the operation."),
    OperationTimeout(503, 0, Severity.Warning,
            "A timeout internal to the service occurred as part of the request.  Partial results may have been returned.",
            "Resubmit the request.  If the problem persists, consider resetting the service or provider."),
    OperationFailed(502, 0, Severity.Warning,
            "An error occurred internal to the service as part of the overall request.  Partial results may have been returned.",
            "Resubmit the request.  If the problem persists, consider resetting the service or provider."),
    ResourceAtUriUnauthorized(502, 2, Severity.Critical,
            "While accessing the resource at '%1', the service received an authorization error '%2'.",
            "Ensure that the appropriate access is provided for the service in order for it to access the URI."),
    CouldNotEstablishConnection(502, 1, Severity.Critical,
            "The service failed to establish a connection with the URI '%1'.",
            "Ensure that the URI contains a valid and reachable node name, protocol information, and other URI components."),
    SourceDoesNotSupportProtocol(400, 2, Severity.Critical,
            "The other end of the connection at '%1' does not support the specified protocol %2.",
            "Change protocols or URIs."),
    CreateFailedMissingReqProperties(400, 1, Severity.Critical,
            "The create operation failed because the required property %1 was missing from the request.",
            "Correct the body to include the required property with a valid value and resubmit the request if the operation failed."),
    SessionLimitExceeded(503, 0, Severity.Critical,
            "The session establishment failed due to the number of simultaneous sessions exceeding the limit of the implementation.",
            "Reduce the number of other sessions before trying to establish the session or increase the limit of simultaneous sessions, if supported."),
    ActionNotSupported(400, 1, Severity.Critical,
            "The action %1 is not supported by the resource.",
            "Check the Actions property in the resource for the supported actions."),
    PayloadTooLarge(413, 0, Severity.Critical,
            "The supplied payload exceeds the maximum size supported by the service.",
            "Check that the supplied payload is correct and supported by this service."),
    ResourceExhaustion(503, 1, Severity.Critical,
            "The resource '%1' was unable to satisfy the request due to unavailability of resources.",
            "Ensure that the resources are available and resubmit the request."),
    PropertyValueIncorrect(400, 2, Severity.Warning,
            "The property '%1' with the requested value of '%2' could not be written because the value is not acceptable for the property.",
            "None."),
    EventSubscriptionLimitExceeded(503, 0, Severity.Critical,
            "The event subscription failed due to the number of simultaneous subscriptions exceeding the limit of the implementation.",
            "Reduce the number of other subscriptions before trying to establish the event subscription or increase the limit of simultaneous subscriptions, if supported.");

    public static final String REGISTRY = "Base.1.22";

    public enum Severity { OK, Warning, Critical }

    private final int status;
    private final int argCount;
    private final Severity severity;
    private final String text;
    private final String resolution;

    BaseMessage(int status, int argCount, Severity severity, String text, String resolution) {
        this.status = status;
        this.argCount = argCount;
        this.severity = severity;
        this.text = text;
        this.resolution = resolution;
    }

    /** The HTTP status a response made of this message alone carries. */
    public int status() {
        return status;
    }

    public int argCount() {
        return argCount;
    }

    public Severity severity() {
        return severity;
    }

    public String text() {
        return text;
    }

    public String resolution() {
        return resolution;
    }

    /** {@code Base.1.22.<name>} */
    public String messageId() {
        return REGISTRY + "." + name();
    }

    /** The message with its arguments, ready for {@code @Message.ExtendedInfo}. */
    public RedfishMessage with(String... args) {
        return new RedfishMessage(this, java.util.List.of(args), java.util.List.of());
    }
}
