package org.powerhotspots.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Kibana saved objects in dashboards/ are well-formed, self-contained and use only mapped fields. */
class DashboardFilesTest {
    /** Types Kibana can aggregate and sort on; text fields cannot be bucketed. */
    private static final Set<String> AGGREGATABLE = Set.of("keyword", "constant_keyword", "date", "date_nanos",
            "long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float", "boolean", "geo_point");

    @Test
    void everyLineIsASavedObjectWithTheFieldsKibanaRequires() {
        List<SavedObjects.Line> lines = SavedObjects.lines();
        assertFalse(lines.isEmpty(), "no saved objects in dashboards/*.ndjson");
        Set<String> seen = new HashSet<>();
        for (SavedObjects.Line line : lines) {
            JsonNode o;
            try {
                o = SavedObjects.parse(line.text());
            } catch (IllegalArgumentException e) {
                fail(line + " " + e.getMessage());
                return;
            }
            String type = o.path("type").asText("");
            String id = o.path("id").asText("");
            assertFalse(type.isEmpty(), line + " has no type");
            assertFalse(id.isEmpty(), line + " has no id");
            assertTrue(seen.add(type + "/" + id), line + " repeats " + type + "/" + id);
            assertFalse(o.path("attributes").path("title").asText("").isBlank(), line + " has no attributes.title");
            assertTrue(o.path("references").isArray(), line + " has no references[]");
            for (JsonNode ref : o.path("references")) {
                for (String key : List.of("name", "type", "id")) {
                    assertFalse(ref.path(key).asText("").isEmpty(), line + " has a reference without " + key);
                }
            }
            assertTrue(o.path("typeMigrationVersion").asText("").matches("\\d+\\.\\d+\\.\\d+"),
                    line + " needs a typeMigrationVersion so Kibana knows which migrations to run");
            JsonNode attributes = o.path("attributes");
            for (String jsonString : List.of("visState", "panelsJSON", "optionsJSON", "layerListJSON",
                    "mapStateJSON", "uiStateJSON", "runtimeFieldMap", "fieldAttrs", "fieldFormatMap")) {
                if (attributes.has(jsonString)) {
                    assertValidJsonString(line, jsonString, attributes.path(jsonString));
                }
            }
            if (attributes.path("kibanaSavedObjectMeta").has("searchSourceJSON")) {
                assertValidJsonString(line, "searchSourceJSON",
                        attributes.path("kibanaSavedObjectMeta").path("searchSourceJSON"));
            }
            switch (type) {
                case "index-pattern" -> assertFalse(attributes.path("timeFieldName").asText("").isEmpty(),
                        line + " data view without a time field");
                case "visualization" -> assertEquals(attributes.path("title").asText(),
                        SavedObjects.visState(o).path("title").asText(), line + " visState title differs");
                case "dashboard" -> assertTrue(SavedObjects.parse(attributes.path("panelsJSON").asText()).size() > 0,
                        line + " dashboard without panels");
                default -> { }
            }
        }
    }

    @Test
    void dataViewsExistForTheThreeIndicesWithTheirTimeFields() {
        Map<String, String> expected = Map.of("hotspot-alerts", "detected_at", "hotspot-complaints", "received_at",
                "hotspot-outages", "started_at");
        expected.forEach((title, timeField) -> {
            JsonNode dv = SavedObjects.objects().get("index-pattern/" + title);
            assertNotNull(dv, "no data view with id " + title);
            assertEquals(title, dv.path("attributes").path("title").asText());
            assertEquals(timeField, dv.path("attributes").path("timeFieldName").asText());
            assertEquals("date", SavedObjects.templateFields(title).get(timeField), timeField + " is not a date");
        });
    }

    @Test
    void everyReferenceResolvesInsideDashboards() {
        Map<String, JsonNode> objects = SavedObjects.objects();
        for (JsonNode o : objects.values()) {
            String who = o.path("type").asText() + "/" + o.path("id").asText();
            Set<String> names = new HashSet<>();
            for (JsonNode ref : o.path("references")) {
                String target = ref.path("type").asText() + "/" + ref.path("id").asText();
                assertTrue(objects.containsKey(target), who + " refers to " + target + ", which is not in dashboards/");
                names.add(ref.path("name").asText());
            }
            // Every *RefName used inside the object must be one of its references.
            for (String refName : refNamesUsed(o)) {
                assertTrue(names.contains(refName), who + " uses the reference name " + refName + " it does not declare");
            }
        }
    }

    @Test
    void dashboardsHaveTheAnalystAndPlannerPanels() {
        JsonNode analyst = SavedObjects.objects().get("dashboard/hotspot-analyst");
        JsonNode planner = SavedObjects.objects().get("dashboard/hotspot-planner");
        assertNotNull(analyst, "analyst dashboard hotspot-analyst");
        assertNotNull(planner, "planner dashboard hotspot-planner");
        Set<String> analystVisTypes = panelVisTypes(analyst);
        for (String t : List.of("histogram", "table", "line", "tagcloud", "map", "search")) {
            assertTrue(analystVisTypes.contains(t), "analyst dashboard lacks a " + t + " panel: " + analystVisTypes);
        }
        Set<String> plannerFields = panelFields(planner);
        for (String f : List.of("disciplines", "station_area_id", "feeder_id", "open_hours")) {
            assertTrue(plannerFields.contains(f), "planner dashboard does not show " + f + ": " + plannerFields);
        }
        assertTrue(panelFields(analyst).contains("keywords"), "analyst dashboard needs the keyword cloud");
    }

    @Test
    void everyFieldUsedIsMappedInTheIndexTemplatesWithAnAggregatableType() {
        List<String> problems = new ArrayList<>();
        for (JsonNode o : SavedObjects.objects().values()) {
            String who = o.path("type").asText() + "/" + o.path("id").asText();
            for (FieldUse use : fieldUses(o)) {
                String alias = SavedObjects.dataViewTitle(use.dataView());
                Map<String, String> mapped = SavedObjects.templateFields(alias);
                String type = mapped.get(use.field());
                if (type == null) {
                    problems.add(who + " uses " + use.field() + ", not mapped in templates/" + alias + ".json");
                } else if (use.mustAggregate() && !AGGREGATABLE.contains(type)) {
                    problems.add(who + " aggregates or sorts on " + use.field() + " of type " + type);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void fieldCheckNoticesAnUnmappedOrTextField() {
        // The check above must be able to fail: feed it a visualization on a text field and an unknown one.
        JsonNode bad = SavedObjects.parse("""
                {"type":"visualization","id":"x","attributes":{"title":"x","visState":"{\\"title\\":\\"x\\",\\"type\\":\\"table\\",\\"aggs\\":[{\\"id\\":\\"2\\",\\"type\\":\\"terms\\",\\"schema\\":\\"bucket\\",\\"params\\":{\\"field\\":\\"text\\"}},{\\"id\\":\\"3\\",\\"type\\":\\"terms\\",\\"schema\\":\\"bucket\\",\\"params\\":{\\"field\\":\\"no_such_field\\"}}]}",
                "kibanaSavedObjectMeta":{"searchSourceJSON":"{\\"indexRefName\\":\\"kibanaSavedObjectMeta.searchSourceJSON.index\\"}"}},
                "references":[{"name":"kibanaSavedObjectMeta.searchSourceJSON.index","type":"index-pattern","id":"hotspot-complaints"}]}
                """);
        List<FieldUse> uses = fieldUses(bad);
        Map<String, String> mapped = SavedObjects.templateFields("hotspot-complaints");
        assertEquals("text", mapped.get(uses.get(0).field()));
        assertFalse(AGGREGATABLE.contains(mapped.get(uses.get(0).field())));
        assertEquals(null, mapped.get(uses.get(1).field()));
    }

    /** A field an object uses, in which data view, and whether Kibana aggregates or sorts on it. */
    record FieldUse(String dataView, String field, boolean mustAggregate) {}

    static List<FieldUse> fieldUses(JsonNode o) {
        List<FieldUse> uses = new ArrayList<>();
        String dataView = SavedObjects.dataViewOf(o);
        switch (o.path("type").asText()) {
            case "visualization" -> {
                for (JsonNode agg : SavedObjects.visState(o).path("aggs")) {
                    String field = agg.path("params").path("field").asText(null);
                    if (field != null) {
                        uses.add(new FieldUse(dataView, field, true));
                    }
                }
            }
            case "search" -> {
                for (JsonNode column : o.path("attributes").path("columns")) {
                    uses.add(new FieldUse(dataView, column.asText(), false));
                }
                for (JsonNode sort : o.path("attributes").path("sort")) {
                    uses.add(new FieldUse(dataView, sort.get(0).asText(), true));
                }
            }
            case "map" -> {
                for (JsonNode layer : SavedObjects.parse(o.path("attributes").path("layerListJSON").asText())) {
                    JsonNode source = layer.path("sourceDescriptor");
                    String refName = source.path("indexPatternRefName").asText(null);
                    if (refName == null) {
                        continue;
                    }
                    String layerView = SavedObjects.referenceId(o, refName);
                    uses.add(new FieldUse(layerView, source.path("geoField").asText(), true));
                    for (JsonNode metric : source.path("metrics")) {
                        if (metric.has("field")) {
                            uses.add(new FieldUse(layerView, metric.path("field").asText(), true));
                        }
                    }
                    for (JsonNode tooltip : source.path("tooltipProperties")) {
                        uses.add(new FieldUse(layerView, tooltip.asText(), false));
                    }
                    if (!source.path("sortField").asText("").isEmpty()) {
                        uses.add(new FieldUse(layerView, source.path("sortField").asText(), true));
                    }
                }
            }
            default -> { }
        }
        if (dataView != null) {
            for (JsonNode filter : SavedObjects.searchSource(o).path("filter")) {
                uses.add(new FieldUse(dataView, filter.path("meta").path("key").asText(), true));
            }
        }
        return uses;
    }

    private static Set<String> panelVisTypes(JsonNode dashboard) {
        Set<String> types = new HashSet<>();
        for (JsonNode target : panelTargets(dashboard)) {
            String type = target.path("type").asText();
            types.add(type.equals("visualization") ? SavedObjects.visState(target).path("type").asText() : type);
        }
        return types;
    }

    private static Set<String> panelFields(JsonNode dashboard) {
        Set<String> fields = new HashSet<>();
        for (JsonNode target : panelTargets(dashboard)) {
            fieldUses(target).forEach(u -> fields.add(u.field()));
        }
        return fields;
    }

    private static List<JsonNode> panelTargets(JsonNode dashboard) {
        List<JsonNode> targets = new ArrayList<>();
        for (JsonNode panel : SavedObjects.parse(dashboard.path("attributes").path("panelsJSON").asText())) {
            String refName = panel.path("panelIndex").asText() + ":" + panel.path("panelRefName").asText();
            String id = SavedObjects.referenceId(dashboard, refName);
            assertNotNull(id, "dashboard panel " + refName + " has no reference");
            JsonNode target = SavedObjects.objects().get(panel.path("type").asText() + "/" + id);
            assertNotNull(target, "dashboard panel " + refName + " points at a missing " + id);
            targets.add(target);
        }
        return targets;
    }

    private static Set<String> refNamesUsed(JsonNode o) {
        Set<String> used = new HashSet<>();
        JsonNode attributes = o.path("attributes");
        JsonNode searchSource = SavedObjects.searchSource(o);
        if (searchSource.has("indexRefName")) {
            used.add(searchSource.path("indexRefName").asText());
        }
        for (JsonNode filter : searchSource.path("filter")) {
            if (filter.path("meta").has("indexRefName")) {
                used.add(filter.path("meta").path("indexRefName").asText());
            }
        }
        if (attributes.has("panelsJSON")) {
            for (JsonNode panel : SavedObjects.parse(attributes.path("panelsJSON").asText())) {
                used.add(panel.path("panelIndex").asText() + ":" + panel.path("panelRefName").asText());
            }
        }
        if (attributes.has("layerListJSON")) {
            for (JsonNode layer : SavedObjects.parse(attributes.path("layerListJSON").asText())) {
                String name = layer.path("sourceDescriptor").path("indexPatternRefName").asText(null);
                if (name != null) {
                    used.add(name);
                }
            }
        }
        return used;
    }

    private static void assertValidJsonString(SavedObjects.Line line, String name, JsonNode value) {
        assertTrue(value.isTextual(), line + " " + name + " must be a JSON string");
        try {
            SavedObjects.parse(value.asText());
        } catch (IllegalArgumentException e) {
            fail(line + " " + name + " is not valid JSON: " + e.getMessage());
        }
    }
}
