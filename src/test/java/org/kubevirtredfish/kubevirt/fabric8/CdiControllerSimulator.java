package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kubevirtredfish.kubevirt.model.CdiImport;
import org.kubevirtredfish.kubevirt.model.Condition;
import org.kubevirtredfish.kubevirt.model.DataVolumeStatus;
import org.kubevirtredfish.kubevirt.model.ImportOutcome;

/**
 * Plays CDI v1.66.0 for created DataVolumes, writing the statuses of {@link CdiImport#statuses} one step apart. The
 * outcome is chosen by the image URL:
 * <ul>
 * <li>default: success (Pending → ImportScheduled → ImportInProgress 35.50%, 80.00% → Succeeded);</li>
 * <li>path {@code /fail/...} or a URL given to {@link #failNext}: the server answers 404; a host under
 *     {@code .invalid}: DNS failure; path {@code /tls/...}: untrusted certificate. These never reach phase Failed:
 *     the importer restarts (restartCount grows, with back-off) and Running stays False with reason Error;</li>
 * <li>path {@code /checksum/...}: checksum mismatch, phase Failed;</li>
 * <li>path {@code /wffc/...}: a WaitForFirstConsumer storage class, which waits only without the immediate-binding
 *     annotation;</li>
 * <li>path {@code /stall/...}: Pending, and stays;</li>
 * <li>path {@code /held/...}: success, but it stays ImportInProgress at 35.50% until {@link #releaseHeld} (a
 *     test decides when the import ends: the statuses are the default ones, only their timing is the test's).</li>
 * </ul>
 * Steps of a DataVolume that was deleted (and perhaps created again under its name) are dropped. Succeeded
 * DataVolumes are never garbage-collected (removed in CDI v1.62).
 */
final class CdiControllerSimulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CdiControllerSimulator.class.getName());
    private static final Pattern PATH = Pattern.compile("/apis/cdi\\.kubevirt\\.io/v1beta1/namespaces/([^/]+)/datavolumes");
    /** How often a failing importer is restarted before the simulation stops retrying (real CDI never stops). */
    private static final int RETRIES = 6;
    /** The condition message of a 404 import, as the gateway should report it. */
    static final String FAILURE = CdiImport.failureMessage(URI.create("http://unused/"), ImportOutcome.HTTP_NOT_FOUND);

    private final MockStore store;
    private final long stepMillis;
    private final java.util.function.BiConsumer<String, String> changed;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-cdi");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> failNext = ConcurrentHashMap.newKeySet();
    private final List<HeldImport> held = new java.util.ArrayList<>();

    /**
     * The statuses of a {@code /held/} import still to come, written once released, but never before its earlier
     * steps (scheduled at creation, the last one at {@code earlierStepsEnd}, System.nanoTime()): a release right after
     * the creation would otherwise let a late 35.50% overwrite Succeeded, and the import would never end.
     */
    private record HeldImport(String namespace, String name, String uid, List<DataVolumeStatus> rest,
            long earlierStepsEnd) {
    }

    /**
     * @param changed called with namespace and name after every status write (virt-controller reacts to
     *                DataVolume changes)
     */
    CdiControllerSimulator(MockStore store, long stepMillis, java.util.function.BiConsumer<String, String> changed) {
        this.store = store;
        this.stepMillis = stepMillis;
        this.changed = changed;
    }

    /** The next import of this URL fails with a 404. */
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
            String ns = m.group(1);
            String name = dv.at("/metadata/name").asText();
            URI url = URI.create(dv.at("/spec/source/http/url").asText());
            String urlPath = url.getPath() == null ? "" : url.getPath();
            Map<String, String> annotations = new HashMap<>();
            dv.at("/metadata/annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
            ImportOutcome outcome = outcome(url, urlPath);
            boolean wffc = CdiImport.waitsForFirstConsumer(urlPath.startsWith("/wffc/"), annotations);
            List<DataVolumeStatus> statuses = urlPath.startsWith("/stall/")
                    ? CdiImport.statuses(name, url, outcome, false).subList(0, 1)
                    : CdiImport.statuses(name, url, outcome, wffc);
            String uid = store.get(KubeVirtResources.DATA_VOLUME, ns, name).at("/metadata/uid").asText();
            long delay = stepMillis;
            if (urlPath.startsWith("/held/") && outcome == ImportOutcome.SUCCESS) {
                int inProgress = statuses.size() - 2; // up to 35.50%; 80.00% and Succeeded wait for the release
                long earlierStepsEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stepMillis * inProgress);
                synchronized (held) {
                    held.add(new HeldImport(ns, name, uid, List.copyOf(statuses.subList(inProgress, statuses.size())),
                            earlierStepsEnd));
                }
                statuses = statuses.subList(0, inProgress);
            }
            for (DataVolumeStatus status : statuses) {
                schedule(ns, name, uid, status, delay);
                delay += stepMillis;
            }
            boolean retried = outcome != ImportOutcome.SUCCESS && outcome != ImportOutcome.CHECKSUM_MISMATCH && !wffc
                    && !urlPath.startsWith("/stall/");
            for (int restarts = 2; retried && restarts <= RETRIES; restarts++) {
                delay += stepMillis * (1L << Math.min(restarts, 4)); // the kubelet's growing back-off
                schedule(ns, name, uid, CdiImport.retry(name, url, outcome, restarts), delay);
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "unreadable DataVolume", e);
        }
    }

    /**
     * The {@code /held/} imports go on from now, one step apart, to Succeeded.
     *
     * @return how many were released
     */
    int releaseHeld() {
        List<HeldImport> released;
        synchronized (held) {
            released = List.copyOf(held);
            held.clear();
        }
        for (HeldImport h : released) {
            long delay = stepMillis + Math.max(0, TimeUnit.NANOSECONDS.toMillis(h.earlierStepsEnd() - System.nanoTime()));
            for (DataVolumeStatus status : h.rest()) {
                schedule(h.namespace(), h.name(), h.uid(), status, delay);
                delay += stepMillis;
            }
        }
        return released.size();
    }

    private ImportOutcome outcome(URI url, String urlPath) {
        if (failNext.remove(url.toString()) || urlPath.startsWith("/fail/")) {
            return ImportOutcome.HTTP_NOT_FOUND;
        }
        if (url.getHost() != null && url.getHost().endsWith(".invalid")) {
            return ImportOutcome.DNS_FAILURE;
        }
        if (urlPath.startsWith("/tls/")) {
            return ImportOutcome.TLS_FAILURE;
        }
        if (urlPath.startsWith("/checksum/")) {
            return ImportOutcome.CHECKSUM_MISMATCH;
        }
        return ImportOutcome.SUCCESS;
    }

    private void schedule(String ns, String name, String uid, DataVolumeStatus status, long delay) {
        executor.schedule(() -> {
            try {
                ObjectNode current = store.get(KubeVirtResources.DATA_VOLUME, ns, name);
                if (current == null || !uid.equals(current.at("/metadata/uid").asText())) {
                    return;
                }
                ArrayNode ops = KubeVirtResources.MAPPER.createArrayNode();
                ops.addObject().put("op", "add").put("path", "/status").set("value", json(status));
                store.jsonPatch(KubeVirtResources.DATA_VOLUME, ns, name, ops);
                changed.accept(ns, name);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "simulated CDI step failed", e);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private static ObjectNode json(DataVolumeStatus status) {
        ObjectNode o = KubeVirtResources.MAPPER.createObjectNode();
        o.put("phase", status.phase()).put("progress", status.progress()).put("restartCount", status.restartCount());
        ArrayNode conditions = o.putArray("conditions");
        for (Condition c : status.conditions()) {
            ObjectNode n = conditions.addObject().put("type", c.type()).put("status", c.status());
            n.put("reason", c.reason() == null ? "" : c.reason());
            n.put("message", c.message() == null ? "" : c.message());
        }
        return o;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
