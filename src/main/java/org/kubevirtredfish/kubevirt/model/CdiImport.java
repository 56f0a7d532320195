package org.kubevirtredfish.kubevirt.model;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The DataVolume statuses CDI v1.66.0 writes for an HTTP import, per outcome. Sources:
 * pkg/controller/datavolume/import-controller.go {@code updateStatusPhase} (pod phase → DataVolume phase; a failed
 * importer keeps its phase unless the error is fatal, i.e. a checksum mismatch), pkg/controller/datavolume/conditions.go
 * ({@code updateBoundCondition}, {@code UpdateReadyCondition}, {@code updateRunningCondition}),
 * pkg/controller/util.go {@code setAnnotationsFromPodWithPrefix} (Running=False with the container's termination
 * reason "Error" and its termination message; the restart count), pkg/controller/import-controller.go
 * {@code updatePvcFromPod} (checksum mismatch: reason ChecksumError, fatal) and cmd/cdi-importer/importer.go
 * (termination messages).
 */
public final class CdiImport {

    /** CDI v1.66.0 pkg/controller/common/util.go, AnnImmediateBinding: bind a WaitForFirstConsumer PVC at once. */
    public static final String IMMEDIATE_BINDING = "cdi.kubevirt.io/storage.bind.immediate.requested";
    /** CDI v1.66.0 pkg/common/common.go, DefaultGlobalOverhead: filesystem volumes reserve 6 % of their size. */
    public static final double DEFAULT_FILESYSTEM_OVERHEAD = 0.06;
    /** CDI v1.66.0 pkg/controller/util.go, PodRunningReason. */
    static final String POD_RUNNING = "Pod is running";

    private CdiImport() {
    }

    /**
     * The statuses of an import, in order. A failing import (404, TLS, DNS) never reaches phase Failed: its last
     * status (ImportInProgress, Running=False reason Error) repeats with a growing restartCount, see
     * {@link #retry}. A checksum mismatch ends in Failed. With {@code waitForFirstConsumer} (a WFFC storage class
     * without the {@link #IMMEDIATE_BINDING} annotation) the import stops at WaitForFirstConsumer until a pod uses
     * the PVC.
     */
    public static List<DataVolumeStatus> statuses(String pvcName, URI image, ImportOutcome outcome,
            boolean waitForFirstConsumer) {
        List<DataVolumeStatus> out = new ArrayList<>();
        out.add(new DataVolumeStatus("Pending", "N/A", 0, List.of(
                new Condition("Bound", "False", "Pending", "PVC " + pvcName + " Pending"),
                new Condition("Ready", "False", null, null),
                new Condition("Running", "False", null, null))));
        if (waitForFirstConsumer) {
            out.add(new DataVolumeStatus("WaitForFirstConsumer", "N/A", 0, out.get(0).conditions()));
            return out;
        }
        Condition bound = new Condition("Bound", "True", "Bound", "PVC " + pvcName + " Bound");
        out.add(new DataVolumeStatus("ImportScheduled", "N/A", 0, List.of(bound,
                new Condition("Ready", "False", null, null), new Condition("Running", "False", null, null))));
        List<Condition> running = List.of(bound, new Condition("Ready", "False", "TransferRunning", null),
                new Condition("Running", "True", POD_RUNNING, null));
        switch (outcome) {
            case SUCCESS -> {
                out.add(new DataVolumeStatus("ImportInProgress", "N/A", 0, running));
                out.add(new DataVolumeStatus("ImportInProgress", "35.50%", 0, running));
                out.add(new DataVolumeStatus("ImportInProgress", "80.00%", 0, running));
                out.add(new DataVolumeStatus("Succeeded", "100.0%", 0, List.of(bound,
                        new Condition("Ready", "True", null, null),
                        new Condition("Running", "False", "Completed", "Import Complete"))));
            }
            case CHECKSUM_MISMATCH -> {
                out.add(new DataVolumeStatus("ImportInProgress", "N/A", 0, running));
                out.add(new DataVolumeStatus("Failed", "N/A", 0, List.of(bound,
                        new Condition("Ready", "False", null, null),
                        new Condition("Running", "False", "ChecksumError", failureMessage(image, outcome)))));
            }
            default -> {
                out.add(new DataVolumeStatus("ImportInProgress", "N/A", 0, running));
                out.add(retry(pvcName, image, outcome, 1));
            }
        }
        return out;
    }

    /**
     * A failing importer after its {@code restarts}-th restart: phase stays ImportInProgress (the pod is Running
     * while its container restarts), Running=False with reason Error and the termination message. KubeVirt counts
     * this as a DataVolumeError ({@link DataVolumeRules#error}).
     */
    public static DataVolumeStatus retry(String pvcName, URI image, ImportOutcome outcome, int restarts) {
        if (outcome == ImportOutcome.SUCCESS || outcome == ImportOutcome.CHECKSUM_MISMATCH) {
            throw new IllegalArgumentException(outcome + " is not retried");
        }
        return new DataVolumeStatus("ImportInProgress", "N/A", restarts, List.of(
                new Condition("Bound", "True", "Bound", "PVC " + pvcName + " Bound"),
                new Condition("Ready", "False", null, null),
                new Condition("Running", "False", "Error", failureMessage(image, outcome))));
    }

    /** The importer's termination message for a failing outcome (the Running condition's message). */
    public static String failureMessage(URI image, ImportOutcome outcome) {
        String get = "Get \"" + image + "\": ";
        return switch (outcome) {
            case HTTP_NOT_FOUND -> "Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found";
            case TLS_FAILURE -> "Unable to connect to http data source: HTTP request errored: " + get
                    + "tls: failed to verify certificate: x509: certificate signed by unknown authority";
            case DNS_FAILURE -> "Unable to connect to http data source: HTTP request errored: " + get
                    + "dial tcp: lookup " + image.getHost() + ": no such host";
            case CHECKSUM_MISMATCH -> "Unable to process data: checksum validation failed: checksum mismatch";
            case SUCCESS -> throw new IllegalArgumentException("no failure");
        };
    }

    /**
     * Whether the import waits for a first consumer: the storage class binds WaitForFirstConsumer and the DataVolume
     * does not carry the {@link #IMMEDIATE_BINDING} annotation, whatever its value (CDI v1.66.0
     * pkg/controller/common/util.go, IsWaitForFirstConsumerEnabled and ImmediateBindingRequested; with it the importer
     * pod is the first consumer and the import runs at once). The HonorWaitForFirstConsumer gate is assumed on.
     */
    public static boolean waitsForFirstConsumer(boolean wffcStorageClass, Map<String, String> annotations) {
        return wffcStorageClass && !annotations.containsKey(IMMEDIATE_BINDING);
    }

    /**
     * Whether CDI deletes a Succeeded DataVolume. CDI removed DataVolume garbage collection in v1.62
     * (staging/.../core/v1beta1/types.go, CDIConfigSpec.DataVolumeTTLSeconds "Deprecated: Removed in v1.62"), and
     * v1.66.0 has no deleteAfterCompletion annotation: a Succeeded DataVolume stays, whatever its annotations.
     */
    public static boolean garbageCollected(Map<String, String> annotations) {
        return false;
    }

    /**
     * The virtual size a filesystem-mode DataVolume needs for an image of this size: CDI keeps the filesystem
     * overhead free (CDI v1.66.0 pkg/common/common.go DefaultGlobalOverhead 0.06; pkg/util GetUsableSpace).
     */
    public static long requiredFilesystemBytes(long imageBytes, double overhead) {
        return (long) Math.ceil(imageBytes / (1 - overhead));
    }
}
