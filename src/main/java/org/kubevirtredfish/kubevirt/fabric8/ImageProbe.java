package org.kubevirtredfish.kubevirt.fabric8;

import java.net.URI;
import java.util.OptionalLong;
import org.kubevirtredfish.kubevirt.GatewayException;

/** Asks an image server, before anything is created in the cluster, whether the image is there and how large. */
@FunctionalInterface
interface ImageProbe {

    /**
     * @return the image's size in bytes, or empty when the server serves it without telling
     * @throws GatewayException.ImageUnavailable when the server cannot be reached or refuses the image
     */
    OptionalLong size(URI image);

    /** {@code scheme://host[:port]}: what may be logged or told about an image URL. */
    static String origin(URI image) {
        return image.getScheme() + "://" + image.getHost() + (image.getPort() < 0 ? "" : ":" + image.getPort());
    }

    /** The URL without query and fragment (which may carry tokens). */
    static String withoutQuery(URI image) {
        return origin(image) + (image.getRawPath() == null ? "" : image.getRawPath());
    }
}
