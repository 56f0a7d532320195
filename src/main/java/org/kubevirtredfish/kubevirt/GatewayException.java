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

    /**
     * The client's If-Match no longer names the VM's state: another write (through any replica) was accepted
     * since the client read it.
     */
    public static final class PreconditionFailed extends GatewayException {
        public PreconditionFailed(String message) {
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

    /**
     * The image server of an InsertMedia could not be used: no connection ({@code httpStatus} 0) or an HTTP error.
     * {@code origin} is the URL's {@code scheme://host[:port]} only, never its path or query (which may hold tokens).
     */
    public static final class ImageUnavailable extends GatewayException {
        private final String origin;
        private final int httpStatus;

        public ImageUnavailable(String origin, String reason, int httpStatus, Throwable cause) {
            super("image server " + origin + ": " + reason, cause);
            this.origin = origin;
            this.httpStatus = httpStatus;
        }

        public String origin() {
            return origin;
        }

        /** The image server's HTTP status, 0 when it could not be reached. */
        public int httpStatus() {
            return httpStatus;
        }
    }

    /** The image is larger than the service imports ({@code datavolume.max_image_size}). */
    public static final class ImageTooLarge extends GatewayException {
        private final String shownImage;

        /** @param shownImage the image URL without its query, as the client may be told it */
        public ImageTooLarge(String shownImage, long bytes, String limit) {
            super("image of " + bytes + " bytes exceeds datavolume.max_image_size " + limit, null);
            this.shownImage = shownImage;
        }

        public String shownImage() {
            return shownImage;
        }
    }
}
