package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.VmSeed;

/**
 * Many installers at once: every VM gets its own image inserted, a Cd Once override and a power-on, all in
 * parallel; every one must boot its own finished import from the CD.
 */
class Fabric8MediaConcurrencyTest extends MockClusterTestBase {

    private static final int VMS = 50;

    @Test
    void fiftyVmsInsertSetCdOnceAndPowerOnConcurrentlyAndEachBootsItsOwnImage() throws Exception {
        List<VmSeed> seeds = new ArrayList<>();
        for (int i = 0; i < VMS; i++) {
            seeds.add(VmSeed.halted("ns-a", String.format("node-%02d", i), String.format("52:54:00:00:01:%02x", i)));
        }
        cluster(seeds.toArray(VmSeed[]::new));
        Fabric8KubeVirtGateway gateway = gateway(Fabric8Options.defaults().withRequestTimeout(Duration.ofSeconds(10)),
                "ns-a");
        Map<VmId, URI> imageOf = seeds.stream().collect(Collectors.toMap(VmSeed::id,
                s -> images.url("/isos/" + s.name() + "/agent.x86_64.iso")));

        ExecutorService pool = Executors.newFixedThreadPool(VMS);
        long start = System.nanoTime();
        try {
            List<Future<Long>> work = new ArrayList<>();
            for (VmSeed seed : seeds) {
                work.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    gateway.insertMedia(seed.id(), new MediaInsert(imageOf.get(seed.id()), true));
                    gateway.setBootOverride(seed.id(),
                            new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
                    gateway.power(seed.id(), PowerAction.START);
                    return System.nanoTime() - t0;
                }));
            }
            long requestNanos = 0;
            for (Future<Long> f : work) {
                requestNanos += f.get();
            }
            long accepted = System.nanoTime();
            GatewayAwait.until("all " + VMS + " VMs On", Duration.ofSeconds(30), () -> seeds.stream()
                    .allMatch(s -> gateway.find(s.id()).map(vm -> vm.powerState() == PowerState.On
                            && vm.instanceBootDevice() == BootSource.Cd).orElse(false)));
            long on = System.nanoTime();
            System.out.printf("%d VMs: insert + boot override + power-on of all accepted in %d ms (%.1f ms per VM's"
                    + " three requests on average); all On from Cd after %d ms (%.1f ms per VM)%n", VMS,
                    (accepted - start) / 1_000_000, requestNanos / 1e6 / VMS, (on - start) / 1_000_000,
                    (on - start) / 1e6 / VMS);
        } finally {
            pool.shutdownNow();
        }

        for (VmSeed seed : seeds) {
            VirtualMachine vm = gateway.find(seed.id()).orElseThrow();
            assertEquals(imageOf.get(seed.id()).toString(), vm.media().image(), seed.name());
            String dvName = VirtualMedia.dataVolumeName(seed.name(), imageOf.get(seed.id()));
            var dv = KubeVirtResources.tree(cluster.admin.genericKubernetesResources(KubeVirtResources.DATA_VOLUME)
                    .inNamespace("ns-a").withName(dvName).get());
            assertEquals(imageOf.get(seed.id()).toString(), dv.at("/spec/source/http/url").asText(), seed.name());
            assertEquals(seed.name(), dv.at("/metadata/ownerReferences/0/name").asText());
        }
        List<KubeVirtControllerSimulator.Boot> boots = cluster.kubevirt.boots;
        assertEquals(VMS, boots.size(), "one boot per VM: " + boots);
        assertEquals(VMS, new LinkedHashSet<>(boots.stream().map(KubeVirtControllerSimulator.Boot::vm).toList()).size());
        for (KubeVirtControllerSimulator.Boot boot : boots) {
            String name = boot.vm().substring("ns-a/".length());
            assertTrue(boot.hasMediaCdrom(), boot.toString());
            assertEquals(VirtualMedia.dataVolumeName(name, imageOf.get(new VmId("ns-a", name))), boot.dataVolume());
            assertEquals("Succeeded", boot.dataVolumePhase(), boot.toString());
        }
        assertEquals(VMS, cluster.admin.genericKubernetesResources(KubeVirtResources.DATA_VOLUME).inNamespace("ns-a")
                .list().getItems().size());
    }
}
