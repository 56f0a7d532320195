package org.kubevirtredfish.kubevirt.simulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.model.CdiImport;
import org.kubevirtredfish.kubevirt.model.Condition;
import org.kubevirtredfish.kubevirt.model.DataVolumeRules;
import org.kubevirtredfish.kubevirt.model.DataVolumeStatus;
import org.kubevirtredfish.kubevirt.model.DataVolumeView;
import org.kubevirtredfish.kubevirt.model.ImportOutcome;

/**
 * The DataVolume behind a VM's virtual CD, moved through the statuses CDI v1.66.0 writes ({@link CdiImport}): a
 * failing import never reaches phase Failed, it keeps ImportInProgress with Running=False reason Error and a growing
 * restart count. Guarded by the lock of {@link SimulatedKubeVirt}.
 */
final class SimulatedDataVolume {

    final String name;
    final URI image;
    final boolean writeProtected;
    final ImportOutcome outcome;
    final Instant created = Instant.now();
    DataVolumeStatus status;
    /** The end of this import was told to the media listeners. */
    boolean endReported;

    SimulatedDataVolume(String name, URI image, boolean writeProtected) {
        this.name = name;
        this.image = image;
        this.writeProtected = writeProtected;
        this.outcome = outcome(image);
        this.status = statuses().get(0);
    }

    /**
     * The import's outcome by the image URL: a host under {@code .invalid} never resolves (RFC 6761), a path under
     * {@code /fail/} stands for an image server that answers 404; anything else imports.
     */
    static ImportOutcome outcome(URI image) {
        String host = image.getHost() == null ? "" : image.getHost();
        if (host.endsWith(".invalid")) {
            return ImportOutcome.DNS_FAILURE;
        }
        return image.getPath() != null && image.getPath().startsWith("/fail/") ? ImportOutcome.HTTP_NOT_FOUND
                : ImportOutcome.SUCCESS;
    }

    /** The statuses of this import, in order (the first failure last for a failing one). */
    List<DataVolumeStatus> statuses() {
        return CdiImport.statuses(name, shownImage(), outcome, false);
    }

    /** The status after the importer's {@code restarts}-th restart. */
    DataVolumeStatus retry(int restarts) {
        return CdiImport.retry(name, shownImage(), outcome, restarts);
    }

    /** The URL the importer's messages repeat, without its query or fragment (they may carry tokens). */
    private URI shownImage() {
        try {
            return new URI(image.getScheme(), image.getAuthority(), image.getPath(), null, null);
        } catch (URISyntaxException e) {
            return URI.create(image.getScheme() + "://" + image.getHost());
        }
    }

    DataVolumeView view() {
        return status.view(name);
    }

    /**
     * The virtual CD as Redfish reads it (S4): what KubeVirt counts as a DataVolume error is FAILED at once, with the
     * importer's own message; otherwise READY when Succeeded, else IMPORTING with what it waits for.
     */
    MediaState media() {
        String shown = image.toString();
        String imageName = imageName(image);
        if ("Succeeded".equals(status.phase())) {
            return new MediaState(MediaState.Phase.READY, shown, imageName, writeProtected, status.progress(), null);
        }
        if (DataVolumeRules.error(view()).isPresent()) {
            String message = Condition.find(status.conditions(), "Running").map(Condition::message)
                    .filter(m -> m != null && !m.isEmpty()).orElse("DataVolume " + name + " is in Failed phase");
            return new MediaState(MediaState.Phase.FAILED, shown, imageName, writeProtected, status.progress(),
                    message);
        }
        String message = switch (status.phase()) {
            case "Pending" -> "import pending: " + Condition.find(status.conditions(), "Bound")
                    .map(Condition::message).orElse("PVC " + name + " Pending");
            case "ImportScheduled" -> "import scheduled";
            case "ImportInProgress" -> "import in progress";
            default -> status.phase();
        };
        return new MediaState(MediaState.Phase.IMPORTING, shown, imageName, writeProtected, status.progress(), message);
    }

    private static String imageName(URI image) {
        String path = image.getPath() == null ? "" : image.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? null : name;
    }
}
