package org.kubevirtredfish.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The documented validation rules of config.yaml, all checked, all reported at once. */
final class ConfigValidator {

    private static final Pattern CHASSIS_NAME = Pattern.compile("[a-z0-9-]{1,63}");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");
    private static final Set<String> ROLES = Set.of("Administrator", "Operator", "ReadOnly");

    private ConfigValidator() {
    }

    static void validate(ConfigFile file) {
        List<String> problems = new ArrayList<>();
        String convention = file.systemIdConvention();
        if (convention != null && !convention.equals("enhanced") && !convention.equals("legacy")) {
            problems.add("system_id_convention must be 'enhanced' or 'legacy'");
        }
        Set<String> chassisNames = new HashSet<>();
        List<ConfigFile.Chassis> chassis = file.chassis() == null ? List.of() : file.chassis();
        for (int i = 0; i < chassis.size(); i++) {
            ConfigFile.Chassis c = chassis.get(i);
            String at = "chassis[" + i + "]";
            if (c == null) {
                problems.add(at + " is empty");
                continue;
            }
            if (c.name() == null || !CHASSIS_NAME.matcher(c.name()).matches()) {
                problems.add(at + ".name must be 1-63 characters of [a-z0-9-]");
            } else if (!chassisNames.add(c.name())) {
                problems.add(at + ".name '" + c.name() + "' is not unique");
            }
            if (c.namespace() == null || c.namespace().isBlank()) {
                problems.add(at + ".namespace is required");
            }
        }
        Set<String> usernames = new HashSet<>();
        List<ConfigFile.User> users = file.authentication() == null || file.authentication().users() == null
                ? List.of() : file.authentication().users();
        for (int i = 0; i < users.size(); i++) {
            ConfigFile.User u = users.get(i);
            String at = "authentication.users[" + i + "]";
            if (u == null) {
                problems.add(at + " is empty");
                continue;
            }
            if (u.username() == null || !USERNAME.matcher(u.username()).matches()) {
                problems.add(at + ".username must be 1-64 characters of [A-Za-z0-9_-]");
            } else if (!usernames.add(u.username())) {
                problems.add(at + ".username '" + u.username() + "' is not unique");
            }
            ConfigFile.Password p = u.password();
            if (p == null || (p.hash() == null && (p.plain() == null || p.plain().isEmpty()))) {
                problems.add(at + ".password is required (password.hash with a bcrypt hash, or a plain password)");
            } else if (p.hash() != null && !BCRYPT.matcher(p.hash()).matches()) {
                problems.add(at + ".password.hash is not a bcrypt hash ($2a$, $2b$ or $2y$)");
            }
            if (u.chassis() == null || u.chassis().isEmpty()) {
                problems.add(at + ".chassis must list at least one chassis");
            } else {
                for (String name : u.chassis()) {
                    if (chassis.stream().noneMatch(c -> c != null && name.equals(c.name()))) {
                        problems.add(at + ".chassis names '" + name + "', which is not a configured chassis");
                    }
                }
            }
            if (u.role() != null && !ROLES.contains(u.role())) {
                problems.add(at + ".role must be Administrator, Operator or ReadOnly");
            }
        }
        ConfigFile.DataVolume dv = file.datavolume();
        if (dv != null) {
            duration(problems, "datavolume.iso_download_timeout", dv.isoDownloadTimeout());
            duration(problems, "datavolume.vm_update_timeout", dv.vmUpdateTimeout());
            if (dv.storageSize() != null && !StorageQuantity.isPositive(dv.storageSize())) {
                problems.add("datavolume.storage_size must be a Kubernetes quantity like 3Gi, 10Gi or 5000Mi");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("config.yaml: " + String.join("; ", problems));
        }
    }

    private static void duration(List<String> problems, String key, String value) {
        if (value != null) {
            try {
                GoDuration.parse(value);
            } catch (IllegalArgumentException e) {
                problems.add(key + " must be a duration like 90s, 30m or 1h30m");
            }
        }
    }
}
