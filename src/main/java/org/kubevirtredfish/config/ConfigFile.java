package org.kubevirtredfish.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The documented {@code config.yaml}, key for key. Absent sections are null here; defaults are
 * applied by {@link ServiceSettings}. {@code simulator} is this service's addition: the demo VMs of
 * the embedded simulator.
 */
public record ConfigFile(
        Server server,
        @JsonProperty("system_id_convention") String systemIdConvention,
        List<Chassis> chassis,
        Authentication authentication,
        KubeVirt kubevirt,
        DataVolume datavolume,
        Simulator simulator) {

    public record Server(String host, Integer port, Tls tls) {
    }

    public record Tls(Boolean enabled, @JsonProperty("cert_file") String certFile,
            @JsonProperty("key_file") String keyFile) {
    }

    public record Chassis(String name, String namespace,
            @JsonProperty("service_account") String serviceAccount, String description,
            @JsonProperty("vm_selector") VmSelector vmSelector) {
    }

    public record VmSelector(Map<String, String> labels, List<String> names) {
    }

    public record Authentication(List<User> users) {
    }

    /** {@code role} is optional (Administrator, Operator or ReadOnly; default Administrator). */
    public record User(String username, Password password, List<String> chassis, String role) {
    }

    /** Either {@code password: "plain"} (older releases) or {@code password: {hash: "$2b$..."}}. */
    public record Password(String hash, String plain) {

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Password ofPlain(String plain) {
            return new Password(null, plain);
        }

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public static Password of(@JsonProperty("hash") String hash, @JsonProperty("plain") String plain) {
            return new Password(hash, plain);
        }

        /** Never prints the secret. */
        @Override
        public String toString() {
            return hash != null ? "Password[bcrypt]" : "Password[plain]";
        }
    }

    public record KubeVirt(@JsonProperty("api_version") String apiVersion, Integer timeout,
            @JsonProperty("allow_insecure_tls") Boolean allowInsecureTls) {
    }

    public record DataVolume(@JsonProperty("storage_class") String storageClass,
            @JsonProperty("storage_size") String storageSize,
            @JsonProperty("allow_insecure_tls") Boolean allowInsecureTls,
            @JsonProperty("vm_update_timeout") String vmUpdateTimeout,
            @JsonProperty("iso_download_timeout") String isoDownloadTimeout) {
    }

    public record Simulator(List<Map<String, Object>> vms) {
    }
}
