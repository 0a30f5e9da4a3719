package org.powerhotspots;


import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.powerhotspots.config.HotspotConfig;
import org.powerhotspots.functions.EventTimeWatermarks;
import org.powerhotspots.io.KafkaIO;
import org.powerhotspots.io.es.ElasticsearchSink;
import org.powerhotspots.io.es.EsSinkSettings;
import org.powerhotspots.io.es.IndexSetup;
import org.powerhotspots.records.Decoded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming job: complaints and outages from Kafka (Avro) → enrich → detect → Elasticsearch
 * and the alerts topic. main() only loads the configuration and plugs in the production sources and sinks.
 */
public final class HotspotJob {
    private static final Logger LOG = LoggerFactory.getLogger(HotspotJob.class);

    private HotspotJob() {}

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>();
        Map<String, String> flags = HotspotConfig.parseFlags(args, rest);
        Path configFile = null;
        boolean bounded = false;
        long until = Long.MAX_VALUE;
        for (int i = 0; i < rest.size(); i++) {
            switch (rest.get(i)) {
                case "--config" -> configFile = Path.of(rest.get(++i));
                case "--bounded" -> bounded = true;
                case "--until" -> until = org.powerhotspots.domain.Times.parse(rest.get(++i));
                case "-h", "--help" -> {
                    System.out.println(usage());
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument: " + rest.get(i) + "\n" + usage());
            }
        }
        HotspotConfig config = HotspotConfig.load(configFile, System.getenv(), flags);
        LOG.info("{}", config.describe());
        StreamExecutionEnvironment env = environment(config);
        build(env, config, bounded, until);
        env.execute(config.string("job.name"));
    }

    static String usage() {
        return "Usage: HotspotJob [--config FILE] [--bounded] [--key=value …]\n"
                + "  --config FILE   YAML configuration overriding the defaults (e.g. conf/hotspot.yaml; env HOTSPOT_CONFIG)\n"
                + "  --bounded       stop at the Kafka offsets that are latest at start (replays, demos)\n"
                + "  --until T       evaluate no slide after event time T (a replay's end: incidents still open stay open)\n"
                + "  --key=value     override any setting, e.g. --kafka.bootstrap.servers=broker:9092";
    }

    /** The execution environment the configuration asks for: parallelism, checkpoints, restarts. */
    public static StreamExecutionEnvironment environment(HotspotConfig config) {
        Configuration flink = new Configuration();
        // Transient faults (a broker restart, Elasticsearch maintenance) must never end the job: restarts
        // back off exponentially and the backoff resets after a stable period, so a fault an hour for a
        // month is ridden out; only a failure storm longer than job.restart.max-attempts restarts fails it.
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                config.duration("job.restart.initial-backoff"));
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                config.duration("job.restart.max-backoff"));
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                config.duration("job.restart.reset-after"));
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS,
                config.integer("job.restart.max-attempts"));
        // Detector state outgrows the JobManager's in-memory checkpoint limit: checkpoint to files, and keep
        // them when the job is cancelled or fails, so weeks of baselines survive (resume with -s PATH).
        flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.string("job.checkpoint-dir"));
        java.time.Duration checkpointTimeout = config.duration("job.checkpoint-timeout");
        if (checkpointTimeout.toMillis() <= org.powerhotspots.io.es.BulkRetryPolicy.DEFAULT_MAX_FLUSH_MILLIS) {
            throw new IllegalArgumentException("job.checkpoint-timeout must be longer than the Elasticsearch writer's "
                    + org.powerhotspots.io.es.BulkRetryPolicy.DEFAULT_MAX_FLUSH_MILLIS / 60_000 + " min flush deadline");
        }
        flink.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, checkpointTimeout);
        flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        String backend = stateBackend(config);
        flink.set(StateBackendOptions.STATE_BACKEND, backend);
        // RocksDB: each checkpoint uploads only the files that changed since the last one.
        flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, backend.equals("rocksdb"));
        LOG.info("state backend: {}{}, checkpoints every {} to {} (retained on cancel and failure)", backend,
                backend.equals("rocksdb") ? " (incremental checkpoints)" : " (state on the heap)",
                config.string("job.checkpoint-interval"), config.string("job.checkpoint-dir"));
        flink.addAll(Pipeline.withoutGenericTypes()); // no Kryo fallback, in any operator of the job
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(config.integer("job.parallelism"));
        // Settings the task-side functions read (they get no HotspotConfig of their own).
        env.getConfig().setGlobalJobParameters(
                org.apache.flink.configuration.Configuration.fromMap(Map.of("job.progress-interval", config.string("job.progress-interval"))));
        env.enableCheckpointing(config.duration("job.checkpoint-interval").toMillis(), CheckpointingMode.EXACTLY_ONCE);
        return env;
    }

    /** job.state-backend: hashmap (state on the heap) or rocksdb (state on local disk, incremental checkpoints). */
    static String stateBackend(HotspotConfig config) {
        String backend = config.string("job.state-backend").trim().toLowerCase(java.util.Locale.ROOT);
        if (!backend.equals("hashmap") && !backend.equals("rocksdb")) {
            throw new IllegalArgumentException("job.state-backend must be hashmap or rocksdb, not '" + backend + "'");
        }
        return backend;
    }

    /** Production sources and sinks into the pipeline. */
    public static void build(StreamExecutionEnvironment env, HotspotConfig config, boolean bounded, long until)
            throws Exception {
        KafkaSource<Decoded> complaints = KafkaIO.source(config, KafkaIO.Kind.COMPLAINT, bounded);
        KafkaSource<Decoded> outages = KafkaIO.source(config, KafkaIO.Kind.OUTAGE, bounded);
        Pipeline.Inputs inputs = new Pipeline.Inputs(complaints, outages, EventTimeWatermarks.strategy(
                config.duration("job.out-of-orderness"), config.duration("job.idleness")));
        Pipeline.Outputs outputs = new Pipeline.Outputs()
                .alertsTo(KafkaIO.alertSink(config))
                .deadLettersTo(KafkaIO.deadLetterSink(config))
                .withComplaintDocuments(config.bool("job.write-complaints"));
        if (config.bool("elasticsearch.enabled")) {
            IndexSetup.run(config.elasticsearch(), config.aliasPrefix(), config.integer("elasticsearch.replicas"));
            outputs.documentsTo(new ElasticsearchSink(esSettings(config), KafkaIO.deadLetterOutlet(config)));
        }
        new Pipeline(config.detection(), inputs, outputs, until).withTopicModel(config.string("text.topic-model"))
                .build(env);
    }

    public static EsSinkSettings esSettings(HotspotConfig config) {
        return EsSinkSettings.defaults(config.elasticsearch())
                .withMaxActions(config.integer("elasticsearch.bulk-max-actions"))
                .withFlushIntervalMs(config.duration("elasticsearch.flush-interval").toMillis())
                .withRetries(config.integer("elasticsearch.max-retries"), 200)
                .withAliasPrefix(config.aliasPrefix())
                // The job installs templates once before it starts; writers need not repeat it.
                .withSetupIndices(false);
    }
}
