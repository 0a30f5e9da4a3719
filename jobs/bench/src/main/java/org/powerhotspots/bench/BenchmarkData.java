package org.powerhotspots.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.powerhotspots.detect.ComplaintSignal;
import org.powerhotspots.detect.OutageSignal;
import org.powerhotspots.domain.Topic;
import org.powerhotspots.domain.Times;

/**
 * The input of the detector benchmark: complaint and outage signals sorted by event time, either
 * generated from a seed or read from a {@code scripts/simulate} output directory.
 */
public record BenchmarkData(String description, List<ComplaintSignal> complaints, List<OutageSignal> outages) {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    /** 2026-03-01T00:00+08:00, the simulator's default start. */
    private static final long START = 1_772_294_400_000L;
    private static final String[] PROVINCES = {"61", "62"};
    private static final int CITIES_PER_PROVINCE = 5;
    /** Relative frequency of each topic (Topic order): supply and billing dominate, as in real hotlines. */
    private static final double[] TOPIC_WEIGHTS = {8, 4, 5, 5, 4, 6, 9, 4, 4, 5, 3, 2, 2, 1, 1, 3};
    /** Relative complaint rate by hour of day (Beijing time): a night trough and a morning peak. */
    private static final double[] HOUR_WEIGHTS = {
        0.1, 0.1, 0.1, 0.1, 0.2, 0.3, 0.6, 1.2, 2.0, 2.5, 2.2, 1.8,
        1.5, 1.4, 1.6, 1.7, 1.6, 1.5, 1.4, 1.3, 1.1, 0.8, 0.5, 0.2};

    /** Input records the Flink variants consume (an outage that arrives twice counts twice). */
    public long events() {
        return (long) complaints.size() + outages.size();
    }

    /** The last event time of the data. */
    public long lastEventTime() {
        long last = Long.MIN_VALUE;
        for (ComplaintSignal c : complaints) {
            last = Math.max(last, c.receivedAt());
        }
        for (OutageSignal o : outages) {
            last = Math.max(last, o.eventTime());
        }
        return last;
    }

    /** The records of the first {@code fraction} of the time span (a warm-up set with the same shape). */
    public BenchmarkData head(double fraction) {
        long first = Math.min(complaints.isEmpty() ? Long.MAX_VALUE : complaints.get(0).receivedAt(),
                outages.isEmpty() ? Long.MAX_VALUE : outages.get(0).eventTime());
        long cut = first + (long) ((lastEventTime() - first) * fraction);
        return new BenchmarkData("first " + Math.round(fraction * 100) + "% of " + description,
                complaints.stream().filter(c -> c.receivedAt() <= cut).toList(),
                outages.stream().filter(o -> o.eventTime() <= cut).toList());
    }

    /**
     * Generates {@code complaintCount} complaints and {@code outageCount} outages over {@code days}
     * days, across 100 counties in two provinces with {@code areasPerCounty} station areas each (four
     * to a feeder). Counties, station areas and customers are drawn with skewed weights so that some
     * places repeat and alert, as in real data.
     */
    public static BenchmarkData generate(long seed, int complaintCount, int outageCount, int days, int areasPerCounty) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> counties = new ArrayList<>();
        for (String province : PROVINCES) {
            for (int city = 1; city <= CITIES_PER_PROVINCE; city++) {
                for (int county = 1; county <= 10; county++) {
                    counties.add(String.format("%s%02d%02d", province, city, county + 20));
                }
            }
        }
        double[] countyWeights = zipf(counties.size(), 0.8);
        double[] areaWeights = zipf(areasPerCounty, 1.0);
        double[] customerWeights = zipf(4000, 0.6);
        long span = days * DAY;

        List<OutageSignal> outages = new ArrayList<>(outageCount);
        for (int i = 0; i < outageCount; i++) {
            String county = counties.get(pick(random, countyWeights));
            int area = pick(random, areaWeights);
            long start = START + random.nextLong(span);
            long restored = start + (10 + random.nextInt(230)) * 60_000L;
            boolean unplanned = random.nextDouble() < 0.85;
            // One in ten records names only its feeder, as many dispatch systems do.
            String stationArea = random.nextDouble() < 0.1 ? null : String.format("TQ%s%03d", county, area);
            String feeder = String.format("F%s%02d", county, area / 4);
            outages.add(new OutageSignal(String.format("TD%s%07d", county, i), unplanned, start, restored, county,
                    feeder, stationArea, 50 + random.nextInt(2000)));
        }
        outages.sort(Comparator.comparingLong(OutageSignal::eventTime).thenComparing(OutageSignal::outageId));

        Topic[] topics = Topic.values();
        double[] topicWeights = cumulative(TOPIC_WEIGHTS);
        List<ComplaintSignal> complaints = new ArrayList<>(complaintCount);
        for (int i = 0; i < complaintCount; i++) {
            String county = counties.get(pick(random, countyWeights));
            long at;
            do { // rejection sampling of the daily rhythm
                at = START + random.nextLong(span);
            } while (random.nextDouble() * 2.5 > HOUR_WEIGHTS[(int) (((at + 8 * HOUR) % DAY) / HOUR)]);
            List<Topic> mine = new ArrayList<>(2);
            mine.add(topics[pick(random, topicWeights)]);
            if (random.nextDouble() < 0.25) {
                mine.add(topics[pick(random, topicWeights)]);
            }
            String customer = random.nextDouble() < 0.1 ? null
                    : String.format("C%s%06d", county, pick(random, customerWeights));
            complaints.add(new ComplaintSignal(String.format("GD%s%08d", county, i), at, county, customer, mine,
                    List.of(), ""));
        }
        complaints.sort(Comparator.comparingLong(ComplaintSignal::receivedAt).thenComparing(ComplaintSignal::complaintId));
        return new BenchmarkData(String.format("generated (seed %d): %d complaints, %d outages, %d days, "
                + "%d counties, %d station areas", seed, complaintCount, outageCount, days, counties.size(),
                counties.size() * areasPerCounty), complaints, outages);
    }

    /**
     * Reads {@code complaints.jsonl} and {@code outages.jsonl} of a simulator output directory. Topics
     * come from {@code category_code} when present, else from a fixed hash of the complaint id, so no
     * text analysis is timed here.
     */
    public static BenchmarkData readSimulation(Path dir) throws IOException {
        return readSimulation(dir, null);
    }

    /**
     * The same, with each complaint's topics, keywords and theme terms from {@code analyzer} (as the job enriches it),
     * when it is not null; the analysis' CPU time per complaint goes into the description.
     */
    public static BenchmarkData readSimulation(Path dir, org.powerhotspots.text.ComplaintAnalyzer analyzer)
            throws IOException {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long analysisNanos = 0;
        ObjectMapper json = new ObjectMapper();
        int skipped = 0; // records the job would send to dead letters (no parsable time)
        Topic[] topics = Topic.values();
        List<ComplaintSignal> complaints = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(dir.resolve("complaints.jsonl"), StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = parse(json, line);
                if (n == null) {
                    skipped++;
                    continue;
                }
                String id = n.path("complaint_id").asText();
                String category = text(n, "category_code");
                Topic topic = category != null ? Topic.fromCode(category) : topics[Math.floorMod(id.hashCode(), topics.length)];
                Long at = time(n, "received_at");
                if (at == null) {
                    skipped++;
                    continue;
                }
                String complaintText = n.path("text").asText("");
                if (analyzer == null) {
                    complaints.add(new ComplaintSignal(id, at, n.path("region_code").asText(),
                            text(n, "customer_id"), List.of(topic), List.of(), complaintText));
                    continue;
                }
                long before = cpu.getCurrentThreadCpuTime();
                org.powerhotspots.text.ComplaintAnalysis a = analyzer.analyze(complaintText, category);
                analysisNanos += cpu.getCurrentThreadCpuTime() - before;
                List<Topic> analysed = new ArrayList<>();
                a.topics().forEach(t -> analysed.add(t.topic()));
                complaints.add(new ComplaintSignal(id, at, n.path("region_code").asText(), text(n, "customer_id"),
                        analysed, a.keywords(), complaintText, a.themeTerms()));
            }
        }
        List<OutageSignal> outages = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(dir.resolve("outages.jsonl"), StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = parse(json, line);
                if (n == null) {
                    skipped++;
                    continue;
                }
                Long started = time(n, "started_at");
                if (started == null) {
                    skipped++;
                    continue;
                }
                outages.add(new OutageSignal(n.path("outage_id").asText(), !"PLANNED".equals(text(n, "kind")),
                        started, time(n, "restored_at"),
                        n.path("region_code").asText(), text(n, "feeder_id"), text(n, "station_area_id"),
                        n.path("customers_affected").asInt(0)));
            }
        }
        complaints.sort(Comparator.comparingLong(ComplaintSignal::receivedAt).thenComparing(ComplaintSignal::complaintId));
        outages.sort(Comparator.comparingLong(OutageSignal::eventTime).thenComparing(OutageSignal::outageId));
        String analysis = analyzer == null ? "" : String.format(java.util.Locale.ROOT,
                "; text analysis %.1f µs CPU per complaint (%.0f complaints/s per core)",
                analysisNanos / 1e3 / complaints.size(), complaints.size() / (analysisNanos / 1e9));
        return new BenchmarkData(String.format("simulation %s: %d complaints, %d outage records (%d unparsable records skipped)%s",
                dir, complaints.size(), outages.size(), skipped, analysis), complaints, outages);
    }

    /** A JSON object, or null for a line the job would send to dead letters (truncated, not an object). */
    private static JsonNode parse(ObjectMapper json, String line) {
        try {
            JsonNode n = json.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The time of a field (ISO-8601 with offset, or epoch millis), or null when missing or unparsable. */
    private static Long time(JsonNode n, String field) {
        String t = text(n, field);
        if (t == null) {
            return null;
        }
        try {
            return Times.parse(t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Cumulative Zipf weights 1/rank^s: index 0 is the busiest. */
    private static double[] zipf(int n, double s) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 1 / Math.pow(i + 1, s);
        }
        return cumulative(w);
    }

    private static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            total += weights[i];
            c[i] = total;
        }
        return c;
    }

    /** An index drawn with probability proportional to its weight (binary search of the cumulative weights). */
    private static int pick(SplittableRandom random, double[] cumulative) {
        double r = random.nextDouble() * cumulative[cumulative.length - 1];
        int i = java.util.Arrays.binarySearch(cumulative, r);
        return Math.min(i >= 0 ? i + 1 : -i - 1, cumulative.length - 1);
    }
}
