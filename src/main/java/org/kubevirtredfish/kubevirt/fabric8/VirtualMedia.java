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
 * Virtual media as a CDI DataVolume imported from the image URL, attached to the VM as the read-only CD-ROM
 * {@value KubeVirtResources#MEDIA_DEVICE} (SATA, or SCSI where the architecture has no SATA) whose volume names the
 * DataVolume.
 */
final class VirtualMedia {

    private static final int MAX_NAME = 63;
    static final String DELETE_AFTER_COMPLETION = "cdi.kubevirt.io/storage.deleteAfterCompletion";

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
                // CDI v1.56.0-v1.61.0 delete a Succeeded DataVolume annotated "true", and their mutating webhook
                // adds "true" to every new DataVolume not annotated "false" once CDIConfig.dataVolumeTTLSeconds >= 0
                // (the default in v1.56.0): the VM would name a DataVolume that is gone. (CDI v1.56.0
                // pkg/apiserver/webhooks/datavolume-mutate.go, Admit; pkg/controller/datavolume/garbagecollect.go,
                // garbageCollect and isGarbageCollectionAllowed; removed in v1.62.0.)
                .addToAnnotations(DELETE_AFTER_COMPLETION, "false")
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
        if (options.imports().allowInsecureTls()) {
            // The importer skips certificate verification too, not only our size probe: CDI >= v1.66.0 (CDI v1.66.0
            // staging/.../core/v1beta1/types.go, DataVolumeSourceHTTP.InsecureSkipVerify; pkg/controller/common/
            // util.go, UpdateHTTPAnnotations; pkg/controller/import-controller.go, isInsecureTLS). An older CDI's
            // API server drops the unknown field and the importer still verifies.
            http.put("insecureSkipVerify", true);
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
            cd.putObject("cdrom").put("bus", cdromBus(vm)).put("readonly", true);
        }
        ArrayNode volumes = ((ObjectNode) vm.at("/spec/template/spec")).withArray("volumes");
        removeNamed(volumes, KubeVirtResources.MEDIA_DEVICE);
        volumes.addObject().put("name", KubeVirtResources.MEDIA_DEVICE)
                .putObject("dataVolume").put("name", dataVolumeName);
        annotations(vm).put(KubeVirtResources.MEDIA_IMAGE_ANNOTATION, image.toString());
    }

    /**
     * {@code sata} on amd64, KubeVirt's own CD-ROM default there (KubeVirt v1.9.0 pkg/defaults/amd64.go,
     * setDefaultAmd64DisksBus); {@code scsi} elsewhere. arm64 admission refuses any CD-ROM bus but virtio and scsi
     * (pkg/virt-api/webhooks/arm64.go, validateDiskBus, run by ValidateVirtualMachineInstancePerArch of
     * pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go), and every architecture refuses a
     * virtio CD-ROM (pkg/storage/admitters/disks.go, ValidateDisks, validateBusSupport). s390x has no bus check, but
     * KubeVirt does not default its disks to sata there (pkg/defaults/s390x.go, setDefaultS390xDisksBus) and gives
     * it a virtio-scsi controller (pkg/virt-launcher/virtwrap/converter/arch/s390x.go, SCSIControllerModel). The VM
     * mutating webhook fills in the cluster's default architecture (pkg/defaults/defaults.go,
     * SetVirtualMachineDefaults); a VM without one is taken as amd64.
     */
    static String cdromBus(JsonNode vm) {
        String arch = KubeVirtResources.text(vm, "/spec/template/spec/architecture");
        return arch == null || arch.isEmpty() || "amd64".equals(arch) ? "sata" : "scsi";
    }

    /** Removes the CD-ROM, its volume and the media annotations. */
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
        annotations(vm).remove(KubeVirtResources.MEDIA_COLLECTED_ANNOTATION);
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
     * The media as the VM and its DataVolume tell it, so it survives a restart of the service. FAILED exactly when
     * KubeVirt counts the DataVolume as a DataVolumeError ({@link DataVolumeStatus#kubeVirtError}), or when an import
     * is not finished {@code downloadTimeout} after the DataVolume was created.
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
            if (dvName.equals(VmSnapshots.annotation(vm, KubeVirtResources.MEDIA_COLLECTED_ANNOTATION))) {
                return new MediaState(MediaState.Phase.READY, image, imageName, true, "100.0%",
                        "DataVolume " + dvName + " was garbage-collected by CDI after its import; its PVC holds the"
                                + " image");
            }
            return new MediaState(MediaState.Phase.FAILED, image, imageName, true, null,
                    "DataVolume " + dvName + " not found; insert the media again");
        }
        String progress = KubeVirtResources.text(dv, "/status/progress");
        String error = DataVolumeStatus.kubeVirtError(dv);
        if (error != null) {
            return new MediaState(MediaState.Phase.FAILED, image, imageName, true, progress, error);
        }
        if ("Succeeded".equals(DataVolumeStatus.phase(dv))) {
            return new MediaState(MediaState.Phase.READY, image, imageName, true, "100.0%", null);
        }
        Instant deadline = importDeadline(dv, downloadTimeout);
        if (deadline != null && !now.isBefore(deadline)) {
            return new MediaState(MediaState.Phase.FAILED, image, imageName, true, progress,
                    "import timed out: not finished within " + downloadTimeout.toString().substring(2).toLowerCase());
        }
        return new MediaState(MediaState.Phase.IMPORTING, image, imageName, true, progress,
                DataVolumeStatus.importing(dv));
    }

    private static String imageName(String image) {
        try {
            String path = URI.create(image).getPath();
            return path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        } catch (IllegalArgumentException e) {
            return image.substring(image.lastIndexOf('/') + 1);
        }
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
