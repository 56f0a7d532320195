package org.kubevirtredfish.kubevirt.model;

/**
 * What a reboot from inside the guest does. KubeVirt v1.9.0: without {@code spec.domain.rebootPolicy} (or with
 * {@code Reboot}) libvirt restarts the guest silently in the same domain, so the same VMI keeps running
 * (pkg/virt-launcher/virtwrap/converter/compute/reboot_policy.go, RebootPolicyDomainConfigurator.Configure);
 * {@code Terminate} (feature gate RebootPolicy, Beta; staging/src/kubevirt.io/api/core/v1/schema.go) destroys the
 * domain so the VMI ends (Succeeded), and only runStrategy Always then creates a new VMI
 * (pkg/virt-controller/watch/vm/vm.go, syncRunStrategy: Always restarts a final VMI; RerunOnFailure only after
 * Failed; Manual, Once and Halted leave it stopped).
 */
public final class GuestReboot {

    public enum Outcome {
        /** The same VMI (same uid) keeps running: the reboot is invisible to the API. */
        SAME_INSTANCE,
        /** The VMI ends and a new one (new uid) is created. */
        NEW_INSTANCE,
        /** The VMI ends and the VM stays stopped. */
        STOPPED
    }

    private GuestReboot() {
    }

    /**
     * @param rebootPolicy {@code spec.template.spec.domain.rebootPolicy}, null when unset
     */
    public static Outcome of(String rebootPolicy, RunStrategy runStrategy) {
        if (!"Terminate".equals(rebootPolicy)) {
            return Outcome.SAME_INSTANCE;
        }
        return runStrategy == RunStrategy.Always ? Outcome.NEW_INSTANCE : Outcome.STOPPED;
    }
}
