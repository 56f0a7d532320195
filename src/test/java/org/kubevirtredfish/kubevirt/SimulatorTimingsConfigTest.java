package org.kubevirtredfish.kubevirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.config.MapConfig;
import org.kubevirtredfish.kubevirt.simulator.SimulatorTimings;

/** The simulator's timings from the settings: a graceful stop is the guest's shutdown plus the pod teardown. */
class SimulatorTimingsConfigTest {

    private static final String CONFIG = "chassis:\n  - {name: demo, namespace: demo}\n";

    @Test
    void defaultsFollowTheTransition() {
        SimulatorTimings t = GatewayProducer.simulatorTimings(MapConfig.settings(CONFIG,
                Map.of("simulator.transition.millis", "900", "simulator.import.millis", "1500")));
        assertEquals(Duration.ofMillis(300), t.kubevirt().statusStep(), "a start in three steps");
        assertEquals(Duration.ofMillis(900 + 180), t.kubevirt().stop(null), "graceful: shutdown and teardown");
        assertEquals(Duration.ofMillis(180), t.kubevirt().stop(0L), "forced: the teardown only");
        assertEquals(Duration.ofMillis(1500), t.importTime());
    }

    @Test
    void stopsAreConfigurable() {
        SimulatorTimings t = GatewayProducer.simulatorTimings(MapConfig.settings(CONFIG, Map.of(
                "simulator.guest_shutdown.millis", "5000", "simulator.pod_teardown.millis", "50")));
        assertEquals(Duration.ofMillis(5050), t.kubevirt().stop(null));
        assertEquals(Duration.ofMillis(1050), t.kubevirt().stop(1L), "a forced restart: grace period 1 s");
        assertEquals(Duration.ofMillis(50), t.kubevirt().stop(0L));
    }
}
