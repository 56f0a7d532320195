package org.kubevirtredfish.kubevirt;

/**
 * What KubeVirt does when the guest reboots itself (an installer that ends with {@code reboot}), as the VM is
 * configured for its next instance. A Once boot override is used up by a new instance only, so this decides whether
 * the override target boots a second time.
 */
public enum GuestReboot {
    /** The guest reboots inside the same instance, with the same device order: the override target boots again. */
    SameInstance,
    /** The instance ends and KubeVirt starts a new one from the template: a Once override is used up. */
    NewInstance,
    /** The instance ends and nothing starts a new one: the VM powers off. */
    PowersOff;

    /** True when a pending Once override would boot its target again after a reboot from inside the guest. */
    public boolean repeats(BootOverride boot) {
        return this == SameInstance && boot.enabled() == BootOverrideEnabled.Once && boot.target() != BootSource.None;
    }

    /** What a reboot from inside the guest does after the boot a Once override to {@code target} is for. */
    public String afterOnceBoot(BootSource target) {
        return switch (this) {
            case SameInstance -> "A reboot from inside the guest stays in the same VirtualMachineInstance and boots "
                    + target + " again: the Once override is used up only by a new instance. Reboot through "
                    + "ComputerSystem.Reset, or give the VM spec.template.spec.domain.rebootPolicy: Terminate and "
                    + "runStrategy Always.";
            case NewInstance -> "A reboot from inside the guest ends the VirtualMachineInstance and KubeVirt starts a "
                    + "new one, which uses up the Once override: it boots in the normal boot order.";
            case PowersOff -> "A reboot from inside the guest ends the VirtualMachineInstance (rebootPolicy "
                    + "Terminate) and, with this runStrategy, KubeVirt starts no new one: the VM powers off.";
        };
    }
}
