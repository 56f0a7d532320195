package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays CDI for created DataVolumes: ImportScheduled → ImportInProgress (progress) → Succeeded, one short step
 * apart; an image on a host ending in {@code .invalid} goes ImportScheduled → Failed instead.
 */
final class CdiControllerSimulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CdiControllerSimulator.class.getName());
    private static final Pattern PATH = Pattern.compile("/apis/cdi\\.kubevirt\\.io/v1beta1/namespaces/([^/]+)/datavolumes");

    private final KubernetesClient admin;
    private final long stepMillis;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    CdiControllerSimulator(KubernetesClient admin, long stepMillis) {
        this.admin = admin;
        this.stepMillis = stepMillis;
    }

    void created(String path, String body) {
        Matcher m = PATH.matcher(path.split("\\?")[0]);
        if (!m.matches()) {
            return;
        }
        try {
            JsonNode dv = KubeVirtResources.MAPPER.readTree(body);
            String name = dv.at("/metadata/name").asText();
            String url = dv.at("/spec/source/http/url").asText();
            String host = URI.create(url).getHost();
            if (host != null && host.endsWith(".invalid")) {
                steps(m.group(1), name, Map.of("phase", "ImportScheduled", "progress", "N/A"),
                        Map.of("phase", "Failed", "progress", "N/A", "conditions", List.of(
                                Map.of("type", "Running", "status", "False", "reason", "Error",
                                        "message", "Unable to connect to http data source: lookup " + host
                                                + ": no such host"))));
            } else {
                steps(m.group(1), name, Map.of("phase", "ImportScheduled", "progress", "N/A"),
                        Map.of("phase", "ImportInProgress", "progress", "35.50%"),
                        Map.of("phase", "ImportInProgress", "progress", "80.00%"),
                        Map.of("phase", "Succeeded", "progress", "100.0%"));
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "unreadable DataVolume", e);
        }
    }

    @SafeVarargs
    private void steps(String ns, String name, Map<String, Object>... statuses) {
        long delay = stepMillis;
        for (Map<String, Object> status : statuses) {
            executor.schedule(() -> {
                try {
                    var dv = admin.genericKubernetesResources(KubeVirtResources.DATA_VOLUME).inNamespace(ns).withName(name);
                    if (dv.get() != null) {
                        dv.patch(PatchContext.of(PatchType.JSON_MERGE),
                                KubeVirtResources.MAPPER.valueToTree(Map.of("status", status)).toString());
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "simulated CDI step failed", e);
                }
            }, delay, TimeUnit.MILLISECONDS);
            delay += stepMillis;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
