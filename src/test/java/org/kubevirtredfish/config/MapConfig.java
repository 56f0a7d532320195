package org.kubevirtredfish.config;

import java.lang.reflect.Array;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/** A MicroProfile Config over a map, for unit tests: String, Integer, Boolean, Long and arrays (comma-separated). */
public final class MapConfig implements Config {

    private final Map<String, String> values;

    public MapConfig(Map<String, String> values) {
        this.values = new HashMap<>(values);
    }

    public static MapConfig empty() {
        return new MapConfig(Map.of());
    }

    /** Settings over {@code yaml} (parsed and validated by ConfigFileReader) and these config values. */
    public static ServiceSettings settings(String yaml, Map<String, String> values) {
        return new ServiceSettings(new MapConfig(values), ConfigFileReader.parse(yaml));
    }

    @Override
    public <T> T getValue(String propertyName, Class<T> propertyType) {
        return getOptionalValue(propertyName, propertyType)
                .orElseThrow(() -> new NoSuchElementException(propertyName));
    }

    @Override
    public ConfigValue getConfigValue(String propertyName) {
        throw new UnsupportedOperationException();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getOptionalValue(String propertyName, Class<T> propertyType) {
        String raw = values.get(propertyName);
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        if (propertyType.isArray()) {
            List<String> parts = List.of(raw.split(","));
            Object array = Array.newInstance(propertyType.getComponentType(), parts.size());
            for (int i = 0; i < parts.size(); i++) {
                Array.set(array, i, convert(parts.get(i).trim(), propertyType.getComponentType()));
            }
            return Optional.of((T) array);
        }
        return Optional.of(convert(raw, propertyType));
    }

    @SuppressWarnings("unchecked")
    private static <T> T convert(String raw, Class<T> type) {
        if (type == String.class) {
            return (T) raw;
        }
        if (type == Integer.class || type == int.class) {
            return (T) Integer.valueOf(raw.trim());
        }
        if (type == Long.class || type == long.class) {
            return (T) Long.valueOf(raw.trim());
        }
        if (type == Boolean.class || type == boolean.class) {
            return (T) Boolean.valueOf(raw.trim());
        }
        throw new IllegalArgumentException("MapConfig cannot convert to " + type);
    }

    @Override
    public Iterable<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
        return List.of();
    }

    @Override
    public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
        return Optional.empty();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new IllegalArgumentException();
    }
}
