package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.kubevirtredfish.kubevirt.MediaState;

/**
 * Virtual media as a CDI DataVolume imported from the image URL, attached to the VM as the read-only SATA CD-ROM
 * {@value KubeVirtResources#MEDIA_DEVICE} whose volume names the DataVolume.
 */
final class VirtualMedia {

    private static final int MAX_NAME = 63;

    private VirtualMedia() {
    }

    /** {@code <vm>-cd-<8 hex of sha256(url)>}, DNS-safe and at most 63 characters. */
    static String dataVolumeName(String vmName, URI image) {
        String suffix = "-cd-" + sha256(image.toString()).substring(0, 8);
        String prefix = vmName.toLowerCase().replaceAll("[^a-z0-9-]", "-");
        if (prefix.length() > MAX_NAME - suffix.length()) {
            prefix = prefix.substring(0, MAX_NAME - suffix.length());
        }
        prefix = prefix.replaceAll("^-+|-+$", "");
        return (prefix.isEmpty() ? "vm" : prefix) + suffix;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The image URL goes into the spec as data only; {@code storage} is a Kubernetes quantity. */
    static GenericKubernetesResource dataVolume(GenericKubernetesResource vm, String name, URI image, String storage,
            Fabric8Options options) {
        GenericKubernetesResource dv = new GenericKubernetesResource();
        dv.setApiVersion("cdi.kubevirt.io/v1beta1");
        dv.setKind("DataVolume");
        dv.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(vm.getMetadata().getNamespace())
                .addToLabels(KubeVirtResources.VM_LABEL, vm.getMetadata().getName())
                // Import now even on WaitForFirstConsumer storage: the VM must not start before its ISO is there.
                .addToAnnotations("cdi.kubevirt.io/storage.bind.immediate.requested", "true")
                .addToOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("kubevirt.io/v1").withKind("VirtualMachine")
                        .withName(vm.getMetadata().getName()).withUid(vm.getMetadata().getUid())
                        .build())
                .build());
        Map<String, Object> storageSpec = new LinkedHashMap<>();
        storageSpec.put("resources", Map.of("requests", Map.of("storage", storage)));
        if (options.storageClass() != null) {
            storageSpec.put("storageClassName", options.storageClass());
        }
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("url", image.toString());
        if (options.imports().certConfigMap() != null) {
            http.put("certConfigMap", options.imports().certConfigMap());
        }
        dv.setAdditionalProperty("spec", Map.of("source", Map.of("http", http), "storage", storageSpec));
        return dv;
    }

    /** Adds the CD-ROM (unless the VM declares one of that name already) and its volume. */
    static void attach(ObjectNode vm, String dataVolumeName, URI image) {
        ObjectNode devices = (ObjectNode) vm.at("/spec/template/spec/domain/devices");
        ArrayNode disks = devices.withArray("disks");
        if (find(disks, KubeVirtResources.MEDIA_DEVICE) == null) {
            ObjectNode cd = disks.addObject().put("name", KubeVirtResources.MEDIA_DEVICE);
            cd.putObject("cdrom").put("bus", "sata").put("readonly", true);
        }
        ArrayNode volumes = ((ObjectNode) vm.at("/spec/template/spec")).withArray("volumes");
        removeNamed(volumes, KubeVirtResources.MEDIA_DEVICE);
        volumes.addObject().put("name", KubeVirtResources.MEDIA_DEVICE)
                .putObject("dataVolume").put("name", dataVolumeName);
        annotations(vm).put(KubeVirtResources.MEDIA_IMAGE_ANNOTATION, image.toString());
    }

    /** Removes the CD-ROM, its volume and the image annotation. */
    static void detach(ObjectNode vm) {
        JsonNode disks = vm.at("/spec/template/spec/domain/devices/disks");
        if (disks.isArray()) {
            removeNamed((ArrayNode) disks, KubeVirtResources.MEDIA_DEVICE);
        }
        JsonNode volumes = vm.at("/spec/template/spec/volumes");
        if (volumes.isArray()) {
            removeNamed((ArrayNode) volumes, KubeVirtResources.MEDIA_DEVICE);
        }
        annotations(vm).remove(KubeVirtResources.MEDIA_IMAGE_ANNOTATION);
    }

    static ObjectNode annotations(ObjectNode vm) {
        return ((ObjectNode) vm.get("metadata")).withObject("/annotations");
    }

    /** The DataVolume behind the media volume, or null when no media is attached. */
    static String attachedDataVolume(JsonNode vm) {
        JsonNode volume = find(vm.at("/spec/template/spec/volumes"), KubeVirtResources.MEDIA_DEVICE);
        return volume == null ? null : KubeVirtResources.text(volume, "/dataVolume/name");
    }

    /**
     * The media as the VM and its DataVolume tell it, so it survives a restart of the service: an import not
     * finished {@code downloadTimeout} after the DataVolume was created counts as failed.
     */
    static MediaState state(JsonNode vm, Function<String, JsonNode> dataVolumes, Duration downloadTimeout,
            Instant now) {
        String dvName = attachedDataVolume(vm);
        if (dvName == null) {
            return MediaState.empty();
        }
        String image = KubeVirtResources.text(vm, "/metadata/annotations/"
                + KubeVirtResources.MEDIA_IMAGE_ANNOTATION.replace("/", "~1"));
        String imageName = image == null ? null : imageName(image);
        JsonNode dv = dataVolumes.apply(dvName);
        if (dv == null) {
            return new MediaState(MediaState.Phase.FAILED, image, imageName, true, null,
                    "DataVolume " + dvName + " not found; insert the media again");
        }
        String phase = KubeVirtResources.text(dv, "/status/phase");
        String progress = KubeVirtResources.text(dv, "/status/progress");
        if ("Succeeded".equals(phase)) {
            return new MediaState(MediaState.Phase.READY, image, imageName, true, "100.0%", null);
        }
        if ("Failed".equals(phase)) {
            return new MediaState(MediaState.Phase.FAILED, image, imageName, true, progress, failure(dv));
        }
        Instant deadline = importDeadline(dv, downloadTimeout);
        if (deadline != null && !now.isBefore(deadline)) {
            return new MediaState(MediaState.Phase.FAILED, image, imageName, true, progress,
                    "import timed out: not finished within " + downloadTimeout.toString().substring(2).toLowerCase());
        }
        return new MediaState(MediaState.Phase.IMPORTING, image, imageName, true, progress, importing(phase));
    }

    private static String imageName(String image) {
        try {
            String path = URI.create(image).getPath();
            return path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        } catch (IllegalArgumentException e) {
            return image.substring(image.lastIndexOf('/') + 1);
        }
    }

    private static String importing(String phase) {
        if (phase == null || phase.isEmpty()) {
            return "import pending";
        }
        return switch (phase) {
            case "WaitForFirstConsumer" -> "WaitForFirstConsumer: storage waits for a consumer although immediate"
                    + " binding was requested; the import starts once CDI binds it";
            case "ImportScheduled" -> "import scheduled";
            case "ImportInProgress" -> "import in progress";
            default -> phase;
        };
    }

    /** When an unfinished import of this DataVolume counts as failed; null when unknown. */
    static Instant importDeadline(JsonNode dv, Duration downloadTimeout) {
        String created = KubeVirtResources.text(dv, "/metadata/creationTimestamp");
        try {
            return created == null ? null : Instant.parse(created).plus(downloadTimeout);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String failure(JsonNode dv) {
        for (JsonNode c : dv.at("/status/conditions")) {
            if (!c.path("message").asText("").isEmpty() && !"True".equals(c.path("status").asText())) {
                return c.path("message").asText();
            }
        }
        return "import of the image failed";
    }

    private static JsonNode find(JsonNode array, String name) {
        if (array != null && array.isArray()) {
            for (JsonNode n : array) {
                if (name.equals(n.path("name").asText())) {
                    return n;
                }
            }
        }
        return null;
    }

    private static void removeNamed(ArrayNode array, String name) {
        for (int i = array.size() - 1; i >= 0; i--) {
            if (name.equals(array.get(i).path("name").asText())) {
                array.remove(i);
            }
        }
    }
}
