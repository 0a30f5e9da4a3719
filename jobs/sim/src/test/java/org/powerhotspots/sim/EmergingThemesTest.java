package org.powerhotspots.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.powerhotspots.domain.RegionCode;

/** scripts/simulate --emerging: themes of three shapes, silent vocabulary churn, and the world without it unchanged. */
class EmergingThemesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] ARGS = {"--weeks", "4", "--rate", "1500", "--seed", "7"};

    @TempDir
    static Path tmp;
    static Path off;
    static Path on;
    static List<JsonNode> truthOff = new ArrayList<>();
    static List<JsonNode> truthOn = new ArrayList<>();
    static Map<String, JsonNode> complaintsOn = new HashMap<>();

    @BeforeAll
    static void simulate() throws IOException {
        off = tmp.resolve("off");
        on = tmp.resolve("on");
        run(off, false);
        run(on, true);
        truthOff = lines(off.resolve("truth.jsonl"));
        truthOn = lines(on.resolve("truth.jsonl"));
        for (String line : Files.readAllLines(on.resolve("complaints.jsonl"), StandardCharsets.UTF_8)) {
            try {
                JsonNode n = MAPPER.readTree(line);
                if (n.hasNonNull("complaint_id") && n.hasNonNull("text") && !n.get("complaint_id").asText()
                        .startsWith("BAD")) {
                    complaintsOn.put(n.get("complaint_id").asText(), n);
                }
            } catch (IOException e) {
                // a truncated dead-letter line
            }
        }
    }

    private static void run(Path dir, boolean emerging) throws IOException {
        List<String> args = new ArrayList<>(List.of("--out", dir.toString(), "--regions",
                tmp.resolve("none.tsv").toString()));
        args.addAll(List.of(ARGS));
        if (emerging) {
            args.add("--emerging");
        }
        SimulateMain.main(args.toArray(new String[0]));
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(MAPPER.readTree(line));
        }
        return out;
    }

    private static long time(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v.isNumber() ? v.asLong() : OffsetDateTime.parse(v.asText()).toInstant().toEpochMilli();
    }

    private static List<JsonNode> themes() {
        return truthOn.stream().filter(n -> n.get("type").asText().equals("EMERGING_ISSUE")
                && n.path("expect_alert").asBoolean(true)).toList();
    }

    @Test
    void withoutTheFlagTheWorldIsAsBeforeAndTheFlagOnlyAdds() throws IOException {
        // Off: no trace of the option in any file.
        assertTrue(truthOff.stream().noneMatch(n -> n.get("type").asText().equals("EMERGING_ISSUE")
                || n.has("terms") || n.has("expect_alert")));
        assertFalse(MAPPER.readTree(off.resolve("meta.json").toFile()).has("emerging"));
        assertTrue(MAPPER.readTree(on.resolve("meta.json").toFile()).get("emerging").asBoolean());
        // Same arguments, same bytes (the default path draws nothing new).
        Path again = tmp.resolve("off-again");
        run(again, false);
        for (String f : new String[] {"complaints.jsonl", "outages.jsonl", "truth.jsonl", "meta.json"}) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(off.resolve(f)), Files.readAllBytes(again.resolve(f))),
                    f);
        }
        // On: every injected incident of the world without the flag is still there, unchanged.
        Set<String> onLines = new HashSet<>();
        truthOn.forEach(n -> onLines.add(n.toString()));
        for (JsonNode n : truthOff) {
            if (n.get("origin").asText().equals("injected")) {
                assertTrue(onLines.contains(n.toString()), "changed by --emerging: " + n.get("id"));
            }
        }
        // Every ordinary complaint is still there with its events (churn may only reword its text).
        Set<String> offIds = new HashSet<>();
        for (String line : Files.readAllLines(off.resolve("complaints.jsonl"), StandardCharsets.UTF_8)) {
            try {
                JsonNode n = MAPPER.readTree(line);
                if (n.hasNonNull("complaint_id") && n.hasNonNull("text")
                        && !n.get("complaint_id").asText().startsWith("BAD")) {
                    offIds.add(n.get("complaint_id").asText());
                    JsonNode o = complaintsOn.get(n.get("complaint_id").asText());
                    assertNotNull(o, n.get("complaint_id").asText());
                    assertEquals(n.get("region_code"), o.get("region_code"));
                    assertEquals(n.path("customer_id").asText(""), o.path("customer_id").asText(""));
                }
            } catch (IOException e) {
                // a truncated dead-letter line
            }
        }
        Set<String> added = new HashSet<>(complaintsOn.keySet());
        added.removeAll(offIds);
        Set<String> themeIds = new HashSet<>();
        themes().forEach(t -> t.get("complaint_ids").forEach(id -> themeIds.add(id.asText())));
        assertEquals(themeIds, added, "--emerging adds exactly the themes' complaints");
    }

    @Test
    void emergingThemesComeInThreeShapesAtTheirLevelsWithEnoughDistinctCustomers() {
        Map<String, String> levelOf = Map.of("app_version_failure", "PROVINCE", "new_fee", "CITY",
                "impersonation_scam", "COUNTY");
        Map<String, Integer> minimum = Map.of("app_version_failure", EmergingInjector.PROVINCE_SIZES[0],
                "new_fee", EmergingInjector.CITY_SIZES[0], "impersonation_scam", EmergingInjector.COUNTY_SIZES[0]);
        Set<String> seen = new HashSet<>();
        JsonNode meta;
        try {
            meta = MAPPER.readTree(on.resolve("meta.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        long warmupEnd = time(meta, "start") + 7 * 86_400_000L;
        List<long[]> spans = new ArrayList<>();
        for (JsonNode t : themes()) {
            String scenario = t.get("scenario").asText();
            seen.add(scenario);
            assertEquals(levelOf.get(scenario), t.get("region_level").asText(), t.get("id").asText());
            assertEquals(levelOf.get(scenario), RegionCode.levelOf(t.get("region_code").asText()).name());
            assertTrue(t.get("topic").isNull());
            assertTrue(t.get("terms").size() >= 2);
            assertTrue(t.get("complaint_ids").size() >= minimum.get(scenario), t.get("id").asText());
            assertTrue(time(t, "start") >= warmupEnd, "after the warm-up: " + t.get("id"));
            // start and end are the theme's first and last complaint.
            long first = Long.MAX_VALUE;
            long last = 0;
            for (JsonNode id : t.get("complaint_ids")) {
                long at = time(complaintsOn.get(id.asText()), "received_at");
                first = Math.min(first, at);
                last = Math.max(last, at);
            }
            assertEquals(time(t, "start"), first);
            assertEquals(time(t, "end"), last);
            assertTrue(last - first <= 3 * 86_400_000L, "a short time: " + t.get("id"));
            spans.add(new long[] {first, last});
            // A surge of the topic the theme's complaints are read as is allowed, not demanded.
            assertTrue(truthOn.stream().anyMatch(n -> n.get("id").asText().equals(t.get("id").asText() + "-CS")
                    && n.get("optional").asBoolean() && n.get("type").asText().equals("COMPLAINT_SURGE")));
        }
        assertEquals(levelOf.keySet(), seen);
        for (int i = 0; i < spans.size(); i++) {
            for (int j = i + 1; j < spans.size(); j++) {
                assertTrue(spans.get(i)[1] < spans.get(j)[0] || spans.get(j)[1] < spans.get(i)[0], "themes overlap");
            }
        }
    }

    @Test
    void themeComplaintsComeFromDistinctCustomersOfTheRegionAndShareTheThemesWords() {
        for (JsonNode t : themes()) {
            String region = t.get("region_code").asText();
            Set<String> customers = new HashSet<>();
            Set<String> texts = new HashSet<>();
            int withTerm = 0;
            List<String> terms = new ArrayList<>();
            t.get("terms").forEach(x -> {
                terms.add(x.asText());
                terms.add(TraditionalChinese.convert(x.asText(), new Random(0)));
            });
            for (JsonNode id : t.get("complaint_ids")) {
                JsonNode c = complaintsOn.get(id.asText());
                assertTrue(c.hasNonNull("customer_id"), id.asText());
                assertTrue(customers.add(c.get("customer_id").asText()), "a customer twice in " + t.get("id"));
                String code = c.get("region_code").asText();
                assertTrue(code.equals(region) || RegionCode.cityOf(code).equals(region)
                        || RegionCode.provinceOf(code).equals(region), code + " outside " + region);
                String text = c.get("text").asText();
                texts.add(text);
                if (terms.stream().anyMatch(text::contains)) {
                    withTerm++;
                }
            }
            int n = t.get("complaint_ids").size();
            assertEquals(n, customers.size());
            // Worded alike (the theme's words in nearly all) but not copies of each other.
            assertTrue(withTerm >= 0.85 * n, t.get("id") + ": " + withTerm + " of " + n + " name a term");
            assertTrue(texts.size() >= 0.9 * n, t.get("id") + ": too many identical texts");
        }
        // The province-wide theme reaches most counties; the city theme several of the city's.
        JsonNode app = themes().stream().filter(t -> t.get("scenario").asText().equals("app_version_failure"))
                .findFirst().orElseThrow();
        Set<String> appCounties = new HashSet<>();
        app.get("complaint_ids").forEach(id -> appCounties.add(complaintsOn.get(id.asText()).get("region_code").asText()));
        assertTrue(appCounties.size() >= 30, "province theme in " + appCounties.size() + " counties");
    }

    @Test
    void churnDecoysCarryMustNotFireEmergingIssueAndTheirWordsRiseSlowly() {
        List<JsonNode> decoys = truthOn.stream().filter(n -> n.get("type").asText().equals("EMERGING_ISSUE")
                && !n.path("expect_alert").asBoolean(true)).toList();
        Set<String> scenarios = new HashSet<>();
        for (JsonNode d : decoys) {
            scenarios.add(d.get("scenario").asText());
            assertTrue(d.get("decoy").asBoolean());
            assertFalse(d.has("complaint_ids"));
            List<String> terms = new ArrayList<>();
            d.get("terms").forEach(x -> terms.add(x.asText()));
            assertFalse(terms.isEmpty());
            boolean ownRegion = false;
            for (JsonNode m : d.get("must_not_fire")) {
                assertEquals("EMERGING_ISSUE", m.get("type").asText());
                assertEquals(d.get("start"), m.get("start"));
                assertEquals(d.get("end"), m.get("end"));
                assertEquals(d.get("terms"), m.get("terms"));
                ownRegion |= m.get("region_code").equals(d.get("region_code"))
                        && m.get("region_level").equals(d.get("region_level"));
            }
            assertTrue(ownRegion, d.get("id").asText());
            // The words turn up in ordinary complaints (no injected ones), more in the second half than the first.
            long start = time(d, "start");
            long middle = start + (time(d, "end") - start) / 2;
            int early = 0;
            int late = 0;
            for (JsonNode c : complaintsOn.values()) {
                String text = c.get("text").asText();
                if (terms.stream().anyMatch(text::contains)) {
                    if (time(c, "received_at") < middle) {
                        early++;
                    } else {
                        late++;
                    }
                }
            }
            assertTrue(early + late >= 15, d.get("id") + " mentioned " + (early + late) + " times");
            assertTrue(late > early, d.get("id") + ": " + early + " then " + late);
        }
        assertEquals(Set.of("new_estate", "new_place", "seasonal_word"), scenarios);
        JsonNode season = decoys.stream().filter(d -> d.get("scenario").asText().equals("seasonal_word")).findFirst()
                .orElseThrow();
        assertEquals("PROVINCE", season.get("region_level").asText());
        // The seasonal word is forbidden at every level: province, each city, each county.
        assertTrue(season.get("must_not_fire").size() > 20);
    }
}
