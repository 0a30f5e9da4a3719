package org.powerhotspots.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key of the product, declared once: key, type, default and one line of doc.
 * {@code HotspotConfig} takes its defaults and validation from here, {@code DetectionConfig} its
 * detection defaults; docs/operations.md and docs/detection.md list them (SettingsDocumentationTest
 * keeps them equal).
 */
public final class Settings {
    private Settings() {}

    /** How a value is read. */
    public enum Type {
        TEXT,
        /** Text that is masked wherever the configuration is printed. */
        SECRET,
        INTEGER,
        NUMBER,
        BOOLEAN,
        /** 500ms, 30s, 15m, 6h, 7d, 2w (fractions allowed), or plain milliseconds: see {@link Durations}. */
        DURATION,
        /** A UTC offset such as +08:00. */
        OFFSET
    }

    /** One key. */
    public record Setting(String key, Type type, String defaultValue, String doc, boolean detection) {}

    private static final Map<String, Setting> ALL = new LinkedHashMap<>();

    static {
        // Job: Kafka, Elasticsearch, Flink (docs/operations.md).
        job("kafka.bootstrap.servers", Type.TEXT, "127.0.0.1:9092", "Kafka brokers, host:port, comma-separated.");
        job("kafka.group.id", Type.TEXT, "hotspot-job", "Consumer group of the job's Kafka sources (offsets are committed on checkpoints).");
        job("kafka.starting-offsets", Type.TEXT, "earliest", "Where a new consumer group starts: earliest, latest or committed (committed falls back to earliest).");
        job("kafka.topic.complaints", Type.TEXT, "complaints", "Topic of the complaint records (Avro single-object).");
        job("kafka.topic.outages", Type.TEXT, "outages", "Topic of the outage records (Avro single-object).");
        job("kafka.topic.alerts", Type.TEXT, "alerts", "Topic the alerts are written to (Avro, keyed by alert_id).");
        job("kafka.topic.deadletters", Type.TEXT, "deadletters", "Topic the dead letters are written to (JSON, keyed by dead-letter id).");
        job("kafka.alerts.delivery", Type.TEXT, "at-least-once", "Alerts topic guarantee: at-least-once (an alert may be written again after a restore; consumers see it at once) or exactly-once (transactions committed on each checkpoint; consumers must read with isolation.level=read_committed and see alerts up to a checkpoint interval later).");
        job("kafka.transactional-id-prefix", Type.TEXT, "hotspot-alerts", "With kafka.alerts.delivery: exactly-once, the prefix of the producers' transactional ids: unique per job on a cluster, stable across its restarts.");
        job("elasticsearch.urls", Type.TEXT, "http://127.0.0.1:9200", "Elasticsearch nodes, http(s)://host:port, comma-separated.");
        job("elasticsearch.api-key", Type.SECRET, "", "API key (or user and password); from the environment: HOTSPOT_ELASTICSEARCH_API_KEY.");
        job("elasticsearch.user", Type.TEXT, "", "User for basic authentication (with elasticsearch.password).");
        job("elasticsearch.password", Type.SECRET, "", "Password; from the environment: HOTSPOT_ELASTICSEARCH_PASSWORD.");
        job("elasticsearch.ca-certificate", Type.TEXT, "", "PEM file of the CA for https.");
        job("elasticsearch.enabled", Type.BOOLEAN, "true", "Write alerts, complaints, outages and dead letters to Elasticsearch.");
        job("elasticsearch.alias-prefix", Type.TEXT, "", "Prepended to every index, alias and template name (tests, side-by-side runs).");
        job("elasticsearch.replicas", Type.INTEGER, "1", "Replicas of every new index (the templates' own 0 suits one node only; scripts/stream and scripts/backfill pass 0 for the local stack).");
        job("elasticsearch.bulk-max-actions", Type.INTEGER, "1000", "Documents per bulk request.");
        job("elasticsearch.flush-interval", Type.DURATION, "1s", "A partly filled bulk request is sent after this long.");
        job("elasticsearch.max-retries", Type.INTEGER, "8", "Retries of a bulk refused for now (429, 5xx), from 200 ms doubling; then the job fails and replays from its checkpoint.");
        job("job.name", Type.TEXT, "complaint-hotspots", "Flink job name.");
        job("job.parallelism", Type.INTEGER, "2", "Default parallelism of the job's operators.");
        job("job.checkpoint-interval", Type.DURATION, "30s", "Checkpoint interval (exactly-once state; sinks flush on every checkpoint).");
        job("job.checkpoint-timeout", Type.DURATION, "10m", "A checkpoint not complete after this long is abandoned; longer than the Elasticsearch writer's 5 min flush deadline.");
        job("job.checkpoint-dir", Type.TEXT, "file:///tmp/hotspot-checkpoints", "Checkpoint directory: any Flink file-system URI (hdfs://, s3://) on a cluster; scripts/stream uses .data/checkpoints, scripts/cluster submit .data/cluster/checkpoints.");
        job("job.state-backend", Type.TEXT, "hashmap", "Where keyed state lives: hashmap (the heap) or rocksdb (local disk, incremental checkpoints).");
        job("job.restart.initial-backoff", Type.DURATION, "1s", "First delay before a failed job restarts from its last checkpoint; it doubles with each failure in a row.");
        job("job.restart.max-backoff", Type.DURATION, "2m", "Longest delay between restarts.");
        job("job.restart.reset-after", Type.DURATION, "10m", "Running this long without a failure resets the delay and the attempt count.");
        job("job.restart.max-attempts", Type.INTEGER, "1000", "Restarts in a row (without a reset) before the job is declared FAILED; its checkpoints are kept.");
        job("job.max-future", Type.DURATION, "1h", "A record whose event time is further ahead of the wall clock when read is a dead letter (FUTURE_EVENT_TIME) and never moves a watermark.");
        job("job.out-of-orderness", Type.DURATION, "5m", "Bounded out-of-orderness of event time in the watermarks.");
        job("job.idleness", Type.DURATION, "1m", "A partition without records for this long does not hold back the watermark.");
        job("job.progress-interval", Type.DURATION, "10s", "Interval of the one-line progress log.");
        job("text.topic-model", Type.TEXT, "bundled", "Topic model beside the rules: bundled (the shipped model), none (rules alone) or the path of a model written by scripts/train-topics, readable on every TaskManager (docs/text-analysis.md).");
        job("job.write-complaints", Type.BOOLEAN, "true", "Also write the enriched complaints and the outages to Elasticsearch (analysts' drill-down).");

        // Detection (docs/detection.md).
        detection("detect.utcOffset", Type.OFFSET, "+08:00", "Time zone of the hour-of-day / weekday rhythm (China has no DST).");
        detection("detect.lateness", Type.DURATION, "10m", "Out-of-orderness the OfflineDetection runner simulates with its watermark (the streaming job takes its own from the source watermark strategy).");
        detection("surge.bucket", Type.DURATION, "15m", "Width of the counting buckets (ring of window/bucket counters per region).");
        detection("surge.slide", Type.DURATION, "30m", "Evaluation interval: event-time timers fire at every multiple; a surge is raised at the first boundary after the evidence is there.");
        detection("surge.window", Type.DURATION, "3h", "Sliding window whose distinct-customer count is tested.");
        detection("surge.minCount", Type.INTEGER, "5", "Minimum window count (distinct customers) for an alert.");
        detection("surge.minRatio", Type.NUMBER, "3.0", "Minimum observed / expected.");
        detection("surge.pValue", Type.NUMBER, "3e-5", "Tail probability (negative binomial) below which a window is significant; per test, chosen with ~10^3 region×topic tests per slide in mind.");
        detection("surge.sharePValue", Type.NUMBER, "1e-2", "Unused since the sibling expectation replaced the separate share test (kept so existing configurations still load).");
        detection("surge.shareMinRatio", Type.NUMBER, "2.0", "Unused, as above.");
        detection("surge.resolveRatio", Type.NUMBER, "1.5", "Hysteresis: an open surge stays open while observed/expected ≥ this and p ≤ surge.resolvePValue.");
        detection("surge.resolvePValue", Type.NUMBER, "1e-2", "An open surge stays open while its p-value is at most this (and its ratio at least surge.resolveRatio).");
        detection("surge.resolveSlides", Type.INTEGER, "2", "Consecutive normal slides before RESOLVED.");
        detection("surge.reopenWithin", Type.DURATION, "12h", "A resolved surge of a region that turns hot again within this time continues the same alert (UPDATED) instead of opening a new one; 0 turns it off.");
        detection("surge.baselineHalfLife", Type.DURATION, "7d", "Half-life of the baseline level (EWMA).");
        detection("surge.profileHalfLife", Type.DURATION, "21d", "Half-life of the hour-of-day and weekday factors.");
        detection("surge.shareHalfLife", Type.DURATION, "14d", "Half-life of the decayed long-run counts behind each region's usual share.");
        detection("surge.dispersion", Type.NUMBER, "20", "Negative-binomial dispersion r (variance = μ + μ²/r): real counts are burstier than Poisson.");
        detection("surge.warmup", Type.DURATION, "7d", "History the province baseline needs before any surge test (cold start: a full weekly profile).");
        detection("surge.minHistory", Type.DURATION, "1d", "SurgeSeriesDetector only: history before it decides at all; until surge.warmup it assumes four times the over-dispersion (dispersion / 4).");
        detection("surge.maxCustomersPerRegion", Type.INTEGER, "5000", "Bound of the per-county distinct-customer map (beyond it, new customers are counted without dedupe).");
        detection("surge.shortWindow", Type.DURATION, "0", "A shorter window tested alongside surge.window (e.g. 1h); 0 or at least surge.window turns it off.");
        detection("surge.longWindow", Type.DURATION, "12h", "A longer window tested alongside surge.window (Bonferroni: each of the two at surge.pValue/2), for long, thin surges; customers are then deduplicated over it.");
        detection("surge.scanWindows", Type.TEXT, "30m..12h", "Window lengths the surge test scans together at every slide, each ending at the slide: a range FROM..TO (every multiple of surge.slide between them) and/or single lengths, comma-separated (surge.window is always one). The strongest window decides, and where it starts is the alert's window_start. False alarms are controlled over the family: a set is worth 1 + log2 of its span in tests (nested windows share their counts), not one test per length. Empty: surge.shortWindow, surge.window and surge.longWindow (Bonferroni over them).");
        detection("surge.largeMinRatio", Type.NUMBER, "1.5", "Minimum observed/expected once the expectation reaches surge.largeExpected (log-interpolated from surge.minRatio at small expectations); must not exceed surge.minRatio.");
        detection("surge.largeExpected", Type.NUMBER, "30", "Expected window count from which surge.largeMinRatio applies.");
        detection("surge.estimateDispersion", Type.BOOLEAN, "true", "Learn the province's negative-binomial dispersion per window online (method of moments over its own forecast errors) instead of the constant surge.dispersion; counties and cities always use the constant.");
        detection("surge.dispersionPrior", Type.NUMBER, "30", "Shrinkage of that estimate towards surge.dispersion: worth this many expected complaints, squared.");
        detection("surge.dispersionSkipsElevated", Type.BOOLEAN, "true", "The learned dispersion leaves out windows in the elevated tail (surge.resolvePValue), so a slow rise not called yet cannot widen its own tail slide after slide and hide itself; false learns from them too (winsorised only), which suits heavy-tailed series whose bursts are ordinary.");
        detection("surge.volumePrior", Type.NUMBER, "50", "Common-mode correction: weight, in complaints, that shrinks the common-mode factor (the median over the other topics of observed / forecast, weighted by forecast) towards 1 (small counts at night say little); 0 turns the correction off.");
        detection("outage.slide", Type.DURATION, "1h", "Evaluation interval of the outage detector.");
        detection("outage.window", Type.DURATION, "30d", "Window for repeated outages per station area / feeder.");
        detection("outage.minOutages", Type.INTEGER, "3", "Distinct unplanned outages in the window that make an OUTAGE_REPEAT.");
        detection("outage.countyWindow", Type.DURATION, "7d", "Window of the county-level outage count.");
        detection("outage.countyMinCount", Type.INTEGER, "10", "Minimum county outage count for a county OUTAGE_REPEAT.");
        detection("outage.countyMinRatio", Type.NUMBER, "3.0", "Minimum observed / baseline for the county.");
        detection("outage.countyPValue", Type.NUMBER, "1e-5", "Negative-binomial tail for the county.");
        detection("outage.countyBaselineHalfLife", Type.DURATION, "30d", "Half-life of the county's outage-rate EWMA.");
        detection("outage.countyDispersion", Type.NUMBER, "5", "Negative-binomial dispersion for county outage counts.");
        detection("outage.countyWarmup", Type.DURATION, "14d", "History before the county test runs.");
        detection("repeat.window", Type.DURATION, "7d", "REPEAT_COMPLAINANT window.");
        detection("repeat.minComplaints", Type.INTEGER, "3", "Complaints of one customer in the window that make a REPEAT_COMPLAINANT.");
        detection("repeat.slide", Type.DURATION, "30m", "Evaluation interval of the repeat-complainant detector.");
        detection("emerging.window", Type.DURATION, "48h", "EMERGING_ISSUE: how far back a term's customers are counted.");
        detection("emerging.slide", Type.DURATION, "1h", "Evaluation interval of the emerging-issue detector.");
        detection("emerging.minCustomers", Type.INTEGER, "10", "Distinct customers using a term in the window before it can be a new theme.");
        detection("emerging.minRatio", Type.NUMBER, "5", "Minimum customers / expected, the expectation from the term's own baseline given the topics of the window's complaints (a new term: as if half a complaint had used it).");
        detection("emerging.pValue", Type.NUMBER, "1e-10", "Poisson tail a term's count must fall below (one test per term, region and slide: small, for the whole family).");
        detection("emerging.minTerms", Type.INTEGER, "2", "Terms (not part of one another) that a theme's complaints must share: words used alike, not one word in many contexts (a season, a festival); a term of four characters or more (a new fee's or product's compound name) is a theme on its own.");
        detection("emerging.baselineHalfLife", Type.DURATION, "14d", "Half-life of the terms' baseline, which learns from complaints once they leave the window.");
        detection("emerging.warmup", Type.DURATION, "7d", "Baseline history before the first EMERGING_ISSUE.");
        detection("emerging.maxTerms", Type.INTEGER, "30000", "Terms whose baseline a province keeps (the most used; a term dropped counts as new).");
        detection("emerging.maxRecent", Type.INTEGER, "200000", "Complaints a province keeps in its window; beyond it the oldest leave early.");
        detection("cross.slide", Type.DURATION, "30m", "Evaluation interval of the cross-discipline detector.");
        detection("severity.medium", Type.NUMBER, "8", "Statistical alerts: score (−log10 p) at which severity becomes MEDIUM.");
        detection("severity.high", Type.NUMBER, "12", "Statistical alerts: score (−log10 p) at which severity becomes HIGH.");
        detection("severity.critical", Type.NUMBER, "20", "Statistical alerts: score (−log10 p) at which severity becomes CRITICAL.");
        detection("severity.countMedium", Type.NUMBER, "1.5", "Count alerts (outage repeat, repeat complainant): observed/threshold at which severity becomes MEDIUM.");
        detection("severity.countHigh", Type.NUMBER, "2", "Count alerts: observed/threshold at which severity becomes HIGH.");
        detection("severity.countCritical", Type.NUMBER, "3", "Count alerts: observed/threshold at which severity becomes CRITICAL.");
        detection("evidence.maxIds", Type.INTEGER, "20", "Complaint ids and outage ids kept per alert (each).");
        detection("evidence.maxKeywords", Type.INTEGER, "10", "Top keywords (with counts) per alert.");
        detection("evidence.maxSamples", Type.INTEGER, "3", "Sample texts per alert.");
    }

    private static void job(String key, Type type, String defaultValue, String doc) {
        ALL.put(key, new Setting(key, type, defaultValue, doc, false));
    }

    private static void detection(String key, Type type, String defaultValue, String doc) {
        ALL.put(key, new Setting(key, type, defaultValue, doc, true));
    }

    /** Every key, in documentation order. */
    public static List<Setting> all() {
        return List.copyOf(ALL.values());
    }

    /** The key's declaration, or null when it is not a key of the product. */
    public static Setting get(String key) {
        return ALL.get(key);
    }

    /** key → default of the detection settings, in documentation order. */
    public static Map<String, String> detectionDefaults() {
        Map<String, String> m = new LinkedHashMap<>();
        ALL.values().stream().filter(Setting::detection).forEach(s -> m.put(s.key(), s.defaultValue()));
        return Collections.unmodifiableMap(m);
    }

    /** key → default of every setting. */
    public static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        ALL.values().forEach(s -> m.put(s.key(), s.defaultValue()));
        return Collections.unmodifiableMap(m);
    }
}
