package org.kubevirtredfish.kubevirt.simulator;

import java.net.URI;
import java.time.Instant;
import org.kubevirtredfish.kubevirt.MediaState;

/**
 * The DataVolume behind a VM's virtual CD, as CDI v1.66.0 moves it: phase Pending, ImportScheduled, ImportInProgress,
 * then Succeeded; or, when the importer fails, still ImportScheduled/ImportInProgress with condition Running=False
 * reason Error and a growing restart count. CDI marks a DataVolume Failed only for fatal errors such as a checksum
 * mismatch (pkg/controller/datavolume/import-controller.go, updateStatusPhase, case PodFailed); an unreachable host
 * or an HTTP error is retried by restarting the importer pod (pkg/controller/util.go,
 * setAnnotationsFromPodWithPrefix; pkg/controller/datavolume/controller-base.go, RestartCount from AnnPodRestarts).
 * Guarded by the lock of {@link SimulatedKubeVirt}.
 */
final class SimulatedDataVolume {

    /** A DataVolume condition (CDI v1.66.0 pkg/controller/datavolume/conditions.go). */
    record Condition(String status, String reason, String message) {
    }

    final String name;
    final URI image;
    final boolean writeProtected;
    final Instant created = Instant.now();
    String phase = "Pending";
    String progress = "N/A";
    /** Bound: the PVC is Pending until the import is scheduled (conditions.go, updateBoundCondition). */
    Condition bound;
    /** Running: the importer pod's state (conditions.go, updateRunningCondition). */
    Condition running = new Condition("False", "", "");
    int restartCount;
    /** The end of this import was told to the media listeners. */
    boolean endReported;

    SimulatedDataVolume(String name, URI image, boolean writeProtected) {
        this.name = name;
        this.image = image;
        this.writeProtected = writeProtected;
        this.bound = new Condition("False", "Pending", "PVC " + name + " Pending");
    }

    /**
     * The image cannot be fetched: a host under {@code .invalid} never resolves (RFC 6761), a path under
     * {@code /fail/} stands for an image server that answers 404.
     */
    static boolean failing(URI image) {
        String host = image.getHost() == null ? "" : image.getHost();
        return host.endsWith(".invalid") || (image.getPath() != null && image.getPath().startsWith("/fail/"));
    }

    /**
     * The importer's termination message for a failing image: cmd/cdi-importer/importer.go ("Unable to connect to %s
     * data source: %v") around pkg/importer/http-datasource.go, getImageReader. Only the URL's origin is repeated.
     */
    static String importerFailure(URI image) {
        String host = image.getHost() == null ? "" : image.getHost();
        if (host.endsWith(".invalid")) {
            return "Unable to connect to http data source: HTTP request errored: Get \"" + image.getScheme() + "://"
                    + host + "/…\": dial tcp: lookup " + host + ": no such host";
        }
        return "Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found";
    }

    /**
     * What KubeVirt counts as a DataVolumeError: phase Failed, or condition Running=False with reason Error or
     * ImagePullFailed (KubeVirt v1.9.0 pkg/storage/types/dv.go, HasDataVolumeErrors).
     */
    boolean hasError() {
        return "Failed".equals(phase) || ("False".equals(running.status())
                && ("Error".equals(running.reason()) || "ImagePullFailed".equals(running.reason())));
    }

    /**
     * KubeVirt shows a VM whose DataVolume is neither Succeeded nor PendingPopulation (nor an unbound
     * WaitForFirstConsumer) as Provisioning (v1.9.0 pkg/storage/types/dv.go, HasDataVolumeProvisioning).
     */
    boolean provisioning() {
        return !"Succeeded".equals(phase) && !"PendingPopulation".equals(phase)
                && ("True".equals(bound.status()) || !"WaitForFirstConsumer".equals(phase));
    }

    /** The virtual CD as Redfish reads it (S4): an importer error is FAILED at once, with its message. */
    MediaState media() {
        String shown = image.toString();
        String imageName = imageName(image);
        if ("Succeeded".equals(phase)) {
            return new MediaState(MediaState.Phase.READY, shown, imageName, writeProtected, progress, null);
        }
        if (hasError()) {
            return new MediaState(MediaState.Phase.FAILED, shown, imageName, writeProtected, progress,
                    running.message().isEmpty() ? "import of the image failed" : running.message());
        }
        String message = switch (phase) {
            case "Pending" -> "import pending: " + bound.message();
            case "ImportScheduled" -> "import scheduled";
            case "ImportInProgress" -> "import in progress";
            default -> phase;
        };
        return new MediaState(MediaState.Phase.IMPORTING, shown, imageName, writeProtected, progress, message);
    }

    private static String imageName(URI image) {
        String path = image.getPath() == null ? "" : image.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? null : name;
    }
}
