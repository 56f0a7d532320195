package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;

/** The API types the gateway uses and the annotations it keeps its state in. */
final class KubeVirtResources {

    static final ResourceDefinitionContext VM = context("kubevirt.io", "v1", "VirtualMachine", "virtualmachines");
    static final ResourceDefinitionContext VMI =
            context("kubevirt.io", "v1", "VirtualMachineInstance", "virtualmachineinstances");
    static final ResourceDefinitionContext DATA_VOLUME =
            context("cdi.kubevirt.io", "v1beta1", "DataVolume", "datavolumes");

    static final String PREFIX = "redfish.kubevirt.io/";
    /** JSON {@link BootOverrideRecord}: the override and the device order it replaced. */
    static final String BOOT_OVERRIDE_ANNOTATION = PREFIX + "boot-override";
    /** The image URL of the inserted virtual media. */
    static final String MEDIA_IMAGE_ANNOTATION = PREFIX + "media-image";
    /** The media DataVolume that CDI garbage-collected after its import ({@link CollectedDataVolumes}). */
    static final String MEDIA_COLLECTED_ANNOTATION = PREFIX + "media-collected";
    /** Present while a power-on waits for the media import; the value is a unique token. */
    static final String PENDING_START_ANNOTATION = PREFIX + "pending-start";
    /**
     * Replaces {@link #PENDING_START_ANNOTATION} (same token, in one guarded patch) while the leader issues the held
     * start: a stop on another replica waits for it to go instead of dropping a hold that is being started.
     */
    static final String START_ISSUING_ANNOTATION = PREFIX + "start-issuing";
    /** On DataVolumes: the VM they were created for. */
    static final String VM_LABEL = PREFIX + "vm";

    /** Name of the CD-ROM disk and of its volume that carry the virtual media. */
    static final String MEDIA_DEVICE = "redfish-cd";

    static final ObjectMapper MAPPER = Serialization.jsonMapper();

    private KubeVirtResources() {
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group).withVersion(version).withKind(kind).withPlural(plural).withNamespaced(true).build();
    }

    static JsonNode tree(GenericKubernetesResource resource) {
        return resource == null ? null : MAPPER.valueToTree(resource);
    }

    static String text(JsonNode node, String pointer) {
        JsonNode n = node == null ? null : node.at(pointer);
        return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
