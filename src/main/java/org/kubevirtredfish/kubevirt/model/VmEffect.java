package org.kubevirtredfish.kubevirt.model;

import java.util.List;

/**
 * What a virt-api call changes; every field is null when that thing stays as it is.
 *
 * @param runStrategy           the new {@code spec.runStrategy} (VMs that use it)
 * @param running               the new {@code spec.running} (VMs that use it instead)
 * @param stateChangeRequests   the VM's new {@code status.stateChangeRequests} (the whole list)
 * @param vmiGracePeriodSeconds the VMI's new {@code spec.terminationGracePeriodSeconds}
 * @param vmiPaused             the VMI's Paused condition becomes True (true) or goes (false)
 */
public record VmEffect(RunStrategy runStrategy, Boolean running, List<StateChangeRequest> stateChangeRequests,
        Long vmiGracePeriodSeconds, Boolean vmiPaused) {

    public static final VmEffect NONE = new VmEffect(null, null, null, null, null);

    public boolean none() {
        return equals(NONE);
    }

    VmEffect withRequests(List<StateChangeRequest> requests) {
        return new VmEffect(runStrategy, running, List.copyOf(requests), vmiGracePeriodSeconds, vmiPaused);
    }

    VmEffect withVmiGracePeriod(Long seconds) {
        return new VmEffect(runStrategy, running, stateChangeRequests, seconds, vmiPaused);
    }

    /** The VM is applied this effect (its VMI's grace period and Paused condition too). */
    public VmView applyTo(VmView vm) {
        VmView next = vm;
        if (runStrategy != null) {
            next = next.withRunStrategy(runStrategy);
        }
        if (running != null) {
            next = next.withRunStrategy(running ? RunStrategy.Always : RunStrategy.Halted);
        }
        if (stateChangeRequests != null) {
            next = next.withRequests(stateChangeRequests);
        }
        if (next.vmi() != null && vmiGracePeriodSeconds != null) {
            next = next.withVmi(next.vmi().withTerminationGracePeriodSeconds(vmiGracePeriodSeconds));
        }
        if (next.vmi() != null && vmiPaused != null) {
            VmiView vmi = next.vmi();
            List<Condition> others = vmi.conditions().stream().filter(c -> !c.type().equals("Paused")).toList();
            List<Condition> conditions = new java.util.ArrayList<>(others);
            if (vmiPaused) {
                conditions.add(Condition.isTrue("Paused"));
            }
            next = next.withVmi(vmi.withConditions(conditions.toArray(Condition[]::new)));
        }
        return next;
    }
}
