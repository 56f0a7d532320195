package org.kubevirtredfish.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
            "90s, PT1M30S",
            "2m, PT2M",
            "30m, PT30M",
            "1h30m, PT1H30M",
            "1.5h, PT1H30M",
            "250ms, PT0.25S",
            "1h2m3s4ms, PT1H2M3.004S",
            "0, PT0S",
            "' 10s ', PT10S"})
    void parsesGoDurations(String text, String iso) {
        assertEquals(Duration.parse(iso), GoDuration.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "10", "-5m", "1d", "m", "1h 30m", "5 minutes", "1h30", "s10"})
    void rejectsAnythingElse(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
    }
}
