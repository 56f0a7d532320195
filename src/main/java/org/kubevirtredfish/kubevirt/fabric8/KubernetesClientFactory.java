package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.logging.Logger;
import org.kubevirtredfish.config.ServiceSettings;

/**
 * Builds the fabric8 client on the JDK HTTP client. fabric8's auto-configuration picks the ServiceAccount
 * of the pod (token, CA and namespace under /var/run/secrets/kubernetes.io/serviceaccount) when running
 * in-cluster, else the kubeconfig ({@code KUBECONFIG} or ~/.kube/config). The caller owns and closes the client.
 */
public final class KubernetesClientFactory {

    private static final Logger LOG = Logger.getLogger(KubernetesClientFactory.class.getName());

    private KubernetesClientFactory() {
    }

    /** With {@code kubevirt.timeout} (seconds, default 30) and {@code kubevirt.allow_insecure_tls}. */
    public static KubernetesClient create(ServiceSettings settings) {
        return create(settings, new ApiCallMeter());
    }

    /** Every request of the client is measured by {@code meter}. */
    public static KubernetesClient create(ServiceSettings settings, ApiCallMeter meter) {
        return create(settings.integer("kubevirt.timeout", 30), settings.bool("kubevirt.allow_insecure_tls", false),
                meter);
    }

    public static KubernetesClient create(int timeoutSeconds, boolean allowInsecureTls) {
        return create(timeoutSeconds, allowInsecureTls, new ApiCallMeter());
    }

    public static KubernetesClient create(int timeoutSeconds, boolean allowInsecureTls, ApiCallMeter meter) {
        return new KubernetesClientBuilder()
                .withConfig(config(Config.autoConfigure(null), timeoutSeconds, allowInsecureTls))
                .withHttpClientFactory(new JdkHttpClientFactory())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(ApiCallMeter.NAME, meter))
                .build();
    }

    static Config config(Config base, int timeoutSeconds, boolean allowInsecureTls) {
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException("kubevirt.timeout must be a positive number of seconds");
        }
        int millis = timeoutSeconds * 1000;
        if (allowInsecureTls) {
            LOG.warning("kubevirt.allow_insecure_tls is true: the API server certificate is NOT verified");
        }
        Config config = new ConfigBuilder(base)
                .withRequestTimeout(millis)
                .withConnectionTimeout(millis)
                .withTrustCerts(allowInsecureTls || base.isTrustCerts())
                .withDisableHostnameVerification(allowInsecureTls || base.isDisableHostnameVerification())
                .build();
        LOG.info(() -> "Kubernetes API " + config.getMasterUrl() + " (timeout " + timeoutSeconds + " s)");
        return config;
    }
}
