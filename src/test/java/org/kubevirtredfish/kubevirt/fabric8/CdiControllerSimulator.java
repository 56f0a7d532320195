package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays CDI for created DataVolumes, one short step apart, chosen by the image URL's path:
 * <ul>
 * <li>default: Pending → ImportScheduled → ImportInProgress (35.50%, 80.00%) → Succeeded;</li>
 * <li>{@code /fail/...} or a URL given to {@link #failNext}: ImportScheduled → Failed with a condition message;</li>
 * <li>{@code /wffc/...}: Pending → WaitForFirstConsumer, and stays;</li>
 * <li>{@code /stall/...}: Pending, and stays.</li>
 * </ul>
 * Steps of a DataVolume that was deleted (and perhaps created again under its name) are dropped.
 */
final class CdiControllerSimulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CdiControllerSimulator.class.getName());
    private static final Pattern PATH = Pattern.compile("/apis/cdi\\.kubevirt\\.io/v1beta1/namespaces/([^/]+)/datavolumes");
    static final String FAILURE = "Unable to connect to http data source: expected status code 200, got 404";

    private final KubernetesClient admin;
    private final long stepMillis;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Set<String> failNext = ConcurrentHashMap.newKeySet();

    CdiControllerSimulator(KubernetesClient admin, long stepMillis) {
        this.admin = admin;
        this.stepMillis = stepMillis;
    }

    /** The next import of this URL fails. */
    void failNext(URI image) {
        failNext.add(image.toString());
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
            String urlPath = URI.create(url).getPath();
            if (failNext.remove(url) || urlPath.startsWith("/fail/")) {
                steps(m.group(1), name, Map.of("phase", "ImportScheduled", "progress", "N/A"),
                        Map.of("phase", "Failed", "progress", "N/A", "conditions", List.of(
                                Map.of("type", "Running", "status", "False", "reason", "Error",
                                        "message", FAILURE))));
            } else if (urlPath.startsWith("/wffc/")) {
                steps(m.group(1), name, Map.of("phase", "Pending"), Map.of("phase", "WaitForFirstConsumer"));
            } else if (urlPath.startsWith("/stall/")) {
                steps(m.group(1), name, Map.of("phase", "Pending"));
            } else {
                steps(m.group(1), name, Map.of("phase", "Pending"),
                        Map.of("phase", "ImportScheduled", "progress", "N/A"),
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
        AtomicReference<String> uid = new AtomicReference<>();
        for (Map<String, Object> status : statuses) {
            executor.schedule(() -> {
                try {
                    var dv = admin.genericKubernetesResources(KubeVirtResources.DATA_VOLUME).inNamespace(ns).withName(name);
                    var current = dv.get();
                    if (current == null) {
                        return;
                    }
                    uid.compareAndSet(null, current.getMetadata().getUid());
                    if (uid.get().equals(current.getMetadata().getUid())) {
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
