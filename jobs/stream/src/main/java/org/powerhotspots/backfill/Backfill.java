package org.powerhotspots.backfill;

import org.powerhotspots.decode.RecordDecoder;
import org.powerhotspots.documents.ElasticsearchDocuments;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.powerhotspots.Pipeline;
import org.powerhotspots.config.HotspotConfig;
import org.powerhotspots.detect.AlertType;
import org.powerhotspots.detect.HotspotAlert;
import org.powerhotspots.functions.EventTimeWatermarks;
import org.powerhotspots.documents.AlertRecords;
import org.powerhotspots.records.DeadLetter;
import org.powerhotspots.io.KafkaIO;
import org.powerhotspots.domain.Times;
import org.powerhotspots.io.es.ElasticsearchSink;
import org.powerhotspots.io.es.IndexSetup;
import org.powerhotspots.records.Decoded;
import org.powerhotspots.region.Regions;

/**
 * Re-runs detection over files or a Kafka time range in Flink BATCH mode, through the same
 * {@link Pipeline} as the streaming job, so it writes the same alerts with the same ids.
 */
public final class Backfill {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parsed command line. */
    public static final class Options {
        public Path complaints;
        public Path outages;
        public String kafka;
        public Long from;
        public Long to;
        public Path alertsOut;
        public Path deadLettersOut;
        public String es;
        public boolean noEs;
        public Path config;
        public Integer parallelism;
        public boolean quiet;
        /** Run in Flink's STREAMING runtime instead of BATCH (checks parity with the streaming job). */
        public boolean streaming;
        /** Configuration overrides, as --key=value flags give them. */
        public final Map<String, String> flags = new LinkedHashMap<>();
    }

    /** What a run did: the summary's figures. */
    public record Summary(long complaintsRead, long outagesRead, long deadLettered, long late,
            Map<AlertType, Integer> alertsByType, long wallMillis, long corruptFiles) {
        public long recordsRead() {
            return complaintsRead + outagesRead;
        }
    }

    public static void main(String[] args) {
        int code;
        try {
            Options o = parse(args);
            if (o == null) {
                System.out.println(usage());
                code = 0;
            } else {
                Summary s = run(o, System.err);
                code = 0;
                if (s.recordsRead() == 0) {
                    System.err.println("backfill: warning: no records read");
                }
                if (s.corruptFiles() > 0) {
                    System.err.println("backfill: " + s.corruptFiles() + " input file(s) could not be read to their end"
                            + " (CORRUPT_FILE dead letters say where); the alerts cover what was read");
                    code = 3;
                }
            }
        } catch (InputFiles.UnreadableInput | IllegalArgumentException e) {
            System.err.println("backfill: error: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.err.println("backfill: failed: " + root);
            code = 1;
        }
        System.exit(code);
    }

    static String usage() {
        return String.join("\n",
                "Usage: scripts/backfill --complaints PATH --outages PATH [options]",
                "       scripts/backfill --kafka HOST:PORT --from T --to T [options]",
                "",
                "Re-runs hotspot detection over a past period in Flink batch mode and writes the same alerts",
                "(same ids) the streaming job would have written for that input.",
                "",
                "Input:",
                "  --complaints PATH   a file or folder of .jsonl, .jsonl.gz or .avro complaint files",
                "  --outages PATH      the same for outages",
                "  --kafka SERVERS     read the complaints and outages topics instead, between --from and --to",
                "  --from T, --to T    event-time range (ISO-8601 with offset, or epoch millis); records outside are skipped",
                "Output:",
                "  --alerts-out FILE   also write the alerts as JSON Lines (SPEC section 4 fields)",
                "  --deadletter-out F  dead letters as JSON Lines (default: beside --alerts-out, else ./deadletters.jsonl)",
                "  --es URL            Elasticsearch (default: elasticsearch.urls of the configuration)",
                "  --no-es             do not write to Elasticsearch",
                "Other:",
                "  --config FILE       YAML configuration overriding the defaults (docs/operations.md)",
                "  --parallelism N     Flink parallelism (default: job.parallelism)",
                "  --streaming         use Flink's streaming runtime instead of batch (same results; slower)",
                "  --key=value         override any configuration setting, e.g. --surge.window=6h",
                "Exit codes: 0 done, 1 the job failed, 2 bad arguments or unreadable input, 3 done but an input file",
                "was corrupt past some line (a CORRUPT_FILE dead letter each).");
    }

    static Options parse(String[] args) {
        Options o = new Options();
        List<String> rest = new ArrayList<>();
        o.flags.putAll(HotspotConfig.parseFlags(args, rest));
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--complaints" -> o.complaints = Path.of(value(rest, ++i, a));
                case "--outages" -> o.outages = Path.of(value(rest, ++i, a));
                case "--kafka" -> o.kafka = value(rest, ++i, a);
                case "--from" -> o.from = Times.parse(value(rest, ++i, a));
                case "--to" -> o.to = Times.parse(value(rest, ++i, a));
                case "--alerts-out" -> o.alertsOut = Path.of(value(rest, ++i, a));
                case "--deadletter-out" -> o.deadLettersOut = Path.of(value(rest, ++i, a));
                case "--es" -> o.es = value(rest, ++i, a);
                case "--no-es" -> o.noEs = true;
                case "--config" -> o.config = Path.of(value(rest, ++i, a));
                case "--parallelism" -> o.parallelism = Integer.parseInt(value(rest, ++i, a));
                case "--quiet" -> o.quiet = true;
                case "--streaming" -> o.streaming = true;
                default -> throw new IllegalArgumentException("unknown argument " + a + " (see --help)");
            }
        }
        if (o.kafka == null && (o.complaints == null || o.outages == null)) {
            throw new IllegalArgumentException("give --complaints PATH and --outages PATH, or --kafka SERVERS with --from and --to");
        }
        if (o.kafka != null && (o.from == null || o.to == null)) {
            throw new IllegalArgumentException("--kafka needs --from and --to");
        }
        if (o.from != null && o.to != null && o.from >= o.to) {
            throw new IllegalArgumentException("--from must be before --to");
        }
        if (o.es != null && o.noEs) {
            throw new IllegalArgumentException("--es and --no-es cannot be used together");
        }
        return o;
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(i);
    }

    /** Runs one backfill; progress and the summary go to {@code log}. */
    public static Summary run(Options o, PrintStream log) throws Exception {
        long start = System.currentTimeMillis();
        Map<String, String> flags = new LinkedHashMap<>(o.flags);
        if (o.es != null) {
            flags.put("elasticsearch.urls", o.es);
        }
        if (o.kafka != null) {
            flags.put("kafka.bootstrap.servers", o.kafka);
        }
        HotspotConfig config = HotspotConfig.load(o.config, System.getenv(), flags);
        long totalBytes = 0;
        Source<Decoded, ?, ?> complaints;
        Source<Decoded, ?, ?> outages;
        if (o.kafka == null) {
            List<InputFiles.InputFile> complaintFiles = InputFiles.find("--complaints", o.complaints);
            List<InputFiles.InputFile> outageFiles = InputFiles.find("--outages", o.outages);
            for (InputFiles.InputFile f : complaintFiles) {
                totalBytes += f.size();
            }
            for (InputFiles.InputFile f : outageFiles) {
                totalBytes += f.size();
            }
            log.printf("backfill: %d complaint file(s), %d outage file(s), %.1f MB%n",
                    complaintFiles.size(), outageFiles.size(), totalBytes / 1e6);
            complaints = fileSource(complaintFiles, KafkaIO.Kind.COMPLAINT, KafkaIO.decoder(config));
            outages = fileSource(outageFiles, KafkaIO.Kind.OUTAGE, KafkaIO.decoder(config));
        } else {
            complaints = kafkaRange(config, KafkaIO.Kind.COMPLAINT, o.from, o.to);
            outages = kafkaRange(config, KafkaIO.Kind.OUTAGE, o.from, o.to);
            log.printf("backfill: Kafka %s, %s to %s%n", o.kafka, Times.iso(o.from), Times.iso(o.to));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(o.streaming ? RuntimeExecutionMode.STREAMING : RuntimeExecutionMode.BATCH);
        env.setParallelism(o.parallelism != null ? o.parallelism : config.integer("job.parallelism"));
        WatermarkStrategy<Decoded> watermarks = EventTimeWatermarks.strategy(
                config.duration("job.out-of-orderness"), java.time.Duration.ZERO);
        Path deadOut = o.deadLettersOut != null ? o.deadLettersOut
                : (o.alertsOut != null ? o.alertsOut.toAbsolutePath().resolveSibling("deadletters.jsonl") : Path.of("deadletters.jsonl"));
        Path esRefused = esRefusedFile(deadOut);
        Files.deleteIfExists(esRefused);
        Pipeline.Outputs outputs = new Pipeline.Outputs().withComplaintDocuments(config.bool("job.write-complaints"));
        if (!o.noEs) {
            IndexSetup.run(config.elasticsearch(), config.aliasPrefix(), config.integer("elasticsearch.replicas"));
            outputs.documentsTo(new ElasticsearchSink(org.powerhotspots.HotspotJob.esSettings(config),
                    new FileDeadLetterOutlet(esRefused)));
        }
        Pipeline.Inputs inputs = new Pipeline.Inputs(complaints, outages, watermarks);
        // In a backfill every incident may run to its end; --to bounds it, as the period asked for.
        long until = o.to != null ? o.to : Long.MAX_VALUE;
        Pipeline.Streams streams = new Pipeline(config.detection(), inputs, outputs, until)
                .withTopicModel(config.string("text.topic-model"))
                .withEventTimeRange(o.from == null ? Long.MIN_VALUE : o.from, o.to == null ? Long.MAX_VALUE : o.to)
                .build(env);
        DataStream<String> results = streams.alerts().map(new AlertLine()).returns(Types.STRING).name("alert lines")
                .union(streams.deadLetters().map(d -> "D\t" + JSON.writeValueAsString(deadLetterLine(d)))
                        .returns(Types.STRING).name("dead-letter lines"));
        CloseableIterator<String> collected = results.collectAsync();

        BackfillProgress.reset();
        JobClient job = env.executeAsync("complaint-hotspots backfill");
        Thread progress = progressThread(log, totalBytes, start, o.quiet);
        progress.start();
        List<String[]> alertLines = new ArrayList<>();
        long deadLetters = 0;
        long corruptFiles = 0;
        try (BufferedWriter dead = Files.newBufferedWriter(deadOut, StandardCharsets.UTF_8); collected) {
            while (collected.hasNext()) {
                String line = collected.next();
                if (line.startsWith("D\t")) {
                    dead.write(line.substring(2));
                    dead.newLine();
                    deadLetters++;
                    if (line.contains("\"reason\":\"" + RecordDecoder.CORRUPT_FILE + "\"")) {
                        corruptFiles++;
                    }
                } else {
                    alertLines.add(line.split("\t", 6));
                }
            }
        } finally {
            progress.interrupt();
        }
        JobExecutionResult result = job.getJobExecutionResult().get();
        long complaintsRead = counter(result, "complaints-read");
        long outagesRead = counter(result, "outages-read");
        long late = counter(result, "complaints-late") + counter(result, "outages-late");

        // Same order on every run: by event time of the emission, then id, then lifecycle step.
        alertLines.sort((a, b) -> {
            int c = Long.compare(Long.parseLong(a[1]), Long.parseLong(b[1]));
            if (c == 0) {
                c = a[2].compareTo(b[2]);
            }
            return c != 0 ? c : a[3].compareTo(b[3]);
        });
        if (o.alertsOut != null) {
            try (BufferedWriter w = Files.newBufferedWriter(o.alertsOut, StandardCharsets.UTF_8)) {
                for (String[] a : alertLines) {
                    w.write(a[5]);
                    w.newLine();
                }
            }
        }
        Map<AlertType, Set<String>> ids = new EnumMap<>(AlertType.class);
        for (String[] a : alertLines) {
            ids.computeIfAbsent(AlertType.valueOf(a[4]), t -> new HashSet<>()).add(a[2]);
        }
        Map<AlertType, Integer> byType = new EnumMap<>(AlertType.class);
        for (AlertType t : AlertType.values()) {
            byType.put(t, ids.getOrDefault(t, Set.of()).size());
        }
        long wall = System.currentTimeMillis() - start;
        Summary s = new Summary(complaintsRead, outagesRead, deadLetters, late, byType, wall, corruptFiles);
        printSummary(log, s, o, deadOut);
        return s;
    }

    private static long counter(JobExecutionResult result, String name) {
        Object v = result.getAllAccumulatorResults().get(name);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    private static void printSummary(PrintStream log, Summary s, Options o, Path deadOut) {
        double seconds = Math.max(s.wallMillis() / 1000.0, 0.001);
        log.println("backfill summary");
        log.printf("  records read      %,d (complaints %,d, outages %,d)%n", s.recordsRead(), s.complaintsRead(), s.outagesRead());
        log.printf("  dead-lettered     %,d  → %s%n", s.deadLettered(), deadOut);
        Path esRefused = esRefusedFile(deadOut);
        if (Files.exists(esRefused)) {
            try (var lines = Files.lines(esRefused, StandardCharsets.UTF_8)) {
                log.printf("  refused by ES     %,d  → %s (dead letters of documents Elasticsearch refused)%n",
                        lines.count(), esRefused);
            } catch (java.io.IOException e) {
                log.printf("  refused by ES     see %s%n", esRefused);
            }
        }
        log.printf("  late              %,d%n", s.late());
        if (s.corruptFiles() > 0) {
            log.printf("  corrupt files     %,d (read up to the line each CORRUPT_FILE dead letter names)%n", s.corruptFiles());
        }
        int total = 0;
        for (Map.Entry<AlertType, Integer> e : s.alertsByType().entrySet()) {
            log.printf("  alerts %-18s %,d%n", e.getKey(), e.getValue());
            total += e.getValue();
        }
        log.printf("  alerts total      %,d%s%n", total, o.alertsOut == null ? "" : "  → " + o.alertsOut);
        log.printf("  Elasticsearch     %s%n", o.noEs ? "not written (--no-es)" : "written");
        log.printf("  wall time         %.1f s%n", seconds);
        log.printf("  throughput        %,.0f records/s%n", s.recordsRead() / seconds);
    }

    private static Thread progressThread(PrintStream log, long totalBytes, long start, boolean quiet) {
        Thread t = new Thread(() -> {
            long lastRecords = 0;
            long lastTime = System.currentTimeMillis();
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.currentTimeMillis();
                long records = BackfillProgress.records();
                double rate = (records - lastRecords) * 1000.0 / Math.max(1, now - lastTime);
                lastRecords = records;
                lastTime = now;
                if (!quiet) {
                    boolean allRead = totalBytes > 0 && BackfillProgress.bytes() >= totalBytes;
                    if (allRead && rate == 0) {
                        // Batch mode detects after reading: say so rather than print a rate of 0.
                        log.printf("backfill: all %,d records read; detecting and writing, %.0f s%n", records,
                                (now - start) / 1000.0);
                    } else {
                        String share = totalBytes > 0 ? String.format(" (%.0f%% of input)",
                                Math.min(100.0, 100.0 * BackfillProgress.bytes() / totalBytes)) : "";
                        log.printf("backfill: %,d records read%s, %,.0f records/s, %.0f s%n", records, share, rate,
                                (now - start) / 1000.0);
                    }
                }
            }
        }, "backfill-progress");
        t.setDaemon(true);
        return t;
    }

    private static Source<Decoded, ?, ?> fileSource(List<InputFiles.InputFile> files, KafkaIO.Kind kind,
            RecordDecoder decoder) {
        org.apache.flink.core.fs.Path[] paths = files.stream()
                .map(f -> new org.apache.flink.core.fs.Path(f.path().toAbsolutePath().toUri()))
                .toArray(org.apache.flink.core.fs.Path[]::new);
        return FileSource.forBulkFileFormat(InputFormats.forKind(kind, decoder), paths).build();
    }

    private static Source<Decoded, ?, ?> kafkaRange(HotspotConfig config, KafkaIO.Kind kind, long from, long to) {
        String topic = config.string(kind == KafkaIO.Kind.COMPLAINT ? "kafka.topic.complaints" : "kafka.topic.outages");
        // Kafka timestamps are when a record was produced; allow the job's out-of-orderness either side.
        long slack = config.duration("job.out-of-orderness").toMillis();
        return KafkaSource.<Decoded>builder()
                .setBootstrapServers(config.string("kafka.bootstrap.servers"))
                .setProperties(config.kafkaClientProperties())
                .setTopics(topic)
                .setGroupId(config.string("kafka.group.id") + "-backfill")
                .setStartingOffsets(OffsetsInitializer.timestamp(Math.max(0, from - slack)))
                .setBounded(OffsetsInitializer.timestamp(to + slack))
                .setDeserializer(KafkaIO.deserializer(kind, KafkaIO.decoder(config)))
                .build();
    }

    /** Where the dead letters of documents Elasticsearch refused go: beside the dead-letter file. */
    static Path esRefusedFile(Path deadOut) {
        return deadOut.toAbsolutePath().resolveSibling("es-refused-" + deadOut.getFileName());
    }

    static Map<String, Object> deadLetterLine(DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>(ElasticsearchDocuments.deadLetter(d));
        m.put("raw", d.rawPreview(100_000));
        m.remove("raw_preview");
        return m;
    }

    /** Alert → "A \t windowEnd \t id \t step \t type \t json" for sorting in the client. */
    static final class AlertLine extends RichMapFunction<HotspotAlert, String> {
        private static final long serialVersionUID = 1L;
        private transient AlertRecords records;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
            records = new AlertRecords(Regions.bundled());
        }

        @Override
        public String map(HotspotAlert a) {
            return "A\t" + a.windowEnd() + "\t" + a.alertId() + "\t" + a.status().ordinal() + "\t" + a.type().name()
                    + "\t" + records.toJsonLine(a);
        }
    }
}
