package org.powerhotspots.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.powerhotspots.elasticsearch.ElasticsearchClients;
import org.powerhotspots.region.Region;
import org.powerhotspots.region.Regions;
import org.powerhotspots.testing.ElasticsearchExtension;

/**
 * Every dashboard panel's query, rebuilt from its saved object (visState aggregations, filters, map layers,
 * saved-search sorts), returns data on a real Elasticsearch whose indices come from dashboards/templates/.
 *
 * <p>Indices and templates carry a test prefix so the test can also run against a live stack
 * (HOTSPOT_TEST_ES_URL) without touching its data.
 */
@ExtendWith(ElasticsearchExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesIT {
    private static final String PREFIX = "it-dashboards-";
    private static final Regions REGIONS = Regions.bundled();
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 3, 2, 8, 0, 0, 0, ZoneOffset.ofHours(8));

    private RestClient es;
    private final List<String> aliases = new ArrayList<>();

    @BeforeAll
    void installTemplatesAndIndexSimulatedData() throws IOException {
        es = ElasticsearchClients.restClient(ElasticsearchClients.Connection.of(ElasticsearchExtension.url()));
        try (var files = Files.list(SavedObjects.dashboards().resolve("templates"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                String alias = file.getFileName().toString().replaceFirst("\\.json$", "");
                ObjectNode template = (ObjectNode) SavedObjects.JSON.readTree(file.toFile());
                template.set("index_patterns", SavedObjects.JSON.createArrayNode().add(PREFIX + alias + "-*"));
                template.put("priority", 500);
                send("PUT", "/_index_template/" + PREFIX + alias, template.toString());
                send("DELETE", "/" + PREFIX + alias + "-v1?ignore_unavailable=true", null);
                send("PUT", "/" + PREFIX + alias + "-v1",
                        "{\"aliases\":{\"" + PREFIX + alias + "\":{\"is_write_index\":true}}}");
                aliases.add(alias);
            }
        }
        StringBuilder bulk = new StringBuilder();
        for (Map<String, Object> c : complaints()) {
            bulkLine(bulk, "hotspot-complaints", (String) c.get("complaint_id"), c);
        }
        for (Map<String, Object> o : outages()) {
            bulkLine(bulk, "hotspot-outages", (String) o.get("outage_id"), o);
        }
        for (Map<String, Object> a : alerts()) {
            bulkLine(bulk, "hotspot-alerts", (String) a.get("alert_id"), a);
        }
        JsonNode response = send("POST", "/_bulk?refresh=true", bulk.toString());
        assertFalse(response.path("errors").asBoolean(), "bulk rejected documents: " + response);
    }

    @AfterAll
    void removeTestIndices() throws IOException {
        if (es == null) {
            return;
        }
        for (String alias : aliases) {
            send("DELETE", "/" + PREFIX + alias + "-v1?ignore_unavailable=true", null);
            send("DELETE", "/_index_template/" + PREFIX + alias, null);
        }
        es.close();
    }

    @Test
    void everyVisualizationAggregationReturnsBuckets() throws IOException {
        int checked = 0;
        for (JsonNode vis : SavedObjects.ofType("visualization")) {
            JsonNode state = SavedObjects.visState(vis);
            if (!state.path("aggs").elements().hasNext()) {
                continue; // markdown help panel
            }
            String index = PREFIX + SavedObjects.dataViewTitle(SavedObjects.dataViewOf(vis));
            ObjectNode body = SavedObjects.JSON.createObjectNode();
            body.put("size", 0);
            body.set("query", filtersQuery(vis, null));
            List<JsonNode> buckets = new ArrayList<>();
            List<JsonNode> metrics = new ArrayList<>();
            for (JsonNode agg : state.path("aggs")) {
                if (!agg.path("enabled").asBoolean(true)) {
                    continue;
                }
                ("metric".equals(agg.path("schema").asText()) ? metrics : buckets).add(agg);
            }
            body.set("aggs", nest(buckets, 0, metrics));
            JsonNode response = send("POST", "/" + index + "/_search", body.toString());
            String who = vis.path("id").asText();
            assertTrue(response.path("hits").path("total").path("value").asLong() > 0, who + " matched no documents");
            int depth = deepestNonEmpty(response.path("aggregations").path("b0"), 0, buckets.size());
            assertEquals(buckets.size(), depth, who + " returned no buckets at level " + depth + ": " + response);
            checked++;
        }
        assertTrue(checked >= 10, "expected at least 10 data visualizations, checked " + checked);
    }

    @Test
    void mapLayersReturnComplaintCellsAndAlertPoints() throws IOException {
        for (JsonNode map : SavedObjects.ofType("map")) {
            JsonNode layers = SavedObjects.parse(map.path("attributes").path("layerListJSON").asText());
            int dataLayers = 0;
            for (JsonNode layer : layers) {
                JsonNode source = layer.path("sourceDescriptor");
                String refName = source.path("indexPatternRefName").asText(null);
                if (refName == null) {
                    continue;
                }
                dataLayers++;
                String index = PREFIX + SavedObjects.dataViewTitle(SavedObjects.referenceId(map, refName));
                String geoField = source.path("geoField").asText();
                ObjectNode body = SavedObjects.JSON.createObjectNode();
                ObjectNode bool = body.putObject("query").putObject("bool");
                bool.putArray("filter").addObject().putObject("exists").put("field", geoField);
                kql(layer.path("query").path("query").asText(""), bool);
                if ("ES_GEO_GRID".equals(source.path("type").asText())) {
                    body.put("size", 0);
                    body.putObject("aggs").putObject("grid").putObject("geotile_grid").put("field", geoField)
                            .put("precision", 8);
                    JsonNode response = send("POST", "/" + index + "/_search", body.toString());
                    JsonNode cells = response.path("aggregations").path("grid").path("buckets");
                    assertTrue(cells.size() >= 2, "complaint grid should show Xi'an and Baoji apart: " + response);
                } else {
                    body.put("size", 100);
                    String sortField = source.path("sortField").asText("");
                    if (!sortField.isEmpty()) {
                        body.putArray("sort").addObject().put(sortField, source.path("sortOrder").asText("desc"));
                    }
                    JsonNode hits = send("POST", "/" + index + "/_search", body.toString()).path("hits").path("hits");
                    assertTrue(hits.size() > 0, "alert layer shows no points");
                    for (JsonNode hit : hits) {
                        assertFalse("RESOLVED".equals(hit.path("_source").path("status").asText()),
                                "the alert layer's query must hide resolved alerts");
                    }
                }
            }
            assertEquals(2, dataLayers, "the map has a complaint layer and an alert layer");
        }
    }

    @Test
    void savedSearchesReturnRowsWithTheirColumnsInSortOrder() throws IOException {
        for (JsonNode search : SavedObjects.ofType("search")) {
            String index = PREFIX + SavedObjects.dataViewTitle(SavedObjects.dataViewOf(search));
            ObjectNode body = SavedObjects.JSON.createObjectNode();
            body.put("size", 50);
            body.set("query", filtersQuery(search, null));
            ArrayNode sort = body.putArray("sort");
            for (JsonNode s : search.path("attributes").path("sort")) {
                sort.addObject().put(s.get(0).asText(), s.get(1).asText());
            }
            JsonNode hits = send("POST", "/" + index + "/_search", body.toString()).path("hits").path("hits");
            String who = search.path("id").asText();
            assertTrue(hits.size() > 0, who + " returned no rows");
            Set<String> shown = new HashSet<>();
            hits.forEach(h -> h.path("_source").fieldNames().forEachRemaining(shown::add));
            for (JsonNode column : search.path("attributes").path("columns")) {
                assertTrue(shown.contains(column.asText()), who + " column " + column.asText() + " is in no row");
            }
        }
    }

    @Test
    void clickingAnAlertsRegionCodeShowsTheComplaintsBehindIt() throws IOException {
        // What the dashboard does after the click: a phrase filter on region_code, applied to every panel; the help
        // panel's query "topics : <alert topic>" then keeps the alert's topic.
        JsonNode alert = send("GET", "/" + PREFIX + "hotspot-alerts/_doc/surge-610113-SMART_METER", null).path("_source");
        JsonNode regionFilter = SavedObjects.parse("{\"match_phrase\":{\"region_code\":\""
                + alert.path("region_code").asText() + "\"}}");
        Set<String> evidence = new HashSet<>();
        alert.path("evidence").path("complaint_ids").forEach(id -> evidence.add(id.asText()));
        assertFalse(evidence.isEmpty());

        Set<String> inRegion = complaintIds(regionFilter, null);
        assertTrue(inRegion.containsAll(evidence), "the region filter must keep every complaint behind the alert");
        assertTrue(inRegion.size() > evidence.size(), "the county also has complaints of other topics");
        JsonNode topicFilter = SavedObjects.parse("{\"match_phrase\":{\"topics\":\"" + alert.path("topic").asText() + "\"}}");
        assertEquals(evidence, complaintIds(regionFilter, topicFilter),
                "region and topic together give exactly the complaints behind the alert");
    }

    private Set<String> complaintIds(JsonNode... filters) throws IOException {
        ObjectNode body = SavedObjects.JSON.createObjectNode();
        body.put("size", 200);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        for (JsonNode f : filters) {
            if (f != null) {
                filter.add(f);
            }
        }
        Set<String> ids = new HashSet<>();
        send("POST", "/" + PREFIX + "hotspot-complaints/_search", body.toString()).path("hits").path("hits")
                .forEach(h -> ids.add(h.path("_id").asText()));
        return ids;
    }

    // ---- query building ----

    /** The saved object's filters (negate → must_not) plus an optional extra clause. */
    private static JsonNode filtersQuery(JsonNode object, JsonNode extra) {
        ObjectNode bool = SavedObjects.JSON.createObjectNode();
        ArrayNode must = bool.putArray("filter");
        ArrayNode mustNot = bool.putArray("must_not");
        for (JsonNode f : SavedObjects.searchSource(object).path("filter")) {
            if (f.path("meta").path("disabled").asBoolean(false)) {
                continue;
            }
            (f.path("meta").path("negate").asBoolean(false) ? mustNot : must).add(f.path("query"));
        }
        String kql = SavedObjects.searchSource(object).path("query").path("query").asText("");
        kql(kql, bool);
        if (extra != null) {
            must.add(extra);
        }
        ObjectNode query = SavedObjects.JSON.createObjectNode();
        query.set("bool", bool);
        return query;
    }

    private static final Pattern KQL_CLAUSE = Pattern.compile("(not\\s+)?([\\w.]+)\\s*:\\s*\"?([^\"\\s]+)\"?");

    /** The KQL the saved objects use: clauses {@code [not] field : "value"} joined by {@code and}. */
    private static void kql(String kql, ObjectNode bool) {
        if (kql.isBlank()) {
            return;
        }
        for (String clause : kql.split("\\s+and\\s+")) {
            Matcher m = KQL_CLAUSE.matcher(clause.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("KQL beyond '[not] field : value [and …]' needs this test extended: " + kql);
            }
            ObjectNode phrase = SavedObjects.JSON.createObjectNode();
            phrase.putObject("match_phrase").put(m.group(2), m.group(3));
            ((ArrayNode) bool.withArray(m.group(1) != null ? "must_not" : "filter")).add(phrase);
        }
    }

    /** Bucket aggregations nested in visState order (as Kibana does), the metrics at every level. */
    private static ObjectNode nest(List<JsonNode> buckets, int level, List<JsonNode> metrics) {
        ObjectNode aggs = SavedObjects.JSON.createObjectNode();
        if (level >= buckets.size()) {
            return aggs;
        }
        JsonNode agg = buckets.get(level);
        JsonNode p = agg.path("params");
        ObjectNode body = aggs.putObject("b" + level);
        switch (agg.path("type").asText()) {
            case "terms" -> {
                ObjectNode terms = body.putObject("terms");
                terms.put("field", p.path("field").asText()).put("size", p.path("size").asInt(10));
                if (p.path("missingBucket").asBoolean(false)) {
                    terms.put("missing", "__missing__");
                }
                String orderBy = p.path("orderBy").asText("1");
                boolean byMetric = metrics.stream().anyMatch(m -> m.path("id").asText().equals(orderBy)
                        && !"count".equals(m.path("type").asText()));
                terms.putObject("order").put(byMetric ? "m" + orderBy : "_count", p.path("order").asText("desc"));
            }
            case "date_histogram" -> {
                String interval = p.path("interval").asText("auto");
                body.putObject("date_histogram").put("field", p.path("field").asText())
                        .put("fixed_interval", "auto".equals(interval) ? "1h" : interval).put("min_doc_count", 1);
            }
            case "histogram" -> body.putObject("histogram").put("field", p.path("field").asText())
                    .put("interval", p.path("interval").asDouble()).put("min_doc_count", 1);
            default -> throw new IllegalArgumentException("bucket aggregation " + agg.path("type").asText()
                    + " not rebuilt by this test yet");
        }
        ObjectNode sub = body.putObject("aggs");
        for (JsonNode m : metrics) {
            String type = m.path("type").asText();
            if (!"count".equals(type)) {
                sub.putObject("m" + m.path("id").asText()).putObject(type).put("field", m.path("params").path("field").asText());
            }
        }
        sub.setAll(nest(buckets, level + 1, metrics));
        return aggs;
    }

    /** How many nested levels have a non-empty bucket along some path. */
    private static int deepestNonEmpty(JsonNode agg, int level, int levels) {
        int best = level;
        for (JsonNode bucket : agg.path("buckets")) {
            best = Math.max(best, level + 1);
            if (level + 1 < levels) {
                best = Math.max(best, deepestNonEmpty(bucket.path("b" + (level + 1)), level + 1, levels));
            }
        }
        return best;
    }

    // ---- simulated documents ----

    private static List<Map<String, Object>> complaints() {
        List<Map<String, Object>> all = new ArrayList<>();
        String[][] counties = {{"610113", "SMART_METER"}, {"610112", "OUTAGE_FREQUENT"}, {"610302", "BILLING_DISPUTE"},
                {"610113", "OUTAGE_FREQUENT"}};
        String[][] texts = {{"智能电表走字太快，电费翻倍", "电表,电费,走字"}, {"这个月停电好几次了，冰箱都坏了", "停电,频繁,冰箱"},
                {"电费账单和抄表读数对不上", "电费,抄表,账单"}, {"一周停电三次，严重影响生活", "停电,影响,生活"}};
        int n = 0;
        for (int i = 0; i < counties.length; i++) {
            for (int k = 0; k < 6 + 3 * i; k++) {
                Region r = REGIONS.lookup(counties[i][0]);
                Map<String, Object> c = new LinkedHashMap<>();
                String id = String.format("C%06d", n++);
                c.put("complaint_id", id);
                c.put("received_at", T0.plusMinutes(37L * n).toString());
                c.put("channel", k % 2 == 0 ? "HOTLINE_95598" : "APP");
                put(c, r);
                c.put("station_area_id", "TA-" + counties[i][0] + "-0" + (k % 3));
                c.put("feeder_id", "F-" + counties[i][0] + "-1");
                c.put("customer_id", "CU" + (n % 11));
                c.put("text", texts[i][0]);
                c.put("normalized_text", texts[i][0]);
                c.put("tokens", List.of(texts[i][1].split(",")));
                c.put("keywords", List.of(texts[i][1].split(",")));
                c.put("topics", List.of(counties[i][1]));
                c.put("primary_topic", counties[i][1]);
                c.put("primary_topic_label", counties[i][1].startsWith("OUTAGE") ? "频繁停电" : "智能电表/计量装置故障");
                c.put("topic_group", counties[i][1].startsWith("OUTAGE") ? "SUPPLY" : "METERING_BILLING");
                c.put("topic_confidence", 0.9);
                c.put("disciplines", counties[i][1].startsWith("OUTAGE") ? List.of("OPERATIONS", "PLANNING") : List.of("MARKETING"));
                all.add(c);
            }
        }
        return all;
    }

    private static List<Map<String, Object>> outages() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String county = i < 4 ? "610112" : "610113";
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("outage_id", "OUT-" + i);
            o.put("kind", i == 6 ? "PLANNED" : "UNPLANNED");
            Region r = REGIONS.lookup(county);
            o.put("region_code", county);
            o.put("region_name", r.name());
            o.put("city_code", r.cityCode());
            o.put("city_name", r.cityName());
            o.put("province_code", r.provinceCode());
            o.put("feeder_id", "F-" + county + "-1");
            o.put("station_area_id", "TA-" + county + "-0" + (i % 2));
            o.put("started_at", T0.minusDays(i * 3L).toString());
            o.put("restored_at", T0.minusDays(i * 3L).plusMinutes(95).toString());
            o.put("duration_minutes", 95.0);
            o.put("customers_affected", 120 + 10 * i);
            o.put("notified_in_advance", i == 6);
            o.put("cause", "线路故障");
            o.put("location", Map.of("lat", r.lat(), "lon", r.lon()));
            all.add(o);
        }
        return all;
    }

    private static List<Map<String, Object>> alerts() {
        List<Map<String, Object>> complaints = complaints();
        List<String> meterIds = complaints.stream().filter(c -> "610113".equals(c.get("region_code"))
                && "SMART_METER".equals(c.get("primary_topic"))).map(c -> (String) c.get("complaint_id")).toList();
        List<Map<String, Object>> all = new ArrayList<>();
        all.add(alert("surge-610113-SMART_METER", "COMPLAINT_SURGE", "OPEN", "610113", "SMART_METER", "智能电表/计量装置故障",
                "HIGH", List.of("MARKETING"), null, null, meterIds, 30));
        all.add(alert("surge-610302-BILLING", "COMPLAINT_SURGE", "UPDATED", "610302", "BILLING_DISPUTE", "电费异常/抄表差错",
                "MEDIUM", List.of("MARKETING"), null, null, List.of("C000020"), 8));
        all.add(alert("repeat-TA-610112-00", "OUTAGE_REPEAT", "OPEN", "610112", null, null, "HIGH",
                List.of("OPERATIONS", "PLANNING"), "F-610112-1", "TA-610112-00", List.of(), 50));
        all.add(alert("cross-610112", "CROSS_DISCIPLINE", "OPEN", "610112", "OUTAGE_FREQUENT", "频繁停电", "CRITICAL",
                List.of("OPERATIONS", "PLANNING", "CUSTOMER_SERVICE"), null, null, List.of("C000006"), 70));
        all.add(alert("cross-610113", "CROSS_DISCIPLINE", "UPDATED", "610113", "OUTAGE_FREQUENT", "频繁停电", "HIGH",
                List.of("OPERATIONS", "PLANNING"), null, null, List.of("C000030"), 14));
        all.add(alert("surge-610100-old", "COMPLAINT_SURGE", "RESOLVED", "610100", "SMART_METER", "智能电表/计量装置故障",
                "LOW", List.of("MARKETING"), null, null, List.of(), 4));
        Map<String, Object> emerging = alert("emerging-610113-scam", "EMERGING_ISSUE", "OPEN", "610113", null, null,
                "HIGH", List.of("CUSTOMER_SERVICE"), null, null, List.of("C000031"), 9);
        emerging.put("terms", List.of(Map.of("term", "冒充", "count", 14), Map.of("term", "上门收费", "count", 12)));
        emerging.put("filed_topics", List.of("OTHER", "SERVICE_CONDUCT"));
        all.add(emerging);
        return all;
    }

    private static Map<String, Object> alert(String id, String type, String status, String region, String topic,
            String topicLabel, String severity, List<String> disciplines, String feeder, String stationArea,
            List<String> complaintIds, double openHours) {
        Region r = REGIONS.lookup(region);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("alert_id", id);
        a.put("type", type);
        a.put("status", status);
        a.put("region_code", region);
        a.put("region_level", stationArea != null ? "STATION_AREA" : r.level().name());
        a.put("region_name", r.name());
        a.put("county_code", r.level().name().equals("COUNTY") ? region : null);
        a.put("city_code", r.cityCode());
        a.put("city_name", r.cityName());
        a.put("province_code", r.provinceCode());
        a.put("province_name", r.provinceName());
        a.put("feeder_id", feeder);
        a.put("station_area_id", stationArea);
        a.put("topic", topic);
        a.put("topic_label", topicLabel);
        a.put("window_start", T0.toString());
        a.put("window_end", T0.plusMinutes((long) (openHours * 60)).toString());
        a.put("detected_at", T0.plusHours(1).toString());
        a.put("updated_at", T0.plusMinutes((long) (openHours * 60)).toString());
        a.put("open_hours", openHours);
        a.put("observed", 24.0);
        a.put("expected", 4.5);
        a.put("score", 7.5);
        a.put("severity", severity);
        a.put("severity_rank", List.of("LOW", "MEDIUM", "HIGH", "CRITICAL").indexOf(severity) + 1);
        a.put("distinct_customers", 11);
        a.put("disciplines", disciplines);
        a.put("evidence", Map.of("complaint_ids", complaintIds, "outage_ids", List.of("OUT-0"),
                "keywords", List.of(Map.of("keyword", "电表", "count", 9)), "sample_texts", List.of("智能电表走字太快")));
        a.put("rule", Map.of("name", type.toLowerCase(), "parameters", Map.of("window", "PT6H")));
        a.put("location", Map.of("lat", r.lat(), "lon", r.lon()));
        return a;
    }

    private static void put(Map<String, Object> doc, Region r) {
        doc.put("region_code", r.code());
        doc.put("region_name", r.name());
        doc.put("region_level", r.level().name());
        doc.put("city_code", r.cityCode());
        doc.put("city_name", r.cityName());
        doc.put("province_code", r.provinceCode());
        doc.put("province_name", r.provinceName());
        doc.put("location", Map.of("lat", r.lat(), "lon", r.lon()));
    }

    // ---- HTTP ----

    private static void bulkLine(StringBuilder bulk, String alias, String id, Map<String, Object> doc) throws IOException {
        bulk.append("{\"index\":{\"_index\":\"").append(PREFIX).append(alias).append("\",\"_id\":\"").append(id)
                .append("\"}}\n").append(SavedObjects.JSON.writeValueAsString(doc)).append('\n');
    }

    private JsonNode send(String method, String path, String body) throws IOException {
        Request request = new Request(method, path);
        if (body != null) {
            request.setJsonEntity(body);
        }
        try {
            Response response = es.performRequest(request);
            String text = response.getEntity() == null ? "{}" : EntityUtils.toString(response.getEntity());
            return SavedObjects.JSON.readTree(text.isEmpty() ? "{}" : text);
        } catch (ResponseException e) {
            throw new AssertionError(method + " " + path + " failed: "
                    + EntityUtils.toString(e.getResponse().getEntity()), e);
        }
    }
}
