package org.powerhotspots.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.powerhotspots.testing.ProjectPaths;

/** Reads the Kibana saved objects in dashboards/*.ndjson and the index templates in dashboards/templates/. */
final class SavedObjects {
    static final ObjectMapper JSON = new ObjectMapper();

    private SavedObjects() {}

    /** One NDJSON line with where it came from. */
    record Line(Path file, int number, String text) {
        @Override
        public String toString() {
            return file.getFileName() + ":" + number;
        }
    }

    static Path dashboards() {
        return ProjectPaths.root().resolve("dashboards");
    }

    static List<Path> ndjsonFiles() {
        try (Stream<Path> files = Files.list(dashboards())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".ndjson")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        for (Path file : ndjsonFiles()) {
            try {
                List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < all.size(); i++) {
                    if (!all.get(i).isBlank()) {
                        lines.add(new Line(file, i + 1, all.get(i)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    /** Every saved object by id. */
    static Map<String, JsonNode> objects() {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (Line line : lines()) {
            JsonNode node = parse(line.text());
            byId.put(node.path("type").asText() + "/" + node.path("id").asText(), node);
        }
        return byId;
    }

    static List<JsonNode> ofType(String type) {
        return objects().values().stream().filter(o -> type.equals(o.path("type").asText())).toList();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    /** The visState of a visualization, parsed. */
    static JsonNode visState(JsonNode visualization) {
        return parse(visualization.path("attributes").path("visState").asText());
    }

    static JsonNode searchSource(JsonNode object) {
        return parse(object.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON").asText("{}"));
    }

    /** The data view (index-pattern id) an object's search source points at, resolved through its references. */
    static String dataViewOf(JsonNode object) {
        String refName = searchSource(object).path("indexRefName").asText(null);
        return refName == null ? null : referenceId(object, refName);
    }

    static String referenceId(JsonNode object, String refName) {
        for (JsonNode ref : object.path("references")) {
            if (refName.equals(ref.path("name").asText())) {
                return ref.path("id").asText();
            }
        }
        return null;
    }

    /** The title (index alias) of the data view with this id. */
    static String dataViewTitle(String dataViewId) {
        JsonNode dv = objects().get("index-pattern/" + dataViewId);
        return dv == null ? null : dv.path("attributes").path("title").asText();
    }

    /** Field name to mapping type, flattened with dotted names, from dashboards/templates/&lt;alias&gt;.json. */
    static Map<String, String> templateFields(String alias) {
        Path template = dashboards().resolve("templates").resolve(alias + ".json");
        if (!Files.isRegularFile(template)) {
            throw new IllegalStateException("no index template " + template + " for the data view " + alias);
        }
        try {
            JsonNode properties = JSON.readTree(template.toFile()).path("template").path("mappings").path("properties");
            Map<String, String> fields = new LinkedHashMap<>();
            flatten("", properties, fields);
            return fields;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flatten(String prefix, JsonNode properties, Map<String, String> into) {
        properties.fields().forEachRemaining(e -> {
            String name = prefix + e.getKey();
            JsonNode mapping = e.getValue();
            if (mapping.has("properties")) {
                into.put(name, mapping.path("type").asText("object"));
                flatten(name + ".", mapping.path("properties"), into);
            } else {
                into.put(name, mapping.path("type").asText("object"));
            }
            mapping.path("fields").fields().forEachRemaining(sub ->
                    into.put(name + "." + sub.getKey(), sub.getValue().path("type").asText()));
        });
    }
}
