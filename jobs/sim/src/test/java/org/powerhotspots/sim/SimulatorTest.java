package org.powerhotspots.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.powerhotspots.domain.RegionCode;

/** Checks the simulated streams against the input contract and the truth file against the data. */
class SimulatorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long DAY = 86_400_000L;

    @TempDir
    static Path tmp;
    static Path dir;
    static List<JsonNode> complaints = new ArrayList<>();
    static List<String> complaintLines;
    static List<JsonNode> outages = new ArrayList<>();
    static List<JsonNode> truth = new ArrayList<>();
    static int badComplaintLines;

    @BeforeAll
    static void simulate() throws IOException {
        dir = tmp.resolve("a");
        SimulateMain.main(new String[] {"--out", dir.toString(), "--weeks", "4", "--rate", "1500", "--seed", "7",
            "--regions", tmp.resolve("none.tsv").toString()});
        complaintLines = Files.readAllLines(dir.resolve("complaints.jsonl"), StandardCharsets.UTF_8);
        for (String line : complaintLines) {
            JsonNode n = parseValid(line, new String[] {"complaint_id", "received_at", "region_code", "text"},
                    "received_at");
            if (n == null) {
                badComplaintLines++;
            } else {
                complaints.add(n);
            }
        }
        for (String line : Files.readAllLines(dir.resolve("outages.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode n = parseValid(line, new String[] {"outage_id", "started_at", "region_code"}, "started_at");
            if (n != null) {
                outages.add(n);
            }
        }
        for (String line : Files.readAllLines(dir.resolve("truth.jsonl"), StandardCharsets.UTF_8)) {
            truth.add(MAPPER.readTree(line));
        }
    }

    /** The record as a consumer of SPEC section 2 would accept it, or null for a dead letter. */
    private static JsonNode parseValid(String line, String[] required, String timeField) {
        try {
            JsonNode n = MAPPER.readTree(line);
            for (String f : required) {
                if (!n.hasNonNull(f)) {
                    return null;
                }
            }
            if (!RegionCode.isValid(n.get("region_code").asText())) {
                return null;
            }
            time(n, timeField);
            if (n.hasNonNull("restored_at")) {
                time(n, "restored_at");
            }
            return n;
        } catch (Exception e) {
            return null;
        }
    }

    private static long time(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v.isNumber() ? v.asLong() : OffsetDateTime.parse(v.asText()).toInstant().toEpochMilli();
    }

    @Test
    void sameSeedWritesIdenticalFiles() throws IOException {
        Path again = tmp.resolve("b");
        SimulateMain.main(new String[] {"--out", again.toString(), "--weeks", "4", "--rate", "1500", "--seed", "7",
            "--regions", tmp.resolve("none.tsv").toString()});
        for (String f : new String[] {"complaints.jsonl", "outages.jsonl", "truth.jsonl"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(f)), Files.readAllBytes(again.resolve(f)), f);
        }
    }

    @Test
    void recordsFollowTheInputContractExceptAFewBadOnesPerThousand() {
        double badShare = badComplaintLines / (double) complaintLines.size();
        assertTrue(badShare > 0.0005 && badShare < 0.01, "bad share " + badShare);
        long iso = complaints.stream().filter(n -> n.get("received_at").isTextual()).count();
        assertTrue(complaints.stream().filter(n -> n.get("received_at").isTextual())
                .allMatch(n -> n.get("received_at").asText().endsWith("+08:00")));
        assertTrue(iso > complaints.size() * 0.95);
        long withCustomer = complaints.stream().filter(n -> n.hasNonNull("customer_id")).count();
        assertEquals(0.8, withCustomer / (double) complaints.size(), 0.05);
        // Missing optional fields appear both as absent keys and as explicit nulls.
        assertTrue(complaints.stream().anyMatch(n -> n.has("customer_id") && n.get("customer_id").isNull()));
        assertTrue(complaints.stream().anyMatch(n -> !n.has("customer_id")));
    }

    @Test
    void complaintsArriveSlightlyOutOfOrder() {
        int inversions = 0;
        for (int i = 1; i < complaints.size(); i++) {
            if (time(complaints.get(i), "received_at") < time(complaints.get(i - 1), "received_at")) {
                inversions++;
            }
        }
        assertTrue(inversions > 0);
    }

    @Test
    void outagesAreSentAtStartAndAgainAtRestoreUnderOneId() {
        Map<String, Integer> messages = new HashMap<>();
        Set<String> restoredIds = new HashSet<>();
        Set<String> openIds = new HashSet<>();
        for (JsonNode o : outages) {
            String id = o.get("outage_id").asText();
            messages.merge(id, 1, Integer::sum);
            (o.hasNonNull("restored_at") ? restoredIds : openIds).add(id);
        }
        long both = openIds.stream().filter(restoredIds::contains).count();
        assertTrue(both > messages.size() * 0.8, both + " of " + messages.size());
        assertTrue(outages.stream().anyMatch(o -> o.get("kind").asText().equals("PLANNED")));
    }

    @Test
    void nightsAreQuieterThanMorningsAndSundaysThanMondays() {
        int[] byHour = new int[24];
        Map<DayOfWeek, Integer> byDay = new TreeMap<>();
        for (JsonNode c : complaints) {
            OffsetDateTime t = Instant.ofEpochMilli(time(c, "received_at")).atOffset(Timestamps.CHINA);
            byHour[t.getHour()]++;
            byDay.merge(t.getDayOfWeek(), 1, Integer::sum);
        }
        assertTrue(byHour[3] * 10 < byHour[10], "03h " + byHour[3] + " vs 10h " + byHour[10]);
        assertTrue(byDay.get(DayOfWeek.SUNDAY) < byDay.get(DayOfWeek.MONDAY));
    }

    @Test
    void aboutOneTextInTwelveIsTraditionalChinese() {
        long traditional = complaints.stream()
                .filter(n -> TraditionalChinese.looksTraditional(n.get("text").asText())).count();
        assertEquals(0.08, traditional / (double) complaints.size(), 0.03);
    }

    @Test
    void truthHasEveryAlertTypeAndBothDecoys() {
        Set<String> types = new HashSet<>();
        Set<String> scenarios = new HashSet<>();
        for (JsonNode t : truth) {
            types.add(t.get("type").asText());
            scenarios.add(t.get("scenario").asText());
        }
        assertEquals(Set.of("COMPLAINT_SURGE", "OUTAGE_REPEAT", "CROSS_DISCIPLINE", "REPEAT_COMPLAINANT"), types);
        assertTrue(scenarios.containsAll(Set.of("county_surge", "city_surge", "province_rise", "outage_repeat",
                "cross_discipline", "repeat_complainant", "loud_caller")), scenarios.toString());
    }

    @Test
    void provinceRiseForbidsAnAlertInEveryCounty() {
        JsonNode rise = truth.stream().filter(t -> t.get("scenario").asText().equals("province_rise")).findFirst()
                .orElseThrow();
        assertEquals("PROVINCE", rise.get("region_level").asText());
        Set<String> counties = new HashSet<>();
        complaints.forEach(c -> counties.add(c.get("region_code").asText()));
        Set<String> forbidden = new HashSet<>();
        rise.get("must_not_fire").forEach(m -> forbidden.add(m.get("region_code").asText()));
        assertTrue(forbidden.containsAll(counties));
    }

    @Test
    void loudCallerIsOneCustomerTwelveTimesInOneDayAndMustNotRaiseASurge() {
        JsonNode loud = truth.stream().filter(t -> t.get("scenario").asText().equals("loud_caller")).findFirst()
                .orElseThrow();
        String customer = loud.get("customer_id").asText();
        List<Long> times = complaints.stream().filter(c -> customer.equals(c.path("customer_id").asText()))
                .map(c -> time(c, "received_at")).sorted().toList();
        assertEquals(12, times.size());
        assertTrue(times.get(11) - times.get(0) < DAY);
        assertTrue(loud.get("decoy").asBoolean());
        assertEquals("REPEAT_COMPLAINANT", loud.get("type").asText());
        assertTrue(loud.get("must_not_fire").get(0).get("type").asText().equals("COMPLAINT_SURGE"));
    }

    @Test
    void everyStationAreaWithThreeUnplannedOutagesInThirtyDaysIsInTheTruth() {
        Map<String, Map<String, Long>> startsByArea = new HashMap<>();
        for (JsonNode o : outages) {
            if (o.get("kind").asText().equals("UNPLANNED") && o.hasNonNull("station_area_id")) {
                startsByArea.computeIfAbsent(o.get("station_area_id").asText(), k -> new HashMap<>())
                        .put(o.get("outage_id").asText(), time(o, "started_at"));
            }
        }
        Set<String> expected = new HashSet<>();
        startsByArea.forEach((area, starts) -> {
            List<Long> sorted = starts.values().stream().sorted().toList();
            for (int i = 2; i < sorted.size(); i++) {
                if (sorted.get(i) - sorted.get(i - 2) <= 30 * DAY) {
                    expected.add(area);
                }
            }
        });
        Set<String> listed = new HashSet<>();
        truth.stream().filter(t -> t.get("type").asText().equals("OUTAGE_REPEAT") && t.hasNonNull("station_area_id"))
                .forEach(t -> listed.add(t.get("station_area_id").asText()));
        assertTrue(expected.size() >= 2);
        assertEquals(expected, listed);
    }

    @Test
    void everyCustomerWithThreeComplaintsInSevenDaysIsInTheTruth() {
        Map<String, List<Long>> byCustomer = new HashMap<>();
        for (JsonNode c : complaints) {
            if (c.hasNonNull("customer_id")) {
                byCustomer.computeIfAbsent(c.get("customer_id").asText(), k -> new ArrayList<>())
                        .add(time(c, "received_at"));
            }
        }
        Set<String> expected = new HashSet<>();
        byCustomer.forEach((customer, times) -> {
            List<Long> sorted = times.stream().sorted().toList();
            for (int i = 2; i < sorted.size(); i++) {
                if (sorted.get(i) - sorted.get(i - 2) <= 7 * DAY) {
                    expected.add(customer);
                }
            }
        });
        Set<String> listed = new HashSet<>();
        truth.stream().filter(t -> t.get("type").asText().equals("REPEAT_COMPLAINANT"))
                .forEach(t -> listed.add(t.get("customer_id").asText()));
        assertEquals(expected, listed);
    }
}
