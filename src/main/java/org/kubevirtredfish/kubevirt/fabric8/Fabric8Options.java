package org.kubevirtredfish.kubevirt.fabric8;

import java.time.Duration;
import java.util.Objects;
import org.kubevirtredfish.config.ServiceSettings;

/**
 * Tunables of {@link Fabric8KubeVirtGateway}.
 *
 * @param requestTimeout     upper bound of one API call made by the gateway itself (subresource calls)
 * @param retryAfterSeconds  what {@code GatewayException.Unavailable} tells the client to wait
 * @param conflictRetries    how often a VM patch that lost a race (a value it replaces changed) is retried on a fresh read
 * @param storageClass       DataVolume storageClassName for virtual media, or null for the cluster default
 * @param storageSize        DataVolume size for virtual media whose size the image server does not tell
 * @param imports            how images are checked and imported
 */
public record Fabric8Options(Duration requestTimeout, int retryAfterSeconds, int conflictRetries,
        String storageClass, String storageSize, ImageImportOptions imports) {

    public Fabric8Options {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(storageSize, "storageSize");
        Objects.requireNonNull(imports, "imports");
        if (storageClass != null && storageClass.isBlank()) {
            storageClass = null;
        }
    }

    public Fabric8Options(Duration requestTimeout, int retryAfterSeconds, int conflictRetries, String storageClass,
            String storageSize) {
        this(requestTimeout, retryAfterSeconds, conflictRetries, storageClass, storageSize,
                ImageImportOptions.defaults());
    }

    public static Fabric8Options defaults() {
        return new Fabric8Options(Duration.ofSeconds(30), 5, 3, null, "10Gi");
    }

    /** From {@code kubevirt.timeout} and the {@code datavolume.*} keys (see {@link ImageImportOptions#from}). */
    public static Fabric8Options from(ServiceSettings settings) {
        return new Fabric8Options(Duration.ofSeconds(settings.integer("kubevirt.timeout", 30)), 5, 3,
                settings.string("datavolume.storage_class", null), settings.string("datavolume.storage_size", "10Gi"),
                ImageImportOptions.from(settings));
    }

    public Fabric8Options withRequestTimeout(Duration timeout) {
        return new Fabric8Options(timeout, retryAfterSeconds, conflictRetries, storageClass, storageSize, imports);
    }

    public Fabric8Options withImports(ImageImportOptions imports) {
        return new Fabric8Options(requestTimeout, retryAfterSeconds, conflictRetries, storageClass, storageSize, imports);
    }
}
