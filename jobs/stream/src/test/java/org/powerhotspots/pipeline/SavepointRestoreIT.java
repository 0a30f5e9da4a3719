package org.powerhotspots.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.powerhotspots.detect.Traffic.DAY;
import static org.powerhotspots.detect.Traffic.START;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.powerhotspots.Pipeline;
import org.powerhotspots.detect.ComplaintSignal;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.detect.HotspotAlert;
import org.powerhotspots.detect.OfflineDetection;
import org.powerhotspots.detect.OutageSignal;
import org.powerhotspots.detect.Traffic;
import org.powerhotspots.detect.flink.HotspotDetectors;
import org.powerhotspots.documents.AlertRecords;
import org.powerhotspots.region.Regions;
import org.powerhotspots.testing.ProjectPaths;

/**
 * Upgrades and rescaling, on committed savepoints, each taken (in Flink's canonical format, at parallelism 2) from
 * the detectors of a release midway through a run that raises every alert type, with incidents open:
 * <ul>
 *   <li>{@code src/test/resources/savepoints/release-0.9}, of the current detection (with the province's day
 *       dispersion, state v4): restored with the current
 *       code at parallelism 1, 2 and 3, on the heap and on RocksDB, and fed the rest of the run, the alerts before
 *       the savepoint plus those after it are exactly the alerts of an uninterrupted run;
 *   <li>{@code release-0.5} (state v3, without the day dispersion, which starts from the prior: the province's
 *       cold start was tested at the configured dispersion), {@code release-0.4} (written before EMERGING_ISSUE
 *       existed, which restores starting empty),
 *       {@code release-0.3} (whose alerts ranked evidence keywords by count where 0.4 ranks them by salience),
 *       {@code release-0.2} (two windows where 0.3 scans every length) and {@code release-0.1} (whose common-mode
 *       factor differed too), of the releases before, whose alerts before the savepoint differ: each still
 *       restores, and every incident it had open carries on under its id to its end, none opened twice.
 * </ul>
 *
 * <p>A change that breaks these restores must fail here, or come with a migration; a change of detection decisions
 * writes a new savepoint of its release and keeps the older ones (docs/operations.md, Upgrades). To write the
 * current one again: {@code mvn -pl jobs/stream verify -Dit.test=SavepointRestoreIT -Dhotspot.write-savepoint=true}.
 */
class SavepointRestoreIT {
    static final Path SAVEPOINTS = ProjectPaths.root().resolve("jobs/stream/src/test/resources/savepoints");
    /** The savepoint of the current detection (written by {@link #writeTheCommittedSavepoint}). */
    static final Path COMMITTED = SAVEPOINTS.resolve("release-0.9");
    /** Records before the cut are in the savepoint, records from it on are fed after the restore. */
    static final long CUT = START + 18 * DAY;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(3).build());

    static final Queue<String> EMITTED = new ConcurrentLinkedQueue<>();
    private static final DetectionConfig CONFIG = DetectionConfig.defaults();

    /** The end of detection: the boundary after the last record, as a backfill of the whole run would stop. */
    private static long end(Traffic.Scenario s) {
        long last = Math.max(s.complaints().stream().mapToLong(ComplaintSignal::receivedAt).max().orElseThrow(),
                s.outages().stream().mapToLong(OutageSignal::eventTime).max().orElseThrow());
        long slide = Math.max(CONFIG.surgeSlide, Math.max(CONFIG.outageSlide, CONFIG.repeatSlide));
        return Math.floorDiv(last, slide) * slide + slide;
    }

    @ParameterizedTest(name = "restored at parallelism {0} on {1}")
    @CsvSource({"2, hashmap", "1, hashmap", "3, hashmap", "3, rocksdb"})
    void theCommittedSavepointRestoresToTheAlertsOfAnUninterruptedRun(int parallelism, String backend)
            throws Exception {
        Traffic.Scenario s = Traffic.everyAlertType();
        AlertRecords lines = new AlertRecords(Regions.bundled());
        List<String> expected = new ArrayList<>(new OfflineDetection(CONFIG)
                .run(s.complaints(), s.outages(), end(s)).alerts().stream().map(lines::toJsonLine).toList());

        List<String> before = Files.readAllLines(COMMITTED.resolve("alerts-before.jsonl"), StandardCharsets.UTF_8);
        assertFalse(before.isEmpty(), "alerts were raised before the savepoint");
        restore(COMMITTED, s, parallelism, backend);

        List<String> got = new ArrayList<>(before);
        got.addAll(EMITTED);
        assertTrue(EMITTED.size() > 0, "alerts after the restore");
        got.sort(null);
        expected.sort(null);
        assertEquals(expected, got);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"release-0.5", "release-0.4", "release-0.3", "release-0.2", "release-0.1"})
    void theSavepointOfAnEarlierReleaseRestoresAndItsOpenIncidentsCarryOnUnderTheirIds(String release) throws Exception {
        Path previous = SAVEPOINTS.resolve(release);
        Traffic.Scenario s = Traffic.everyAlertType();
        List<String> before = Files.readAllLines(previous.resolve("alerts-before.jsonl"), StandardCharsets.UTF_8);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Map<String, String> lastStatus = new java.util.HashMap<>();
        java.util.Set<String> outageRepeats = new java.util.HashSet<>();
        java.util.Map<String, Long> lastEnd = new java.util.HashMap<>();
        for (String line : before) {
            com.fasterxml.jackson.databind.JsonNode a = json.readTree(line);
            String id = a.get("alert_id").asText();
            if (a.get("type").asText().equals("OUTAGE_REPEAT")) {
                outageRepeats.add(id); // its 30-day window outlives the run: it stays open to the end
            }
            long end = java.time.OffsetDateTime.parse(a.get("window_end").asText()).toInstant().toEpochMilli();
            if (end >= lastEnd.getOrDefault(id, Long.MIN_VALUE)) {
                lastEnd.put(id, end);
                lastStatus.put(id, a.get("status").asText());
            }
        }
        java.util.Set<String> open = new java.util.TreeSet<>();
        lastStatus.forEach((id, status) -> {
            if (!status.equals("RESOLVED") && !outageRepeats.contains(id)) {
                open.add(id);
            }
        });
        assertFalse(open.isEmpty(), "incidents that end within the run were open at the savepoint");
        restore(previous, s, 2, "hashmap");
        java.util.Set<String> resolvedAfter = new java.util.TreeSet<>();
        for (String line : EMITTED) {
            com.fasterxml.jackson.databind.JsonNode a = json.readTree(line);
            String id = a.get("alert_id").asText();
            if (a.get("status").asText().equals("OPEN")) {
                assertFalse(lastStatus.containsKey(id), "alert " + id + " opened again after the restore");
            }
            if (a.get("status").asText().equals("RESOLVED")) {
                resolvedAfter.add(id);
            }
        }
        assertTrue(resolvedAfter.containsAll(open),
                "every incident open at the savepoint ends under its own id: open " + open + ", resolved " + resolvedAfter);
    }

    /** Restores {@code dir}'s savepoint and feeds the records from the cut on; the alerts go to EMITTED. */
    private static void restore(Path dir, Traffic.Scenario s, int parallelism, String backend) throws Exception {
        Path savepoint;
        try (Stream<Path> dirs = Files.list(dir)) {
            savepoint = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        EMITTED.clear();
        Configuration conf = new Configuration();
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toUri().toString());
        conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true); // the first run's source
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.configure(Pipeline.withoutGenericTypes());
        DataStream<ComplaintSignal> complaints = stamped(env.fromData(TypeInformation.of(ComplaintSignal.class),
                        s.complaints().stream().filter(c -> c.receivedAt() >= CUT).sorted(
                                java.util.Comparator.comparingLong(ComplaintSignal::receivedAt)).toArray(ComplaintSignal[]::new))
                .uid("after-savepoint-complaints").setParallelism(1), ComplaintSignal::receivedAt);
        DataStream<OutageSignal> outages = stamped(env.fromData(TypeInformation.of(OutageSignal.class),
                        s.outages().stream().filter(o -> o.eventTime() >= CUT).toArray(OutageSignal[]::new))
                .uid("after-savepoint-outages").setParallelism(1), OutageSignal::eventTime);
        HotspotDetectors.wire(complaints, outages, CONFIG, end(s)).alerts().sinkTo(new CollectAlerts()).uid("collect");
        env.execute("restore the committed savepoint");
    }

    /** Writes the committed savepoint of the current detection (run on demand, see the class comment). */
    @Test
    @EnabledIfSystemProperty(named = "hotspot.write-savepoint", matches = "true")
    void writeTheCommittedSavepoint() throws Exception {
        Traffic.Scenario s = Traffic.everyAlertType();
        List<ComplaintSignal> first = s.complaints().stream().filter(c -> c.receivedAt() < CUT)
                .sorted(java.util.Comparator.comparingLong(ComplaintSignal::receivedAt)).toList();
        List<OutageSignal> firstOutages = s.outages().stream().filter(o -> o.eventTime() < CUT).toList();
        EMITTED.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.configure(Pipeline.withoutGenericTypes());
        // The sources run on after their records (fillers at the cut keep the watermark there), so the job is
        // running when the savepoint is taken, with every boundary before the cut evaluated.
        DataStream<ComplaintSignal> complaints = stamped(env.fromSource(new DataGeneratorSource<>(
                        new Replay<>(first, new ComplaintSignal("filler", CUT - 1, "000000", null, null, null, null)),
                        Long.MAX_VALUE, org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy.perSecond(20_000),
                        TypeInformation.of(ComplaintSignal.class)), WatermarkStrategy.noWatermarks(), "complaints")
                .uid("before-savepoint-complaints").setParallelism(1), ComplaintSignal::receivedAt)
                .filter(c -> !c.complaintId().equals("filler"));
        DataStream<OutageSignal> outages = stamped(env.fromSource(new DataGeneratorSource<>(
                        new Replay<>(firstOutages, new OutageSignal("filler", true, CUT - 1, null, "000000", null, null, 0)),
                        Long.MAX_VALUE, org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy.perSecond(20_000),
                        TypeInformation.of(OutageSignal.class)), WatermarkStrategy.noWatermarks(), "outages")
                .uid("before-savepoint-outages").setParallelism(1), OutageSignal::eventTime)
                .filter(o -> !o.outageId().equals("filler"));
        HotspotDetectors.wire(complaints, outages, CONFIG, Long.MAX_VALUE).alerts().sinkTo(new CollectAlerts()).uid("collect");
        JobClient job = env.executeAsync("write the committed savepoint");
        Thread.sleep(Duration.ofSeconds((first.size() + firstOutages.size()) / 20_000 + 10).toMillis());
        Path target = Files.createTempDirectory("savepoint");
        String written = job.stopWithSavepoint(false, target.toUri().toString(), SavepointFormatType.CANONICAL).get();
        job.getJobExecutionResult().get();

        deleteRecursively(COMMITTED);
        Path from = Path.of(java.net.URI.create(written));
        Path into = COMMITTED.resolve(from.getFileName().toString());
        Files.createDirectories(into);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, into.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        AlertRecords lines = new AlertRecords(Regions.bundled());
        List<String> before = new ArrayList<>(EMITTED);
        before.sort(null);
        Files.write(COMMITTED.resolve("alerts-before.jsonl"), before, StandardCharsets.UTF_8);
        assertFalse(before.isEmpty());
    }

    /** A record's event time (serializable: it travels with the job). */
    interface EventTime<T> extends java.io.Serializable {
        long of(T record);
    }

    private static <T> DataStream<T> stamped(DataStream<T> records, EventTime<T> time) {
        org.apache.flink.api.common.eventtime.SerializableTimestampAssigner<T> assigner = (r, ts) -> time.of(r);
        return records.assignTimestampsAndWatermarks(WatermarkStrategy.<T>forBoundedOutOfOrderness(Duration.ofMinutes(5))
                .withTimestampAssigner(assigner)).setParallelism(1);
    }

    /** The records in order, then the filler for ever. */
    private record Replay<T>(List<T> records, T filler) implements GeneratorFunction<Long, T> {
        Replay {
            records = new ArrayList<>(records);
        }

        @Override
        public T map(Long index) {
            return index < records.size() ? records.get(index.intValue()) : filler;
        }
    }

    /** Collects alert lines in this JVM (the MiniCluster runs here). */
    static final class CollectAlerts implements Sink<HotspotAlert> {
        @Override
        public SinkWriter<HotspotAlert> createWriter(WriterInitContext context) {
            AlertRecords lines = new AlertRecords(Regions.bundled());
            return new SinkWriter<>() {
                @Override
                public void write(HotspotAlert alert, Context c) {
                    EMITTED.add(lines.toJsonLine(alert));
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
