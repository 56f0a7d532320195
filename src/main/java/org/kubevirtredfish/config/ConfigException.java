package org.kubevirtredfish.config;

/** config.yaml is unreadable or invalid; the message names the key at fault. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
