package org.kubevirtredfish.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Every setting of the service in one place. Scalars come from MicroProfile Config (config.yaml is one of
 * its sources, overridable by environment and system properties); the structured parts of config.yaml
 * (chassis, users, simulator VMs) come from the file itself.
 *
 * <p>Keys: {@code backend} (auto, simulator, kubernetes; auto = kubernetes inside a pod),
 * {@code system_id_convention}, {@code allowlist} (comma-separated {@code namespace/vm}, optional),
 * {@code session.timeout} (seconds), {@code kubevirt.timeout}, {@code kubevirt.allow_insecure_tls},
 * {@code datavolume.*}.
 */
@ApplicationScoped
public class ServiceSettings {

    private static final Logger LOG = Logger.getLogger(ServiceSettings.class.getName());
    private static final String DEMO_CONFIG = "/demo/config.yaml";

    private Config config;
    private ConfigFile file;
    /*
     * Read on first use and kept: the configuration is read at start (config.yaml, environment, system properties)
     * and these two are asked on every request; a MicroProfile Config lookup copies the system properties under a
     * lock each time (issue 12: 11 % of the CPU of an authenticated GET).
     */
    private volatile List<String> allowlist;
    private volatile Boolean enhancedSystemIds;

    protected ServiceSettings() {
        // for CDI proxies
    }

    @Inject
    public ServiceSettings(Config config) {
        this.config = config;
    }

    /** For tests: settings over a given file and config. */
    public ServiceSettings(Config config, ConfigFile file) {
        this.config = config;
        this.file = file;
    }

    @PostConstruct
    void load() {
        if (file != null) {
            return;
        }
        Optional<String> path = config.getOptionalValue("config.path", String.class);
        if (path.isPresent() && Files.isReadable(Path.of(path.get()))) {
            file = ConfigFileReader.read(Path.of(path.get()));
            LOG.info(() -> "configuration read from " + path.get() + ": " + describe(file));
            if (file.server() != null && file.server().tls() != null && Boolean.TRUE.equals(file.server().tls().enabled())
                    && System.getenv("TLS_CERT_FILE") == null) {
                LOG.warning("server.tls.enabled is set, but HTTPS in the pod is switched on by the container's "
                        + "TLS_CERT_FILE and TLS_KEY_FILE (PEM paths): without them the port serves plain HTTP "
                        + "(README, TLS inside the pod)");
            }
        } else if (backend() == Backend.SIMULATOR) {
            file = DemoConfig.read();
            LOG.warning("no config.yaml (CONFIG_PATH unset or unreadable): simulator with the built-in demo "
                    + "configuration " + DEMO_CONFIG + "; never use it outside a laptop");
        } else {
            file = new ConfigFile(null, null, List.of(), null, null, null, null);
            LOG.severe("no config.yaml (CONFIG_PATH unset or unreadable): no chassis and no users are "
                    + "configured, every authenticated request will fail");
        }
    }

    private static String describe(ConfigFile f) {
        int users = f.authentication() == null || f.authentication().users() == null ? 0 : f.authentication().users().size();
        int chassis = f.chassis() == null ? 0 : f.chassis().size();
        return chassis + " chassis, " + users + " users";
    }

    public enum Backend { SIMULATOR, KUBERNETES }

    public Backend backend() {
        String b = config.getOptionalValue("backend", String.class).orElse("auto").trim().toLowerCase();
        return switch (b) {
            case "simulator" -> Backend.SIMULATOR;
            case "kubernetes" -> Backend.KUBERNETES;
            case "auto" -> System.getenv("KUBERNETES_SERVICE_HOST") != null ? Backend.KUBERNETES : Backend.SIMULATOR;
            default -> throw new ConfigException("backend must be auto, simulator or kubernetes");
        };
    }

    public ConfigFile file() {
        return file;
    }

    public List<ConfigFile.Chassis> chassis() {
        return file.chassis() == null ? List.of() : file.chassis();
    }

    public List<ConfigFile.User> users() {
        return file.authentication() == null || file.authentication().users() == null
                ? List.of() : file.authentication().users();
    }

    /** enhanced: {@code <namespace>.<vm>}; legacy (the documented default): {@code <vm>}. */
    public boolean enhancedSystemIds() {
        Boolean enhanced = enhancedSystemIds;
        if (enhanced == null) {
            String fromFile = file.systemIdConvention() == null ? "legacy" : file.systemIdConvention();
            enhanced = "enhanced".equals(string("system_id_convention", fromFile));
            enhancedSystemIds = enhanced;
        }
        return enhanced;
    }

    /** Optional allowlist of {@code namespace/vm}; empty means every VM the chassis selectors match. */
    public List<String> allowlist() {
        List<String> list = allowlist;
        if (list == null) {
            list = List.copyOf(config.getOptionalValues("allowlist", String.class).orElse(List.of()));
            allowlist = list;
        }
        return list;
    }

    /** SessionService.SessionTimeout: DSP0266 allows 30 to 86400 seconds; outside values are clamped. */
    public int sessionTimeoutSeconds() {
        int configured = config.getOptionalValue("session.timeout", Integer.class).orElse(1800);
        int timeout = Math.max(30, Math.min(86400, configured));
        if (timeout != configured) {
            LOG.warning(() -> "session.timeout " + configured + " is outside 30..86400 seconds; using " + timeout);
        }
        return timeout;
    }

    public String string(String key, String fallback) {
        return config.getOptionalValue(key, String.class).orElse(fallback);
    }

    public int integer(String key, int fallback) {
        return config.getOptionalValue(key, Integer.class).orElse(fallback);
    }

    public boolean bool(String key, boolean fallback) {
        return config.getOptionalValue(key, Boolean.class).orElse(fallback);
    }
}
