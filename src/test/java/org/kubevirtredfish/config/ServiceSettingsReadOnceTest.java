package org.kubevirtredfish.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;

/** The settings every request asks for are looked up in MicroProfile Config once, not per request. */
class ServiceSettingsReadOnceTest {

    /** A config over a map that counts its lookups. */
    private static final class CountingConfig implements Config {
        private final MapConfig values;
        private final AtomicInteger lookups = new AtomicInteger();

        CountingConfig(Map<String, String> values) {
            this.values = new MapConfig(values);
        }

        @Override
        public <T> T getValue(String name, Class<T> type) {
            lookups.incrementAndGet();
            return values.getValue(name, type);
        }

        @Override
        public ConfigValue getConfigValue(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
            lookups.incrementAndGet();
            return values.getOptionalValue(name, type);
        }

        @Override
        public Iterable<String> getPropertyNames() {
            return values.getPropertyNames();
        }

        @Override
        public Iterable<ConfigSource> getConfigSources() {
            return List.of();
        }

        @Override
        public <T> Optional<Converter<T>> getConverter(Class<T> type) {
            return Optional.empty();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new IllegalArgumentException();
        }
    }

    private static final String YAML = """
            system_id_convention: legacy
            chassis:
              - {name: east, namespace: ns-east}
            """;

    @Test
    void allowlistAndIdConventionAreLookedUpOnce() {
        CountingConfig config = new CountingConfig(Map.of("allowlist", "ns-east/a,ns-east/b",
                "system_id_convention", "enhanced"));
        ServiceSettings settings = new ServiceSettings(config, ConfigFileReader.parse(YAML));
        for (int request = 0; request < 5; request++) {
            assertEquals(List.of("ns-east/a", "ns-east/b"), settings.allowlist());
            assertTrue(settings.enhancedSystemIds(), "the config value overrides the file's legacy");
        }
        assertEquals(2, config.lookups.get(), "one lookup per setting, not one per request");
    }

    @Test
    void withoutOverridesTheFileDecides() {
        CountingConfig config = new CountingConfig(Map.of());
        ServiceSettings settings = new ServiceSettings(config, ConfigFileReader.parse(YAML));
        for (int request = 0; request < 3; request++) {
            assertEquals(List.of(), settings.allowlist());
            assertEquals(false, settings.enhancedSystemIds());
        }
        assertEquals(2, config.lookups.get());
    }
}
