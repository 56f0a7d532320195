package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;

/** What the status of a media DataVolume says, read the way KubeVirt and CDI read it. */
final class DataVolumeStatus {

    private DataVolumeStatus() {
    }

    /**
     * Why KubeVirt counts this DataVolume as a {@code DataVolumeError}, or null when it does not: phase
     * {@code Failed}, or condition {@code Running=False} with reason {@code Error} or {@code ImagePullFailed}
     * (KubeVirt v1.9.0 pkg/storage/types/dv.go, HasDataVolumeErrors, used by isVirtualMachineStatusDataVolumeError of
     * pkg/virt-controller/watch/vm/vm.go). CDI rarely sets {@code Failed}: a failing importer pod (404, TLS, DNS)
     * leaves the phase at ImportScheduled/ImportInProgress, takes the pod's termination reason {@code Error} into the
     * Running condition and restarts the pod (CDI v1.66.0 pkg/controller/util.go, setAnnotationsFromPodWithPrefix;
     * pkg/controller/datavolume/import-controller.go, updateStatusPhase, which sets Failed only for a fatal error
     * such as a checksum mismatch; pkg/controller/datavolume/conditions.go, updateRunningCondition).
     */
    static String kubeVirtError(JsonNode dv) {
        JsonNode running = condition(dv, "Running");
        if (running != null && "False".equals(running.path("status").asText())
                && ("Error".equals(running.path("reason").asText())
                        || "ImagePullFailed".equals(running.path("reason").asText()))) {
            String message = running.path("message").asText("");
            return message.isEmpty() ? "importer stopped with reason " + running.path("reason").asText() : message;
        }
        if ("Failed".equals(phase(dv))) {
            return failure(dv);
        }
        return null;
    }

    /** The message of the first condition that is not True, else a generic one. */
    private static String failure(JsonNode dv) {
        for (JsonNode c : dv.at("/status/conditions")) {
            if (!c.path("message").asText("").isEmpty() && !"True".equals(c.path("status").asText())) {
                return c.path("message").asText();
            }
        }
        return "import of the image failed";
    }

    /**
     * {@code status.restartCount}: restarts of the importer pod (CDI v1.66.0 pkg/controller/util.go,
     * setAnnotationsFromPodWithPrefix, copied to the DataVolume by pkg/controller/datavolume/controller-base.go,
     * updateStatus). CDI restarts an importer that did not fail fatally, so a count above 0 while importing means
     * earlier attempts failed.
     */
    static int restartCount(JsonNode dv) {
        return dv.at("/status/restartCount").asInt(0);
    }

    static String phase(JsonNode dv) {
        return KubeVirtResources.text(dv, "/status/phase");
    }

    /**
     * The message of an import under way: its phase, then what the Bound and Running conditions say while they are
     * not True (why a Pending, WaitForFirstConsumer or PendingPopulation import waits, why its importer does not run;
     * CDI v1.66.0 pkg/controller/datavolume/conditions.go, updateBoundCondition and updateRunningCondition), and the
     * importer's restarts.
     */
    static String importing(JsonNode dv) {
        StringBuilder message = new StringBuilder(describe(phase(dv)));
        appendWaiting(message, condition(dv, "Bound"));
        appendWaiting(message, condition(dv, "Running"));
        int restarts = restartCount(dv);
        if (restarts > 0) {
            message.append("; importer restarts: ").append(restarts);
        }
        return message.toString();
    }

    private static String describe(String phase) {
        if (phase == null || phase.isEmpty()) {
            return "import pending";
        }
        return switch (phase) {
            case "WaitForFirstConsumer", "PendingPopulation" -> phase + ": storage waits for a consumer although"
                    + " immediate binding was requested; the import starts once CDI binds it";
            case "Pending" -> "import pending";
            case "ImportScheduled" -> "import scheduled";
            case "ImportInProgress" -> "import in progress";
            default -> phase;
        };
    }

    private static void appendWaiting(StringBuilder message, JsonNode condition) {
        if (condition == null || "True".equals(condition.path("status").asText())) {
            return;
        }
        String reason = condition.path("reason").asText("");
        String text = condition.path("message").asText("");
        if (reason.isEmpty() && text.isEmpty()) {
            return;
        }
        message.append("; ").append(condition.path("type").asText()).append(' ')
                .append(reason.isEmpty() ? text : text.isEmpty() ? reason : reason + ": " + text);
    }

    private static JsonNode condition(JsonNode dv, String type) {
        for (JsonNode c : dv.at("/status/conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return null;
    }
}
