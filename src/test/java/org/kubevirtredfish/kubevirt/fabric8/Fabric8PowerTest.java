package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;

/** Power through subresources only, with the grace periods of graceful and forced actions. */
class Fabric8PowerTest extends MockClusterTestBase {

    private String spec(String name) {
        var spec = KubeVirtResources.tree(cluster.admin.genericKubernetesResources(KubeVirtResources.VM)
                .inNamespace("ns-a").withName(name).get()).path("spec");
        return spec.path("runStrategy").asText() + "/" + spec.path("running").asText();
    }

    /**
     * virt-api flips the run strategy (KubeVirt v1.9.0 pkg/virt-api/rest/lifecycle.go getRunningPatch): start sets
     * runStrategy Always (spec.running true for VMs using that field), stop sets Halted (false); restarts leave it.
     */
    @Test
    void gracefulAndForcedActionsSendTheirGracePeriodsAndVirtApiFlipsRunStrategyOrRunning() {
        cluster(ALPHA, BRAVO);
        Fabric8KubeVirtGateway gateway = gateway();
        for (var seed : List.of(ALPHA, BRAVO)) {
            boolean runningField = seed == BRAVO;
            String on = runningField ? "/true" : "Always/";
            String off = runningField ? "/false" : "Halted/";
            assertEquals(off, spec(seed.name()));
            String first = on(gateway, seed, PowerAction.START, null);
            assertEquals(on, spec(seed.name()));
            String second = on(gateway, seed, PowerAction.RESTART, first);
            assertEquals(on, spec(seed.name()));
            on(gateway, seed, PowerAction.FORCE_RESTART, second);
            assertEquals(on, spec(seed.name()));
            off(gateway, seed, PowerAction.STOP);
            assertEquals(off, spec(seed.name()));
            on(gateway, seed, PowerAction.START, null);
            off(gateway, seed, PowerAction.FORCE_STOP);
            assertEquals(off, spec(seed.name()));
        }
        assertEquals(List.of(
                "start ns-a/alpha {}", "restart ns-a/alpha {}", "restart ns-a/alpha {\"gracePeriodSeconds\":0}",
                "stop ns-a/alpha {}", "start ns-a/alpha {}", "stop ns-a/alpha {\"gracePeriod\":0}",
                "start ns-a/bravo {}", "restart ns-a/bravo {}", "restart ns-a/bravo {\"gracePeriodSeconds\":0}",
                "stop ns-a/bravo {}", "start ns-a/bravo {}", "stop ns-a/bravo {\"gracePeriod\":0}"),
                cluster.kubevirt.calls);
    }

    private static String on(Fabric8KubeVirtGateway gateway, org.kubevirtredfish.kubevirt.VmSeed seed,
            PowerAction action, String previousInstance) {
        gateway.power(seed.id(), action);
        return await(gateway, seed.id(), "On after " + action, vm -> vm.powerState() == PowerState.On
                && vm.instanceId() != null && !vm.instanceId().equals(previousInstance)).instanceId();
    }

    private static void off(Fabric8KubeVirtGateway gateway, org.kubevirtredfish.kubevirt.VmSeed seed,
            PowerAction action) {
        gateway.power(seed.id(), action);
        await(gateway, seed.id(), "Off after " + action, vm -> vm.powerState() == PowerState.Off
                && vm.instanceId() == null);
    }

    @Test
    void aOnceOverrideSurvivesARestartOfTheService() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway first = gateway();
        first.insertMedia(ALPHA.id(), new MediaInsert(images.url("/isos/a.iso"), true));
        first.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
        first.close();

        Fabric8KubeVirtGateway second = gateway();
        await(second, ALPHA.id(), "READY", vm -> vm.media().phase() == MediaState.Phase.READY);
        assertEquals(BootOverrideEnabled.Once, second.find(ALPHA.id()).orElseThrow().boot().enabled());
        second.power(ALPHA.id(), PowerAction.START);
        var on = await(second, ALPHA.id(), "On from Cd", vm -> vm.powerState() == PowerState.On
                && vm.instanceBootDevice() == BootSource.Cd);
        await(second, ALPHA.id(), "override used up", vm -> vm.boot().enabled() == BootOverrideEnabled.Disabled);
        second.power(ALPHA.id(), PowerAction.FORCE_RESTART);
        var next = await(second, ALPHA.id(), "rebooted", vm -> vm.powerState() == PowerState.On
                && vm.instanceId() != null && !vm.instanceId().equals(on.instanceId()));
        assertEquals(BootSource.Hdd, next.instanceBootDevice());
    }
}
