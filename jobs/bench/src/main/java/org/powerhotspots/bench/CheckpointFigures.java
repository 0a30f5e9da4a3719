package org.powerhotspots.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.powerhotspots.Pipeline;
import org.powerhotspots.detect.ComplaintSignal;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.detect.OutageSignal;
import org.powerhotspots.detect.flink.HotspotDetectors;

/**
 * Checkpoint size and duration of the four detectors, on the heap and on RocksDB (incremental): a local Flink job
 * replays a simulated province into the detectors (event time, no sinks), checkpointing every few seconds, and the
 * figures are read from Flink's own checkpoint statistics (its REST API) once the state holds the whole run.
 */
public final class CheckpointFigures {
    private CheckpointFigures() {}

    static final AtomicLong CONSUMED = new AtomicLong();

    public static void main(String[] args) throws Exception {
        Path sim = null;
        List<String> backends = List.of("hashmap", "rocksdb");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sim" -> sim = Path.of(args[++i]);
                case "--backend" -> backends = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--sim DIR, --backend LIST)");
            }
        }
        if (sim == null) {
            throw new IllegalArgumentException("--sim DIR is required");
        }
        BenchmarkData data = BenchmarkData.readSimulation(sim);
        System.out.printf(Locale.ROOT, "checkpoints of the four detectors over %s (%,d records), parallelism 1%n%n",
                data.description(), data.events());
        System.out.printf(Locale.ROOT, "%-10s %12s %14s %14s %14s %12s%n", "backend", "checkpoints", "full size",
                "last written", "max duration", "last dur.");
        for (String backend : backends) {
            run(data, backend.trim());
        }
    }

    private static void run(BenchmarkData data, String backend) throws Exception {
        CONSUMED.set(0);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("hotspot-checkpoints-" + backend);
        Configuration conf = Pipeline.withoutGenericTypes();
        conf.set(RestOptions.PORT, port);
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, backend.equals("rocksdb"));
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(3_000, CheckpointingMode.EXACTLY_ONCE);
        List<ComplaintSignal> complaints = new ArrayList<>(data.complaints());
        complaints.sort(Comparator.comparingLong(ComplaintSignal::receivedAt));
        List<OutageSignal> outages = new ArrayList<>(data.outages());
        outages.sort(Comparator.comparingLong(OutageSignal::eventTime));
        long last = data.lastEventTime();
        DataStream<ComplaintSignal> c = replay(env, complaints,
                new ComplaintSignal("filler", last, "000000", null, null, null, null), ComplaintSignal::receivedAt,
                TypeInformation.of(ComplaintSignal.class), "complaints").filter(x -> !x.complaintId().equals("filler"));
        DataStream<OutageSignal> o = replay(env, outages,
                new OutageSignal("filler", true, last, null, "000000", null, null, 0), OutageSignal::eventTime,
                TypeInformation.of(OutageSignal.class), "outages").filter(x -> !x.outageId().equals("filler"));
        HotspotDetectors.wire(c.filter(new Count<>()), o.filter(new Count<>()), DetectionConfig.defaults(), Long.MAX_VALUE)
                .alerts().sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("checkpoint figures " + backend);
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (CONSUMED.get() < data.events() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            // Two more checkpoints with the whole run in state (the last one written after nothing changed).
            int before = completed(port, job).size();
            while (completed(port, job).size() < before + 2 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            List<JsonNode> done = completed(port, job);
            JsonNode lastCp = done.get(done.size() - 1);
            long maxDuration = done.stream().mapToLong(n -> n.path("end_to_end_duration").asLong()).max().orElse(0);
            System.out.printf(Locale.ROOT, "%-10s %12d %11.2f MB %11.2f MB %11d ms %9d ms%n", backend, done.size(),
                    lastCp.path("state_size").asLong() / 1e6, lastCp.path("checkpointed_size").asLong() / 1e6,
                    maxDuration, lastCp.path("end_to_end_duration").asLong());
        } finally {
            job.cancel().get();
        }
    }

    private static List<JsonNode> completed(int port, JobClient job) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/jobs/" + job.getJobID() + "/checkpoints")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : new ObjectMapper().readTree(r.body()).path("history")) {
            if ("COMPLETED".equals(n.path("status").asText())) {
                out.add(n);
            }
        }
        out.sort(Comparator.comparingLong(n -> n.path("id").asLong()));
        return out;
    }

    interface EventTime<T> extends java.io.Serializable {
        long of(T record);
    }

    private static <T> DataStream<T> replay(StreamExecutionEnvironment env, List<T> records, T filler,
            EventTime<T> time, TypeInformation<T> type, String name) {
        SerializableTimestampAssigner<T> assigner = (r, ts) -> time.of(r);
        return env.fromSource(new DataGeneratorSource<>(new Replay<>(records, filler), Long.MAX_VALUE,
                        RateLimiterStrategy.perSecond(100_000), type), WatermarkStrategy.noWatermarks(), name)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<T>forBoundedOutOfOrderness(Duration.ofMinutes(5))
                        .withTimestampAssigner(assigner));
    }

    /** The records in order, then the filler for ever (the job keeps running, its state in place). */
    private record Replay<T>(List<T> records, T filler) implements GeneratorFunction<Long, T> {
        Replay {
            records = new ArrayList<>(records);
        }

        @Override
        public T map(Long index) {
            return index < records.size() ? records.get(index.intValue()) : filler;
        }
    }

    /** Counts the records that reached the detectors (the job runs in this JVM). */
    private static final class Count<T> implements FilterFunction<T> {
        @Override
        public boolean filter(T value) {
            CONSUMED.incrementAndGet();
            return true;
        }
    }
}
