package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kubevirtredfish.kubevirt.BootSource;

/**
 * The boot devices of one {@code domain.devices} object (of a VM template or of a VMI): every disk (Cd for
 * {@code cdrom}, Hdd for {@code disk}, {@code lun} or no type) and every interface (Pxe), with their
 * {@code bootOrder}. Renumbering always covers every device, so bootOrders stay unique.
 */
final class DeviceOrder {

    record Device(String key, BootSource kind, ObjectNode node, int specIndex) {
        Integer bootOrder() {
            JsonNode b = node.get("bootOrder");
            return b == null || !b.canConvertToInt() ? null : b.asInt();
        }
    }

    private final List<Device> devices;

    private DeviceOrder(List<Device> devices) {
        this.devices = devices;
    }

    /** Over the given {@code devices} node; edits change that node. */
    static DeviceOrder of(JsonNode devicesNode) {
        List<Device> list = new ArrayList<>();
        int i = 0;
        for (JsonNode disk : array(devicesNode, "disks")) {
            BootSource kind = disk.has("cdrom") ? BootSource.Cd : BootSource.Hdd;
            list.add(new Device("disk/" + disk.path("name").asText(), kind, (ObjectNode) disk, i++));
        }
        for (JsonNode nic : array(devicesNode, "interfaces")) {
            list.add(new Device("interface/" + nic.path("name").asText(), BootSource.Pxe, (ObjectNode) nic, i++));
        }
        return new DeviceOrder(list);
    }

    private static Iterable<JsonNode> array(JsonNode parent, String field) {
        JsonNode a = parent == null ? null : parent.get(field);
        return a != null && a.isArray() ? a : List.of();
    }

    Set<BootSource> kinds() {
        Set<BootSource> kinds = EnumSet.noneOf(BootSource.class);
        devices.forEach(d -> kinds.add(d.kind()));
        return kinds;
    }

    /** The devices in boot sequence: those with a bootOrder ascending, then the others in spec order. */
    List<Device> sequence() {
        List<Device> ordered = new ArrayList<>(devices);
        ordered.sort(Comparator.comparing((Device d) -> d.bootOrder() == null)
                .thenComparing(d -> d.bootOrder() == null ? 0 : d.bootOrder())
                .thenComparing(Device::specIndex));
        return ordered;
    }

    /** What boots first, or null without devices. */
    BootSource first() {
        List<Device> seq = sequence();
        return seq.isEmpty() ? null : seq.get(0).kind();
    }

    /** Every device's current bootOrder (null: none). */
    Map<String, Integer> snapshot() {
        Map<String, Integer> order = new LinkedHashMap<>();
        devices.forEach(d -> order.put(d.key(), d.bootOrder()));
        return order;
    }

    /**
     * Numbers every device 1..n: the target's devices first, then the rest in their previous sequence. For Cd, this
     * service's virtual media CD-ROM leads, so a CD-ROM the template already had does not boot instead of the ISO.
     */
    void putFirst(BootSource target) {
        List<Device> seq = sequence();
        String media = "disk/" + KubeVirtResources.MEDIA_DEVICE;
        List<Device> result = new ArrayList<>(seq.stream().filter(d -> d.kind() == target && d.key().equals(media)).toList());
        seq.stream().filter(d -> d.kind() == target && !d.key().equals(media)).forEach(result::add);
        seq.stream().filter(d -> d.kind() != target).forEach(result::add);
        int n = 1;
        for (Device d : result) {
            d.node().put("bootOrder", n++);
        }
    }

    /** Puts back a {@link #snapshot()}; devices it does not know get no bootOrder. */
    void restore(Map<String, Integer> previous) {
        for (Device d : devices) {
            Integer order = previous.get(d.key());
            if (order == null) {
                d.node().remove("bootOrder");
            } else {
                d.node().put("bootOrder", order);
            }
        }
    }
}
