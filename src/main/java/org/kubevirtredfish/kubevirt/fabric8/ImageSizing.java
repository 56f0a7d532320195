package org.kubevirtredfish.kubevirt.fabric8;

import java.net.URI;
import java.util.OptionalLong;
import org.kubevirtredfish.kubevirt.GatewayException;

/**
 * The storage a DataVolume needs for an image: its size plus 10% and 64Mi (filesystem overhead of the PVC and
 * CDI's scratch space rounding), in whole Mi; the configured {@code storage_size} when the size is unknown.
 */
final class ImageSizing {

    static final long MIB = 1024L * 1024L;
    private static final long FIXED_OVERHEAD = 64 * MIB;

    private ImageSizing() {
    }

    static String storageRequest(URI image, OptionalLong imageBytes, Fabric8Options options) {
        if (imageBytes.isEmpty()) {
            return options.storageSize();
        }
        long bytes = imageBytes.getAsLong();
        if (bytes > options.imports().maxImageBytes()) {
            throw new GatewayException.ImageTooLarge(ImageProbe.withoutQuery(image), bytes,
                    options.imports().maxImageSize());
        }
        long needed = Math.addExact(Math.addExact(bytes, divideUp(bytes, 10)), FIXED_OVERHEAD);
        return divideUp(needed, MIB) + "Mi";
    }

    private static long divideUp(long a, long b) {
        return (a + b - 1) / b;
    }
}
