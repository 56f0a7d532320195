package org.kubevirtredfish.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The built-in demo configuration of the simulator (classpath {@code demo/config.yaml}). */
final class DemoConfig {

    private DemoConfig() {
    }

    static ConfigFile read() {
        try (InputStream in = DemoConfig.class.getResourceAsStream("/demo/config.yaml")) {
            if (in == null) {
                throw new ConfigException("demo/config.yaml is missing from the application");
            }
            return ConfigFileReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
