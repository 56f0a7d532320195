package org.kubevirtredfish.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and validates {@code config.yaml}. Error texts name keys, never values of secrets. */
public final class ConfigFileReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ConfigFileReader() {
    }

    public static ConfigFile read(Path path) {
        try {
            return parse(Files.readString(path));
        } catch (IOException e) {
            throw new ConfigException("cannot read " + path + ": " + e.getClass().getSimpleName());
        }
    }

    public static ConfigFile parse(String yaml) {
        try {
            JsonNode tree = YAML.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                tree = YAML.createObjectNode();
            }
            if (!tree.isObject()) {
                throw new ConfigException("config.yaml must be a mapping");
            }
            ConfigFile file = YAML.treeToValue(tree, ConfigFile.class);
            ConfigValidator.validate(file);
            return file;
        } catch (JsonProcessingException e) {
            // Jackson's text may quote the offending value, which could be a password: keep the location only.
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException("config.yaml is not valid" + where + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The scalar settings of the file as flat MicroProfile Config keys, e.g. {@code datavolume.storage_class},
     * {@code kubevirt.timeout}, {@code system_id_convention}. Lists (chassis, users) are not flattened and
     * nothing under {@code authentication} is exposed.
     */
    public static Map<String, String> flatten(String yaml) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            JsonNode tree = YAML.readTree(yaml);
            if (tree instanceof ObjectNode object) {
                object.remove("authentication");
                flatten("", object, out);
            }
        } catch (JsonProcessingException e) {
            // parse() reports the error; an unreadable file contributes no keys.
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key + ".", value, out);
            } else if (value.isValueNode() && !value.isNull()) {
                out.put(key, value.asText());
            }
        }
    }

}
