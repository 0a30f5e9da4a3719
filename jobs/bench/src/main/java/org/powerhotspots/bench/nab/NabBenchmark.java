package org.powerhotspots.bench.nab;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Function;
import org.powerhotspots.bench.nab.NabSweeper.SweepPoint;
import org.powerhotspots.bench.nab.NabSweeper.ThresholdScore;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.detect.SeriesDetector;
import org.powerhotspots.detect.SurgeSeriesDetector;

/**
 * Runs a {@link SeriesDetector} over a NAB subset (a fresh detector per file, one call per row, in
 * order) and scores it the way NAB does, at the detector's own alarm threshold and at the threshold
 * NAB's optimiser would pick on the subset.
 */
public final class NabBenchmark {

    /** Score of one file under one profile, at the fixed and at the optimised threshold. */
    public record FileScore(String relativePath, int windows, ThresholdScore fixed, int detectedFixed,
                            ThresholdScore optimised, int detectedOptimised) {
    }

    /** Scores of a whole subset under one profile. */
    public record SubsetScore(NabProfile profile, int windows, double fixedThreshold, double fixedRaw,
                              double optimisedThreshold, double optimisedRaw, List<FileScore> files) {
        public double fixedNormalised() {
            return profile.normalise(fixedRaw, windows);
        }

        public double optimisedNormalised() {
            return profile.normalise(optimisedRaw, windows);
        }
    }

    private NabBenchmark() {
    }

    /** The detector's anomaly score for every row of the file, fed in time order; rejects scores outside [0, 1]. */
    public static double[] detect(NabSeries series, SeriesDetector detector) {
        double[] scores = new double[series.rows()];
        for (int i = 0; i < series.rows(); i++) {
            double s = detector.update(series.timestamps()[i], series.values()[i]);
            if (!(s >= 0.0 && s <= 1.0)) {
                throw new IllegalStateException(series.relativePath() + " row " + i + ": anomaly score " + s
                        + " is outside [0, 1]");
            }
            scores[i] = s;
        }
        return scores;
    }

    /**
     * Every file's anomaly scores (same order as the corpus), files run on {@code threads} threads: each file has its
     * own detector, so the files are independent. Prints a line per finished file, as the longer subsets take minutes.
     */
    static List<double[]> detectAll(List<NabSeries> corpus, Function<NabSeries, SeriesDetector> fresh, int threads)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, corpus.size()));
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            AtomicInteger done = new AtomicInteger();
            for (NabSeries series : corpus) {
                futures.add(pool.submit(() -> {
                    double[] s = detect(series, fresh.apply(series));
                    System.err.printf("  %d/%d %s%n", done.incrementAndGet(), corpus.size(), series.relativePath());
                    return s;
                }));
            }
            List<double[]> scores = new ArrayList<>();
            for (Future<double[]> f : futures) {
                try {
                    scores.add(f.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
            return scores;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Scores detector output (one array per file, same order) under a profile. */
    public static SubsetScore score(List<NabSeries> corpus, List<double[]> anomalyScores, NabProfile profile,
                                    double fixedThreshold) {
        NabSweeper sweeper = new NabSweeper(profile);
        List<List<SweepPoint>> perFile = new ArrayList<>();
        List<SweepPoint> all = new ArrayList<>();
        int windows = 0;
        for (int f = 0; f < corpus.size(); f++) {
            List<SweepPoint> points = sweeper.sweepScores(corpus.get(f), anomalyScores.get(f));
            perFile.add(points);
            all.addAll(points);
            windows += corpus.get(f).windows().size();
        }
        List<ThresholdScore> corpusCurve = sweeper.scoresByThreshold(all);
        ThresholdScore optimised = NabSweeper.best(corpusCurve);
        ThresholdScore fixed = NabSweeper.at(corpusCurve, fixedThreshold);

        List<FileScore> files = new ArrayList<>();
        for (int f = 0; f < corpus.size(); f++) {
            List<ThresholdScore> curve = sweeper.scoresByThreshold(perFile.get(f));
            files.add(new FileScore(corpus.get(f).relativePath(), corpus.get(f).windows().size(),
                    NabSweeper.at(curve, fixedThreshold), detectedWindows(perFile.get(f), fixedThreshold),
                    NabSweeper.at(curve, optimised.threshold()), detectedWindows(perFile.get(f), optimised.threshold())));
        }
        return new SubsetScore(profile, windows, fixedThreshold, fixed.score(), optimised.threshold(),
                optimised.score(), files);
    }

    /** Windows with at least one scored row at or above the threshold. */
    static int detectedWindows(List<SweepPoint> points, double threshold) {
        Set<String> hit = new HashSet<>();
        for (SweepPoint p : points) {
            if (p.windowName() != null && !NabSweeper.PROBATIONARY.equals(p.windowName())
                    && p.anomalyScore() >= threshold) {
                hit.add(p.windowName());
            }
        }
        return hit.size();
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of("../shared/data/nab");
        String detectorName = "surge";
        String subsetName = "tweets";
        // The series detector's bucket is each file's row spacing (surgeDetector); surge.bucket only bounds which
        // window lengths the settings accept, so it is set to a minute, below any NAB file's rows.
        DetectionConfig config = DetectionConfig.defaults().with("surge.bucket", "1m");
        boolean onsetOnly = false;
        NabSettings nabSettings = NabSettings.DEFAULTS;
        int threads = Runtime.getRuntime().availableProcessors();
        boolean listDetections = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--detector" -> detectorName = value(args, ++i, "--detector");
                case "--subset" -> subsetName = value(args, ++i, "--subset");
                case "--detections" -> listDetections = true;
                case "--threads" -> {
                    threads = Integer.parseInt(value(args, ++i, "--threads"));
                    if (threads < 1) {
                        throw new IllegalArgumentException("--threads must be at least 1");
                    }
                }
                case "--alerts" -> {
                    String mode = value(args, ++i, "--alerts");
                    if (!mode.equals("onset") && !mode.equals("every-row")) {
                        throw new IllegalArgumentException("--alerts must be onset or every-row");
                    }
                    onsetOnly = mode.equals("onset");
                }
                case "--set" -> {
                    String kv = value(args, ++i, "--set");
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set needs key=value, got " + kv);
                    }
                    String key = kv.substring(0, eq).trim();
                    String val = kv.substring(eq + 1).trim();
                    if (key.startsWith(NabSettings.PREFIX)) {
                        nabSettings = nabSettings.with(key, val);
                    } else {
                        config = config.with(key, val);
                    }
                }
                case "-h", "--help" -> {
                    System.out.println(usage());
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "\n" + usage());
            }
        }
        if (!Files.isDirectory(data.resolve("data")) || !Files.isRegularFile(data.resolve("labels/combined_windows.json"))) {
            throw new IllegalArgumentException(data + " does not look like the NAB corpus (needs data/ and labels/combined_windows.json)");
        }
        PublishedNabScores.Subset subset = switch (subsetName) {
            case "tweets" -> PublishedNabScores.Subset.TWEETS;
            case "taxi" -> PublishedNabScores.Subset.TAXI;
            default -> null; // derived from the corpus's results/ folder when it has one
        };
        Predicate<String> include = subsetFilter(subsetName);
        DetectionConfig surgeConfig = config;
        NabSettings nab = nabSettings;
        Function<NabSeries, SeriesDetector> factory = switch (detectorName) {
            case "surge" -> series -> surgeDetector(surgeConfig, nab, series);
            case "gaussian" -> series -> new WindowedGaussianDetector();
            default -> throw new IllegalArgumentException("--detector must be surge or gaussian");
        };

        List<NabSeries> corpus = NabCorpus.load(data, include);
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException("no labelled " + subsetName + " files under " + data);
        }
        System.err.printf("scoring %s on %d %s files, %d at a time…%n", detectorName, corpus.size(), subsetName, threads);
        boolean onsets = onsetOnly;
        Function<NabSeries, SeriesDetector> fresh = series -> { // a fresh detector per file, as NAB does
            SeriesDetector detector = factory.apply(series);
            return onsets ? new AlertOnsetDetector(detector) : detector;
        };
        double threshold = fresh.apply(corpus.get(0)).alarmThreshold();
        List<double[]> scores = detectAll(corpus, fresh, threads);
        Map<NabProfile, Map<String, Double>> published = new HashMap<>();
        for (NabProfile profile : NabProfile.ALL) {
            if (subset != null) {
                published.put(profile, PublishedNabScores.scores(subset, profile));
            } else if (Files.isDirectory(data.resolve("results"))) {
                published.put(profile, PublishedNabScores.derive(data.resolve("results"), corpus, profile));
            }
        }
        print(System.out, detectorName + (onsetOnly ? " (alert onsets only)" : ""), subsetName, published, corpus,
                scores, threshold);
        if (listDetections) {
            printDetections(System.out, corpus, scores, threshold);
        }
    }

    /**
     * Every scored detection at the threshold, in time order per file, with what NAB makes of it: the reward of a
     * window's first detection, nothing for later ones in the same window, the cost of a false positive; then the
     * windows nothing detected. Shows where a score is won and lost.
     */
    static void printDetections(PrintStream out, List<NabSeries> corpus, List<double[]> scores, double threshold) {
        NabSweeper sweeper = new NabSweeper(NabProfile.STANDARD);
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
        out.printf(Locale.ROOT, "%ndetections at threshold %.6g, standard profile (TP = a window's first detection)%n",
                threshold);
        for (int f = 0; f < corpus.size(); f++) {
            NabSeries series = corpus.get(f);
            out.println(series.relativePath());
            Set<String> hit = new HashSet<>();
            for (SweepPoint p : sweeper.sweepScores(series, scores.get(f))) {
                if (p.anomalyScore() < threshold || NabSweeper.PROBATIONARY.equals(p.windowName())) {
                    continue;
                }
                String what = !p.inWindow() ? String.format(Locale.ROOT, "FP %+.3f", p.sweepScore())
                        : hit.add(p.windowName()) ? String.format(Locale.ROOT, "TP %+.3f", p.sweepScore())
                        : "in a window already hit";
                out.printf(Locale.ROOT, "  %s  score %.3f  %s%n", time.format(Instant.ofEpochMilli(p.timestamp())),
                        p.anomalyScore(), what);
            }
            for (NabWindow w : series.windows()) {
                if (!hit.contains(NabSweeper.windowName(series, w))) {
                    out.printf(Locale.ROOT, "  missed window %s .. %s%n", time.format(Instant.ofEpochMilli(w.startMillis())),
                            time.format(Instant.ofEpochMilli(w.endMillis())));
                }
            }
        }
    }

    /**
     * The files a --subset selects, by relative path: comma-separated terms, each {@code tweets} (realTweets),
     * {@code taxi} (nyc_taxi), {@code all}, {@code all-but-tweets}, a folder ({@code realAWSCloudwatch}) or a file
     * ({@code realKnownCause/nyc_taxi.csv}); a file is selected when any term selects it.
     */
    static Predicate<String> subsetFilter(String spec) {
        Predicate<String> out = p -> false;
        for (String raw : spec.split(",")) {
            String term = raw.trim();
            Predicate<String> one = switch (term) {
                case "tweets" -> p -> p.startsWith("realTweets/");
                case "taxi" -> p -> p.equals("realKnownCause/nyc_taxi.csv");
                case "all" -> p -> true;
                case "all-but-tweets" -> p -> !p.startsWith("realTweets/");
                default -> {
                    if (term.isEmpty()) {
                        throw new IllegalArgumentException("--subset: empty term in " + spec);
                    }
                    yield term.endsWith(".csv") ? p -> p.equals(term) : p -> p.startsWith(term + "/");
                }
            };
            out = out.or(one);
        }
        return out;
    }

    static void print(PrintStream out, String detectorName, String subsetName, Map<NabProfile, Map<String, Double>> published,
                      List<NabSeries> corpus, List<double[]> scores, double threshold) {
        SubsetScore standard = score(corpus, scores, NabProfile.STANDARD, threshold);
        out.printf(Locale.ROOT, "NAB %s: %d files, %d windows; detector %s; probation 15%% (max 750 rows)%n",
                subsetName, corpus.size(), standard.windows(), detectorName);
        out.printf(Locale.ROOT, "standard profile (TP 1.0, FN 1.0, FP 0.11); raw scores per file%n");
        out.printf(Locale.ROOT, "%-40s %4s | %-26s | %-26s%n", "file", "win",
                String.format(Locale.ROOT, "fixed threshold %.6g", threshold),
                String.format(Locale.ROOT, "optimised threshold %.6g", standard.optimisedThreshold()));
        out.printf(Locale.ROOT, "%-40s %4s | %8s %7s %9s | %8s %7s %9s%n", "", "", "raw", "hit", "FP rows",
                "raw", "hit", "FP rows");
        for (FileScore f : standard.files()) {
            out.printf(Locale.ROOT, "%-40s %4d | %8.3f %7s %9d | %8.3f %7s %9d%n", f.relativePath(), f.windows(),
                    f.fixed().score(), f.detectedFixed() + "/" + f.windows(), f.fixed().fp(),
                    f.optimised().score(), f.detectedOptimised() + "/" + f.windows(), f.optimised().fp());
        }
        out.printf(Locale.ROOT, "%-40s %4d | %8.3f %7s %9s | %8.3f%n", "total", standard.windows(),
                standard.fixedRaw(), "", "", standard.optimisedRaw());
        out.printf(Locale.ROOT, "null detector %.1f, perfect detector %.1f%n%n",
                NabProfile.STANDARD.nullScore(standard.windows()), NabProfile.STANDARD.perfectScore(standard.windows()));

        out.println("normalised scores (100 = perfect, 0 = never fires)");
        out.printf(Locale.ROOT, "%-20s %22s %30s%n", "profile", "ours, fixed threshold", "ours, threshold optimised here");
        for (NabProfile profile : NabProfile.ALL) {
            SubsetScore s = profile == NabProfile.STANDARD ? standard : score(corpus, scores, profile, threshold);
            out.printf(Locale.ROOT, "%-20s %22.1f %30s%n", profile.name(), s.fixedNormalised(),
                    String.format(Locale.ROOT, "%.1f (at %.6g)", s.optimisedNormalised(), s.optimisedThreshold()));
        }
        out.println();
        if (published.containsKey(NabProfile.STANDARD)) {
            out.println("published, standard profile (NAB results at each detector's threshold optimised on all 58 NAB files):");
            for (Map.Entry<String, Double> e : published.get(NabProfile.STANDARD).entrySet()) {
                out.printf(Locale.ROOT, "  %-20s %6.1f%n", e.getKey(), e.getValue());
            }
        } else {
            out.println("no published scores for this subset (a corpus with NAB's results/ folder has them)");
        }
        out.printf(Locale.ROOT, "%nours, standard: %.1f at the detector's own threshold (comparable: fixed in advance); "
                + "%.1f with the threshold optimised on this subset (an upper bound: NAB optimised on 58 files)%n",
                standard.fixedNormalised(), standard.optimisedNormalised());
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    static String usage() {
        return "usage: NabBenchmark [--data DIR] [--detector surge|gaussian] [--subset tweets|taxi|all|all-but-tweets|FOLDER|FILE[,...]] [--alerts every-row|onset] [--threads N] [--detections] [--set key=value]...";
    }

    /**
     * The surge core with the product's detection settings, its bucket set to the file's row spacing
     * (the series' resolution, known before the first row) and its scanned windows kept in time (surge.scanWindows).
     */
    static SeriesDetector surgeDetector(DetectionConfig config, NabSettings nab, NabSeries series) {
        long spacing = rowSpacing(series);
        return new SurgeSeriesDetector(nab.forSeries(config, series, spacing), spacing, nab.seriesOptions());
    }

    static SeriesDetector surgeDetector(DetectionConfig config, NabSeries series) {
        return surgeDetector(config, NabSettings.DEFAULTS, series);
    }

    /** The most common gap between consecutive rows. */
    static long rowSpacing(NabSeries series) {
        Map<Long, Integer> gaps = new HashMap<>();
        long[] t = series.timestamps();
        for (int i = 1; i < t.length; i++) {
            gaps.merge(t[i] - t[i - 1], 1, Integer::sum);
        }
        return gaps.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElseThrow(() -> new IllegalArgumentException(series.relativePath() + " has fewer than two rows"));
    }
}
