package org.kubevirtredfish.kubevirt;

/** A failure of the gateway, typed by what the Redfish client should be told. */
public abstract class GatewayException extends RuntimeException {

    protected GatewayException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The VM does not exist (any more). */
    public static final class NotFound extends GatewayException {
        public NotFound(VmId id) {
            super("virtual machine " + id + " not found", null);
        }
    }

    /** The request conflicts with the VM's current state (e.g. Pause while Off, insert while inserting). */
    public static final class Conflict extends GatewayException {
        public Conflict(String message) {
            super(message, null);
        }
    }

    /** The request itself is invalid for this VM (e.g. no device for the boot target). */
    public static final class BadRequest extends GatewayException {
        private final String property;
        private final String value;

        public BadRequest(String message, String property, String value) {
            super(message, null);
            this.property = property;
            this.value = value;
        }

        public String property() {
            return property;
        }

        public String value() {
            return value;
        }
    }

    /** The cluster cannot be reached or answered 5xx: the client should retry. */
    public static final class Unavailable extends GatewayException {
        private final int retryAfterSeconds;

        public Unavailable(String message, int retryAfterSeconds, Throwable cause) {
            super(message, cause);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** The cluster refused this service's ServiceAccount (RBAC). */
    public static final class Forbidden extends GatewayException {
        public Forbidden(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
