package org.kubevirtredfish.kubevirt;

import java.util.Optional;

/**
 * What a physical BMC does for each ResetType in each power state, as one primitive action or
 * none (already in the requested state: success without a call). Shared by every backend.
 *
 * <p>A restart of a system that is Off powers it on, as Ironic expects ("ForceRestart, or On if
 * off"). Pause and Resume only make sense on a running system; asking them of a system that is
 * off or in transition is a conflict.
 *
 * <p>Contract for every backend: any reset that ends with the system on ({@code On}, {@code GracefulRestart},
 * {@code ForceRestart}, {@code PowerCycle}, {@code PushPowerButton}) asked while the system is PoweringOff (its
 * old instance still terminating) plans {@link PowerAction#START_AFTER_STOP}: accepted, reads PoweringOn at once,
 * started by the backend when the old instance is gone. A physical BMC accepts a power-on while the OS shuts
 * down, so no ResetType is refused in a transitional state except Pause and Resume of a system that does not
 * run. A second On while such a start is held reads PoweringOn and plans nothing.
 */
public final class ResetPlanner {

    private ResetPlanner() {
    }

    /**
     * @return the action to perform, or empty when the system already is where the reset leads
     * @throws GatewayException.Conflict when the reset cannot apply in this state
     */
    public static Optional<PowerAction> plan(ResetType type, PowerState state) {
        return Optional.ofNullable(switch (type) {
            case On -> switch (state) {
                case Off -> PowerAction.START;
                case PoweringOff -> PowerAction.START_AFTER_STOP;
                case On, PoweringOn, Paused -> null;
            };
            case ForceOff -> state == PowerState.Off ? null : PowerAction.FORCE_STOP;
            case GracefulShutdown -> switch (state) {
                case On, PoweringOn, Paused -> PowerAction.STOP;
                case Off, PoweringOff -> null;
            };
            case GracefulRestart -> switch (state) {
                case Off -> PowerAction.START;
                case PoweringOff -> PowerAction.START_AFTER_STOP;
                case On, PoweringOn, Paused -> PowerAction.RESTART;
            };
            case ForceRestart, PowerCycle -> switch (state) {
                case Off -> PowerAction.START;
                case PoweringOff -> PowerAction.START_AFTER_STOP;
                case On, PoweringOn, Paused -> PowerAction.FORCE_RESTART;
            };
            case PushPowerButton -> switch (state) {
                case Off -> PowerAction.START;
                case On, PoweringOn, Paused -> PowerAction.STOP;
                // the button pressed again while the OS shuts down: on again once it is off
                case PoweringOff -> PowerAction.START_AFTER_STOP;
            };
            case Pause -> switch (state) {
                case On -> PowerAction.PAUSE;
                case Paused -> null;
                case Off, PoweringOn, PoweringOff -> throw conflict(type, state);
            };
            case Resume -> switch (state) {
                case Paused -> PowerAction.UNPAUSE;
                case On -> null;
                case Off, PoweringOn, PoweringOff -> throw conflict(type, state);
            };
        });
    }

    private static GatewayException.Conflict conflict(ResetType type, PowerState state) {
        return new GatewayException.Conflict("ResetType " + type + " cannot be applied while the system is " + state);
    }
}
