package org.kubevirtredfish.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The DMTF Redfish JSON schemas (DSP8010 2025.4) kept in the repository under
 * {@value #FOLDER}: loads files on demand, resolves {@code $ref} across files and flattens {@code anyOf}.
 *
 * <p>DMTF's references are absolute ({@code http://redfish.dmtf.org/schemas/v1/Resource.json#/definitions/Id});
 * they are resolved to the file of the same name in the folder, never over the network.
 */
final class DmtfSchemaBundle {

    static final String FOLDER = "src/test/resources/third-party/dmtf-redfish-DSP8010-2025.4/json-schema";
    private static final String DMTF_SCHEMA_URI = "http://redfish.dmtf.org/schemas/v1/";
    /** The SNIA Swordfish schemas (Volume, VolumeCollection) that DSP8010 publishes in the same json-schema folder. */
    private static final String SWORDFISH_SCHEMA_URI = "http://redfish.dmtf.org/schemas/swordfish/v1/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A node of a DMTF schema file, with the file its local references resolve in. */
    record Node(String file, String pointer, JsonNode json) {
        /** {@code File.json#/json/pointer}, for messages. */
        String where() {
            return file + "#" + pointer;
        }

        Node child(String key, JsonNode value) {
            return new Node(file, pointer + "/" + key, value);
        }
    }

    private final Path folder;
    private final Map<String, JsonNode> files = new HashMap<>();

    DmtfSchemaBundle(Path folder) {
        this.folder = folder;
    }

    /** The bundle of the repository, relative to the Maven basedir. */
    static DmtfSchemaBundle vendored() {
        return new DmtfSchemaBundle(Path.of(System.getProperty("basedir", ".")).resolve(FOLDER).normalize());
    }

    /** The root of {@code fileName} (e.g. {@code ComputerSystem.v1_27_0.json}), or throws when it is not vendored. */
    JsonNode file(String fileName) {
        return files.computeIfAbsent(fileName, name -> {
            Path file = folder.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new AssertionError("The DMTF schema file " + name + " is not in " + folder
                        + " (vendor it from DSP8010 2025.4 json-schema/)");
            }
            try {
                return JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** {@code definitions/<name>} of {@code fileName}, or null. */
    Node definition(String fileName, String name) {
        JsonNode def = file(fileName).path("definitions").get(name);
        return def == null ? null : new Node(fileName, "/definitions/" + name, def);
    }

    /**
     * The definition an {@code @odata.type} names: {@code #ComputerSystem.v1_27_0.ComputerSystem} is
     * {@code definitions/ComputerSystem} of {@code ComputerSystem.v1_27_0.json}; an unversioned type
     * ({@code #ComputerSystemCollection.ComputerSystemCollection}) is that of {@code ComputerSystemCollection.json}.
     */
    Node definitionOfType(String odataType) {
        String t = odataType.startsWith("#") ? odataType.substring(1) : odataType;
        int lastDot = t.lastIndexOf('.');
        if (lastDot < 0) {
            throw new AssertionError("Not an @odata.type: " + odataType);
        }
        Node def = definition(t.substring(0, lastDot) + ".json", t.substring(lastDot + 1));
        if (def == null) {
            throw new AssertionError("No definition " + t.substring(lastDot + 1) + " in " + t.substring(0, lastDot)
                    + ".json for " + odataType);
        }
        return def;
    }

    /** The node a {@code $ref} of {@code from} designates. */
    Node resolve(Node from, String ref) {
        int hash = ref.indexOf('#');
        String uri = hash < 0 ? ref : ref.substring(0, hash);
        String pointer = hash < 0 ? "" : ref.substring(hash + 1);
        String fileName;
        if (uri.isEmpty()) {
            fileName = from.file();
        } else if (uri.startsWith(DMTF_SCHEMA_URI)) {
            fileName = uri.substring(DMTF_SCHEMA_URI.length());
        } else if (uri.startsWith(SWORDFISH_SCHEMA_URI)) {
            fileName = uri.substring(SWORDFISH_SCHEMA_URI.length());
        } else {
            throw new AssertionError("A reference outside the DMTF Redfish schemas: " + ref + " in " + from.file());
        }
        JsonNode target = file(fileName).at(pointer);
        if (target.isMissingNode()) {
            throw new AssertionError("Unresolved DMTF reference " + ref + " in " + from.file());
        }
        return new Node(fileName, pointer, target);
    }

    /**
     * The concrete alternatives of a node: {@code $ref} followed, {@code anyOf}/{@code oneOf} branches
     * flattened, so each result has its own {@code type}, {@code enum} or {@code properties}.
     */
    List<Node> alternatives(Node node) {
        List<Node> out = new ArrayList<>();
        flatten(node, out, 0);
        return out;
    }

    private boolean isVendored(Node branch) {
        JsonNode ref = branch.json().get("$ref");
        String base = ref == null ? null : ref.asText().startsWith(DMTF_SCHEMA_URI) ? DMTF_SCHEMA_URI
                : ref.asText().startsWith(SWORDFISH_SCHEMA_URI) ? SWORDFISH_SCHEMA_URI : null;
        if (base == null) {
            return true;
        }
        String uri = ref.asText().substring(base.length());
        int hash = uri.indexOf('#');
        return Files.isRegularFile(folder.resolve(hash < 0 ? uri : uri.substring(0, hash)));
    }

    private void flatten(Node node, List<Node> out, int depth) {
        if (depth > 30) {
            throw new AssertionError("DMTF $ref chain too deep at " + node.file());
        }
        JsonNode json = node.json();
        if (json.has("$ref")) {
            flatten(resolve(node, json.get("$ref").asText()), out, depth + 1);
            return;
        }
        boolean branched = false;
        for (String key : List.of("anyOf", "oneOf")) {
            if (json.has(key)) {
                branched = true;
                int i = 0;
                for (JsonNode branch : json.get(key)) {
                    Node b = node.child(key + "/" + i++, branch);
                    if (!isVendored(b)) {
                        // A branch into a schema version that is not kept (an unversioned definition lists every
                        // version): leaving it out can only make the check stricter, never let a mismatch pass.
                        continue;
                    }
                    flatten(b, out, depth + 1);
                }
            }
        }
        if (!branched) {
            out.add(node);
        }
    }
}
