package org.kubevirtredfish.kubevirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every ResetType in every PowerState: an action, "none" (already there) or Conflict. */
class ResetPlannerTest {

    static final Set<String> SEEN = new HashSet<>();

    @ParameterizedTest(name = "{0} while {1} -> {2}")
    @CsvSource({
            // On: power on from Off; already on/coming up/paused: nothing; still shutting down: held until it is off
            "On,               Off,         START",
            "On,               On,          none",
            "On,               PoweringOn,  none",
            "On,               PoweringOff, START_AFTER_STOP",
            "On,               Paused,      none",
            // ForceOff: immediate, from any state but Off
            "ForceOff,         Off,         none",
            "ForceOff,         On,          FORCE_STOP",
            "ForceOff,         PoweringOn,  FORCE_STOP",
            "ForceOff,         PoweringOff, FORCE_STOP",
            "ForceOff,         Paused,      FORCE_STOP",
            // GracefulShutdown: ACPI shutdown; nothing when already off or going off
            "GracefulShutdown, Off,         none",
            "GracefulShutdown, On,          STOP",
            "GracefulShutdown, PoweringOn,  STOP",
            "GracefulShutdown, PoweringOff, none",
            "GracefulShutdown, Paused,      STOP",
            // GracefulRestart: a restart of a system that is Off powers it on
            "GracefulRestart,  Off,         START",
            "GracefulRestart,  On,          RESTART",
            "GracefulRestart,  PoweringOn,  RESTART",
            "GracefulRestart,  PoweringOff, START_AFTER_STOP",
            "GracefulRestart,  Paused,      RESTART",
            // ForceRestart: "ForceRestart, or On if off" (Ironic)
            "ForceRestart,     Off,         START",
            "ForceRestart,     On,          FORCE_RESTART",
            "ForceRestart,     PoweringOn,  FORCE_RESTART",
            "ForceRestart,     PoweringOff, START_AFTER_STOP",
            "ForceRestart,     Paused,      FORCE_RESTART",
            // PowerCycle: as ForceRestart
            "PowerCycle,       Off,         START",
            "PowerCycle,       On,          FORCE_RESTART",
            "PowerCycle,       PoweringOn,  FORCE_RESTART",
            "PowerCycle,       PoweringOff, START_AFTER_STOP",
            "PowerCycle,       Paused,      FORCE_RESTART",
            // PushPowerButton: toggles; a push while off powers on, while on asks for a graceful shutdown
            "PushPowerButton,  Off,         START",
            "PushPowerButton,  On,          STOP",
            "PushPowerButton,  PoweringOn,  STOP",
            "PushPowerButton,  PoweringOff, START_AFTER_STOP",
            "PushPowerButton,  Paused,      STOP",
            // Pause and Resume only on a running system
            "Pause,            Off,         Conflict",
            "Pause,            On,          PAUSE",
            "Pause,            PoweringOn,  Conflict",
            "Pause,            PoweringOff, Conflict",
            "Pause,            Paused,      none",
            "Resume,           Off,         Conflict",
            "Resume,           On,          none",
            "Resume,           PoweringOn,  Conflict",
            "Resume,           PoweringOff, Conflict",
            "Resume,           Paused,      UNPAUSE",
    })
    void plan(ResetType type, PowerState state, String expected) {
        SEEN.add(type + "/" + state);
        switch (expected) {
            case "Conflict" -> {
                GatewayException.Conflict e = assertThrows(GatewayException.Conflict.class,
                        () -> ResetPlanner.plan(type, state));
                assertTrue(e.getMessage().contains(type.name()) && e.getMessage().contains(state.name()),
                        e.getMessage());
            }
            case "none" -> assertEquals(Optional.empty(), ResetPlanner.plan(type, state));
            default -> assertEquals(Optional.of(PowerAction.valueOf(expected)), ResetPlanner.plan(type, state));
        }
    }

    /** S3: only Pause and Resume are refused, and only when nothing runs; nothing else in any state. */
    @Test
    void onlyPauseAndResumeOfASystemThatDoesNotRunAreRefused() {
        for (ResetType t : ResetType.values()) {
            for (PowerState s : PowerState.values()) {
                boolean refusable = (t == ResetType.Pause || t == ResetType.Resume)
                        && (s == PowerState.Off || s == PowerState.PoweringOn || s == PowerState.PoweringOff);
                if (!refusable) {
                    ResetPlanner.plan(t, s); // throws Conflict on a refusal
                }
            }
        }
    }

    /** The table above covers every pair, so a new ResetType or PowerState cannot go unplanned. */
    @Test
    void tableIsComplete() {
        Set<String> all = new HashSet<>();
        for (ResetType t : ResetType.values()) {
            for (PowerState s : PowerState.values()) {
                all.add(t + "/" + s);
            }
        }
        assertEquals(45, all.size());
        // every pair is either planned or a conflict: nothing throws anything else
        for (ResetType t : ResetType.values()) {
            for (PowerState s : PowerState.values()) {
                try {
                    ResetPlanner.plan(t, s);
                } catch (GatewayException.Conflict expected) {
                    // part of the table
                }
            }
        }
        assertEquals(EnumSet.allOf(ResetType.class).size(), 9, "the table has 9 reset types");
        assertEquals(EnumSet.allOf(PowerState.class).size(), 5, "the table has 5 power states");
    }
}
