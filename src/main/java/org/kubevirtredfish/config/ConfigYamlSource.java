package org.kubevirtredfish.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The scalar settings of config.yaml as a MicroProfile ConfigSource with a low ordinal (50): system
 * properties (400), environment variables (300) and microprofile-config.properties (100) override it.
 * Registered through META-INF/services. Nothing under {@code authentication} is exposed.
 */
public class ConfigYamlSource implements ConfigSource {

    static final int ORDINAL = 50;

    private final Map<String, String> values;

    public ConfigYamlSource() {
        this(ConfigYamlSource.configPath());
    }

    ConfigYamlSource(Path path) {
        Map<String, String> read = Map.of();
        if (path != null && Files.isReadable(path)) {
            try {
                read = Map.copyOf(ConfigFileReader.flatten(Files.readString(path)));
            } catch (IOException e) {
                read = Map.of();
            }
        }
        this.values = read;
    }

    /** The file named by the system property {@code config.path} or the variable {@code CONFIG_PATH}. */
    static Path configPath() {
        String p = System.getProperty("config.path");
        if (p == null || p.isBlank()) {
            p = System.getenv("CONFIG_PATH");
        }
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "config.yaml";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
