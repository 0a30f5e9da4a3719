package org.powerhotspots.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.util.Collector;
import org.powerhotspots.detect.ComplaintSignal;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.detect.HotspotAlert;
import org.powerhotspots.detect.DetectorCatalogue;
import org.powerhotspots.detect.OfflineDetection;
import org.powerhotspots.detect.OutageSignal;
import org.powerhotspots.detect.ProvinceSurgeDetector;
import org.powerhotspots.detect.flink.HotspotDetectors;

/**
 * Events per second per core of our detectors against Flink's {@code SlidingEventTimeWindows}
 * counting the same keys on the same data (nexmark's method: a fixed number of events after a
 * warm-up run, throughput divided by the CPU the process used). Run it with {@code scripts/bench-detect}.
 */
public final class DetectorBenchmark {
    /** Outputs of the Flink variants (alerts, window counts), counted in this JVM by the local cluster's tasks. */
    static final LongAdder OUTPUTS = new LongAdder();

    private final BenchmarkData data;
    private final DetectionConfig config;
    private final Duration window;
    private final Duration slide;
    private final long endWatermark;

    private DetectorBenchmark(BenchmarkData data, DetectionConfig config, Duration window, Duration slide) {
        this.data = data;
        this.config = config;
        this.window = window;
        this.slide = slide;
        long last = data.lastEventTime();
        long s = Math.max(config.surgeSlide, config.outageSlide);
        this.endWatermark = Math.floorDiv(last, s) * s + s;
    }

    /** One variant: what it runs, and how. */
    private record Variant(String id, String label, Workload workload) {}

    @FunctionalInterface
    private interface Workload {
        long run(DetectorBenchmark on) throws Exception;
    }

    /** One measured run. */
    private record Measurement(Variant variant, long events, long wallNanos, long cpuNanos, long outputs) {
        double perSecond() {
            return events / (wallNanos / 1e9);
        }

        double perCoreSecond() {
            return cpuNanos <= 0 ? Double.NaN : events / (cpuNanos / 1e9);
        }

        double coresUsed() {
            return cpuNanos <= 0 ? Double.NaN : (double) cpuNanos / wallNanos;
        }
    }

    private static final List<Variant> VARIANTS = List.of(
            new Variant("a", "plain cores: surge + outage, one thread", DetectorBenchmark::cores),
            new Variant("a+", "plain cores: OfflineDetection, every detector", DetectorBenchmark::offline),
            new Variant("e", "plain core: EMERGING_ISSUE alone", DetectorBenchmark::emerging),
            new Variant("b", "Flink DetectorFunctions: surge + outage", DetectorBenchmark::detectorFunctions),
            new Variant("b+", "Flink HotspotDetectors.wire, all four", DetectorBenchmark::wired),
            new Variant("c", "Flink SlidingEventTimeWindows count", DetectorBenchmark::slidingWindows),
            new Variant("0", "Flink pass-through: same sources, fan-out, keyBy", DetectorBenchmark::passThrough));

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println("usage: DetectorBenchmark [--events N] [--outage-share F] [--seed S] [--days D] "
                        + "[--areas A] [--sim DIR [--analyze true]] [--window 30d] [--slide 1h] [--warmup F] [--only a,b,c] "
                        + "[--set key=value]...");
                return;
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("bad argument: " + a + " (see --help)");
            }
            String value = args[++i];
            if (a.equals("--set")) {
                int eq = value.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("--set needs key=value, got " + value);
                }
                overrides.put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                options.put(a.substring(2), value);
            }
        }
        int events = Integer.parseInt(options.getOrDefault("events", "50000"));
        double outageShare = Double.parseDouble(options.getOrDefault("outage-share", "0.05"));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        int days = Integer.parseInt(options.getOrDefault("days", "60"));
        int areas = Integer.parseInt(options.getOrDefault("areas", "30"));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "0.2"));
        String windowText = options.getOrDefault("window", "30d");
        String slideText = options.getOrDefault("slide", "1h");
        Set<String> only = new LinkedHashSet<>(List.of(options.getOrDefault("only", "a,a+,b,b+,c,0").split(",")));
        Set<String> known = Set.of("events", "outage-share", "seed", "days", "areas", "sim", "analyze", "window", "slide",
                "warmup", "only");
        for (String k : options.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k + " (see --help)");
            }
        }

        // Every windowed detector at the window and slide under test; --set overrides come last.
        Map<String, String> settings = new LinkedHashMap<>();
        for (String detector : List.of("outage", "surge", "repeat")) {
            settings.put(detector + ".window", windowText);
            settings.put(detector + ".slide", slideText);
        }
        // The surge scan tests the window under test alone (its default range, 30m..12h, assumes a 30-minute slide).
        settings.put("surge.scanWindows", windowText);
        settings.putAll(overrides);
        DetectionConfig config = DetectionConfig.fromMap(settings);
        Duration window = Duration.ofMillis(DetectionConfig.parseDuration(windowText));
        Duration slide = Duration.ofMillis(DetectionConfig.parseDuration(slideText));

        log("preparing data");
        BenchmarkData data = options.containsKey("sim")
                ? BenchmarkData.readSimulation(Path.of(options.get("sim")),
                        Boolean.parseBoolean(options.getOrDefault("analyze", "false"))
                                ? org.powerhotspots.text.ComplaintAnalyzer.createDefault() : null)
                : BenchmarkData.generate(seed, events - (int) Math.round(events * outageShare),
                        (int) Math.round(events * outageShare), days, areas);
        BenchmarkData warm = data.head(warmup);
        log(data.description());
        log("warm-up set: " + warm.events() + " events; measured set: " + data.events() + " events");
        log("detector settings: " + settings);

        DetectorBenchmark measured = new DetectorBenchmark(data, config, window, slide);
        DetectorBenchmark warming = new DetectorBenchmark(warm, config, window, slide);
        List<Variant> chosen = VARIANTS.stream().filter(v -> only.contains(v.id())).toList();
        List<Measurement> results = new ArrayList<>();
        for (Variant v : chosen) {
            log("(" + v.id() + ") " + v.label() + ": warm-up");
            warming.measure(v);
            log("(" + v.id() + ") " + v.label() + ": measuring");
            Measurement m = measured.measure(v);
            log(String.format(Locale.ROOT, "(%s) %.1f s wall, %.1f s CPU, %,d outputs", v.id(),
                    m.wallNanos() / 1e9, m.cpuNanos() / 1e9, m.outputs()));
            results.add(m);
        }
        measured.print(results);
    }

    /** Runs one variant after a GC, timing the wall clock and the CPU time of the whole JVM. */
    private Measurement measure(Variant v) throws Exception {
        System.gc();
        OUTPUTS.reset();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        long outputs = v.workload().run(this);
        long wall = System.nanoTime() - t0;
        long cpu = processCpuNanos() - cpu0;
        return new Measurement(v, data.events(), wall, cpu0 < 0 ? -1 : cpu, outputs);
    }

    private void print(List<Measurement> results) {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "machine: %d cores available to the JVM, %s %s, max heap %d MB; Flink parallelism 1%n",
                rt.availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                rt.maxMemory() >> 20);
        System.out.println("data: " + data.description() + "; " + data.events() + " events measured");
        System.out.printf(Locale.ROOT, "windows: %s sliding by %s -> %d window copies per event in (c)%n",
                window, slide, window.toMillis() / slide.toMillis());
        System.out.printf(Locale.ROOT, "%-4s %-52s %12s %12s %8s %12s%n", "", "variant", "events/s", "ev/s/core",
                "cores", "outputs");
        Map<String, Measurement> byId = new LinkedHashMap<>();
        for (Measurement m : results) {
            byId.put(m.variant().id(), m);
            System.out.printf(Locale.ROOT, "(%-2s) %-52s %12.0f %12.0f %8.2f %12d%n", m.variant().id(), m.variant().label(),
                    m.perSecond(), m.perCoreSecond(), m.coresUsed(), m.outputs());
        }
        Measurement c = byId.get("c");
        if (c != null) {
            for (String id : List.of("b", "b+", "a", "a+")) {
                Measurement m = byId.get(id);
                if (m != null) {
                    System.out.printf(Locale.ROOT, "(%s)/(c) = %.1f per core, %.1f wall%n", id,
                            m.perCoreSecond() / c.perCoreSecond(), m.perSecond() / c.perSecond());
                }
            }
        }
    }

    // --- (a) the plain cores ---------------------------------------------------------------------

    private static long cores(DetectorBenchmark b) {
        return new OfflineDetection(b.config, List.of(DetectorCatalogue.SURGE, DetectorCatalogue.OUTAGE_REPEAT))
                .run(b.data.complaints(), b.data.outages(), b.endWatermark).alerts().size();
    }

    private static long emerging(DetectorBenchmark b) {
        return new OfflineDetection(b.config, List.of(DetectorCatalogue.EMERGING_ISSUE))
                .run(b.data.complaints(), b.data.outages(), b.endWatermark).alerts().size();
    }

    private static long offline(DetectorBenchmark b) {
        return new OfflineDetection(b.config).run(b.data.complaints(), b.data.outages(), b.endWatermark).alerts().size();
    }

    // --- (b) our Flink operators --------------------------------------------------------------------

    private static long detectorFunctions(DetectorBenchmark b) throws Exception {
        StreamExecutionEnvironment env = localEnvironment();
        DataStream<HotspotAlert> surges =
                HotspotDetectors.detect(b.complaints(env), DetectorCatalogue.SURGE, b.config, b.endWatermark);
        DataStream<HotspotAlert> outageRepeats =
                HotspotDetectors.detect(b.outages(env), DetectorCatalogue.OUTAGE_REPEAT, b.config, b.endWatermark);
        discard(surges.union(outageRepeats));
        env.execute("bench: detector functions");
        return OUTPUTS.sum();
    }

    private static long wired(DetectorBenchmark b) throws Exception {
        StreamExecutionEnvironment env = localEnvironment();
        HotspotDetectors.Streams streams = HotspotDetectors.wire(b.complaints(env), b.outages(env), b.config, b.endWatermark);
        discard(streams.alerts());
        streams.lateComplaints().sinkTo(new DiscardingSink<>());
        streams.lateOutages().sinkTo(new DiscardingSink<>());
        env.execute("bench: wired detectors");
        return OUTPUTS.sum();
    }

    // --- (c) Flink's sliding windows ------------------------------------------------------------

    private static long slidingWindows(DetectorBenchmark b) throws Exception {
        StreamExecutionEnvironment env = localEnvironment();
        SlidingEventTimeWindows windows = SlidingEventTimeWindows.of(b.window, b.slide);
        DataStream<Long> complaintCounts = b.complaints(env)
                .flatMap(new FanOutByTopic()).returns(TypeInformation.of(TopicComplaint.class))
                .keyBy(DetectorBenchmark::countyTopic)
                .window(windows)
                .aggregate(new CountRecords<>(), Types.LONG, Types.LONG).name("count (county, topic)");
        DataStream<Long> outageCounts = b.outages(env)
                .keyBy(DetectorBenchmark::place)
                .window(windows)
                .aggregate(new CountRecords<>(), Types.LONG, Types.LONG).name("count station area / feeder");
        discard(complaintCounts.union(outageCounts));
        env.execute("bench: sliding windows");
        return OUTPUTS.sum();
    }

    /** The floor under (b) and (c): sources, watermarks, fan-out and the keyed shuffle, with no state. */
    private static long passThrough(DetectorBenchmark b) throws Exception {
        StreamExecutionEnvironment env = localEnvironment();
        DataStream<Long> complaints = b.complaints(env)
                .flatMap(new FanOutByTopic()).returns(TypeInformation.of(TopicComplaint.class))
                .keyBy(DetectorBenchmark::countyTopic)
                .process(new Nothing<String, TopicComplaint>()).returns(Types.LONG);
        DataStream<Long> outages = b.outages(env)
                .keyBy(DetectorBenchmark::place)
                .process(new Nothing<String, OutageSignal>()).returns(Types.LONG);
        discard(complaints.union(outages));
        env.execute("bench: pass-through");
        return OUTPUTS.sum();
    }

    // --- shared plumbing ---------------------------------------------------------------------------

    private static StreamExecutionEnvironment localEnvironment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        env.getConfig().enableObjectReuse(); // as nexmark runs: no defensive copies between chained operators
        return env;
    }

    private DataStream<ComplaintSignal> complaints(StreamExecutionEnvironment env) {
        return env.fromData(data.complaints(), TypeInformation.of(ComplaintSignal.class)).name("complaints")
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<ComplaintSignal>forBoundedOutOfOrderness(Duration.ofMillis(config.lateness))
                        .withTimestampAssigner((c, previous) -> c.receivedAt()))
                .name("complaint watermarks");
    }

    private DataStream<OutageSignal> outages(StreamExecutionEnvironment env) {
        return env.fromData(data.outages(), TypeInformation.of(OutageSignal.class)).name("outages")
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<OutageSignal>forBoundedOutOfOrderness(Duration.ofMillis(config.lateness))
                        .withTimestampAssigner((o, previous) -> o.eventTime()))
                .name("outage watermarks");
    }

    private static <T> void discard(DataStream<T> stream) {
        stream.filter(new CountOutputs<>()).name("count outputs").sinkTo(new DiscardingSink<>()).name("discard");
    }

    /** The key (c) counts complaints by: the county and one topic of the complaint. */
    private static String countyTopic(TopicComplaint c) {
        return c.complaint().countyCode() + "|" + c.topic().name();
    }

    /** The place (c) counts an outage at: its station area, else its feeder, else its county. */
    private static String place(OutageSignal o) {
        if (o.stationAreaId() != null) {
            return o.stationAreaId();
        }
        return o.feederId() != null ? o.feederId() : o.countyCode();
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static void log(String message) {
        System.err.println("bench-detect: " + message);
    }

    /** One record per distinct topic of a complaint, for the (county, topic) windows of (c). */
    static final class FanOutByTopic implements FlatMapFunction<ComplaintSignal, TopicComplaint> {
        @Override
        public void flatMap(ComplaintSignal complaint, Collector<TopicComplaint> out) {
            for (TopicComplaint c : TopicComplaint.fanOut(complaint)) {
                out.collect(c);
            }
        }
    }

    /** Counts the records of a window. */
    static final class CountRecords<T> implements AggregateFunction<T, Long, Long> {
        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(T value, Long count) {
            return count + 1;
        }

        @Override
        public Long getResult(Long count) {
            return count;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    /** Drops every record after its key was set (the keyed shuffle without state). */
    static final class Nothing<K, T> extends KeyedProcessFunction<K, T, Long> {
        @Override
        public void processElement(T value, Context ctx, Collector<Long> out) {}
    }

    /** Counts what reaches the sink, then drops it. */
    static final class CountOutputs<T> implements FilterFunction<T> {
        @Override
        public boolean filter(T value) {
            OUTPUTS.increment();
            return false;
        }
    }
}
