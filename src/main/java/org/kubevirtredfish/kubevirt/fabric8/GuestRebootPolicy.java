package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import org.kubevirtredfish.kubevirt.GuestReboot;

/**
 * What a reboot from inside the guest does, read from the VM: its template's {@code domain.rebootPolicy} and its
 * run strategy. The template counts, not the running instance: a pending Once override is for the next instance,
 * which the template describes.
 */
final class GuestRebootPolicy {

    private GuestRebootPolicy() {
    }

    static GuestReboot of(JsonNode vm) {
        // KubeVirt v1.9.0 pkg/virt-launcher/virtwrap/converter/compute/reboot_policy.go,
        // RebootPolicyDomainConfigurator.Configure: only "Terminate" makes libvirt destroy the domain on a guest reboot
        // (on_reboot=destroy); unset or "Reboot" restarts it inside the same VMI. The field exists since v1.8.0
        // (staging/src/kubevirt.io/api/core/v1/schema.go, DomainSpec.RebootPolicy) behind the feature gate
        // "RebootPolicy" (pkg/virt-config/featuregate/active.go: Alpha v1.8.0, Beta and so on by default in v1.9.0);
        // with the gate off, admission refuses it (vmi-create-admitter.go, validateRebootPolicy), so a template that
        // has the field was accepted with the gate on.
        if (!"Terminate".equals(KubeVirtResources.text(vm, "/spec/template/spec/domain/rebootPolicy"))) {
            return GuestReboot.SameInstance;
        }
        // The destroyed domain leaves the VMI Succeeded (pkg/virt-handler/vm.go, calculateVmPhaseForStatusReason).
        // pkg/virt-controller/watch/vm/vm.go, syncRunStrategy: Always re-creates a final VMI; RerunOnFailure only a
        // Failed one; Manual and Once never. KubeVirt's own e2e test says the same (tests/compute/vm_lifecycle.go:
        // Terminate + Always gives a VMI with a new UID; Once, RerunOnFailure and Manual leave it Succeeded).
        return strategyAfterPowerOn(vm).equals("Always") ? GuestReboot.NewInstance : GuestReboot.PowersOff;
    }

    /**
     * The run strategy the VM has while it runs. VirtualMachine.RunStrategy() (staging/src/kubevirt.io/api/core/v1/
     * types.go): {@code running: true} is Always, {@code false} or nothing is Halted. A power-on of a Halted VM
     * through virt-api sets Always (pkg/virt-api/rest/lifecycle.go, StartVMRequestHandler and getRunningPatch), so
     * a Halted VM runs as Always once this service has powered it on.
     */
    static String strategyAfterPowerOn(JsonNode vm) {
        JsonNode spec = vm.path("spec");
        String strategy = spec.hasNonNull("runStrategy") ? spec.get("runStrategy").asText() : "Halted";
        if (spec.hasNonNull("running")) {
            strategy = spec.get("running").asBoolean() ? "Always" : "Halted";
        }
        return strategy.equals("Halted") ? "Always" : strategy;
    }
}
