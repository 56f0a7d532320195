package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Objects;
import org.kubevirtredfish.config.GoDuration;
import org.kubevirtredfish.config.ServiceSettings;

/**
 * How virtual media images are checked before and imported after an InsertMedia.
 *
 * @param probeTimeout     bound of the connect and of the answer of the image server to the size probe
 * @param allowInsecureTls probe https image servers without verifying their certificate, and have CDI's importer
 *                         skip the verification too ({@code insecureSkipVerify}, CDI >= v1.66.0)
 * @param caBundle         PEM file of the CAs trusted for the probe instead of the JDK's, or null
 * @param certConfigMap    ConfigMap with the CA bundle CDI uses for the import ({@code certConfigMap}), or null
 * @param maxImageSize     the largest image accepted, a Kubernetes quantity
 * @param downloadTimeout  an import not finished this long after its DataVolume was created counts as failed
 * @param addresses        which image servers the probe may connect to ({@code datavolume.image_deny_cidrs},
 *                         {@code datavolume.image_allow})
 */
public record ImageImportOptions(Duration probeTimeout, boolean allowInsecureTls, String caBundle,
        String certConfigMap, String maxImageSize, Duration downloadTimeout, ImageAddressPolicy addresses) {

    public ImageImportOptions {
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(downloadTimeout, "downloadTimeout");
        Objects.requireNonNull(addresses, "addresses");
        caBundle = blankToNull(caBundle);
        certConfigMap = blankToNull(certConfigMap);
        maxImageBytes(maxImageSize);
    }

    /** With the default address policy (loopback and link-local denied). */
    public ImageImportOptions(Duration probeTimeout, boolean allowInsecureTls, String caBundle, String certConfigMap,
            String maxImageSize, Duration downloadTimeout) {
        this(probeTimeout, allowInsecureTls, caBundle, certConfigMap, maxImageSize, downloadTimeout,
                ImageAddressPolicy.defaults());
    }

    public static ImageImportOptions defaults() {
        return new ImageImportOptions(Duration.ofSeconds(10), false, null, null, "100Gi", Duration.ofMinutes(30));
    }

    static ImageImportOptions from(ServiceSettings settings) {
        return new ImageImportOptions(
                duration(settings, "datavolume.image_probe_timeout", "10s"),
                settings.bool("datavolume.allow_insecure_tls", false),
                settings.string("datavolume.ca_bundle", null),
                settings.string("datavolume.cert_configmap", null),
                settings.string("datavolume.max_image_size", "100Gi"),
                duration(settings, "datavolume.iso_download_timeout", "30m"),
                addresses(settings));
    }

    /** {@code datavolume.image_deny_cidrs} and {@code datavolume.image_allow}; event destinations obey them too. */
    public static ImageAddressPolicy addresses(ServiceSettings settings) {
        String denied = settings.string("datavolume.image_deny_cidrs", ImageAddressPolicy.DEFAULT_DENIED);
        String allowed = settings.string("datavolume.image_allow", "");
        try {
            return ImageAddressPolicy.of(denied, allowed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("datavolume.image_deny_cidrs / datavolume.image_allow: "
                    + e.getMessage(), e);
        }
    }

    private static Duration duration(ServiceSettings settings, String key, String fallback) {
        try {
            return GoDuration.parse(settings.string(key, fallback));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    long maxImageBytes() {
        return maxImageBytes(maxImageSize);
    }

    private static long maxImageBytes(String quantity) {
        try {
            return Quantity.getAmountInBytes(new Quantity(Objects.requireNonNull(quantity, "maxImageSize")))
                    .longValueExact();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("datavolume.max_image_size: not a size like 100Gi: " + quantity, e);
        }
    }

    public ImageImportOptions withDownloadTimeout(Duration timeout) {
        return new ImageImportOptions(probeTimeout, allowInsecureTls, caBundle, certConfigMap, maxImageSize, timeout,
                addresses);
    }

    public ImageImportOptions withCertConfigMap(String name) {
        return new ImageImportOptions(probeTimeout, allowInsecureTls, caBundle, name, maxImageSize, downloadTimeout,
                addresses);
    }

    public ImageImportOptions withAddresses(ImageAddressPolicy policy) {
        return new ImageImportOptions(probeTimeout, allowInsecureTls, caBundle, certConfigMap, maxImageSize,
                downloadTimeout, policy);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
