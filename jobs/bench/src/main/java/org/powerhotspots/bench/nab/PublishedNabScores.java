package org.powerhotspots.bench.nab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Published detectors' normalised scores on the NAB subsets, derived from numenta/NAB commit ea702d7
 * {@code results/<detector>/<detector>_<profile>_scores.csv} (per-file raw scores at each detector's
 * threshold optimised on the whole 58-file corpus), normalised per subset with the null and perfect
 * detectors. Source: shared/data/nab/SUBSET_SCORES_derived.md.
 */
public final class PublishedNabScores {

    /** Subsets the figures exist for. */
    public enum Subset { TWEETS, TAXI }

    private static final String[] PROFILES = {"standard", "reward_low_FP_rate", "reward_low_FN_rate"};

    // detector -> {tweets std, taxi std, tweets lowFP, taxi lowFP, tweets lowFN, taxi lowFN}
    private static final Map<String, double[]> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("ARTime", new double[] {81.8, 87.8, 70.1, 84.5, 87.9, 91.8});
        TABLE.put("contextOSE", new double[] {74.5, 36.8, 73.1, 36.8, 76.5, 37.1});
        TABLE.put("earthgeckoSkyline", new double[] {68.9, 0.0, 45.3, 0.0, 78.3, 0.0});
        TABLE.put("numenta", new double[] {68.0, 74.4, 61.1, 73.3, 72.6, 76.2});
        TABLE.put("htmjava", new double[] {65.0, 75.2, 52.4, 55.8, 70.6, 76.8});
        TABLE.put("knncad", new double[] {64.3, 52.7, 42.2, 48.3, 73.2, 55.1});
        TABLE.put("numentaTM", new double[] {62.4, 54.7, 57.7, 55.8, 67.9, 56.5});
        TABLE.put("relativeEntropy", new double[] {59.8, 88.3, 55.0, 87.2, 63.1, 92.2});
        TABLE.put("twitterADVec", new double[] {59.6, 0.0, 35.8, 0.0, 69.0, 0.0});
        TABLE.put("windowedGaussian", new double[] {51.4, 0.0, 16.3, 0.0, 64.6, 0.0});
        TABLE.put("randomCutForest", new double[] {48.1, 18.2, 46.9, 18.2, 62.2, 18.8});
        TABLE.put("skyline", new double[] {29.4, 0.0, 31.8, 0.0, 50.9, 0.0});
        TABLE.put("expose", new double[] {19.8, 0.0, 3.0, 0.0, 33.5, 0.0});
        TABLE.put("bayesChangePt", new double[] {2.7, 0.0, 1.7, 0.0, 9.4, 0.0});
        TABLE.put("null", new double[] {0.0, 0.0, 0.0, 0.0, 0.0, 0.0});
    }

    private PublishedNabScores() {
    }

    /**
     * Detector name to its normalised score on the files of {@code corpus}, best first, derived the same way from
     * NAB's {@code results/} folder ({@code <detector>/<detector>_<profile>_scores.csv}: per-file raw scores at the
     * detector's threshold optimised on all 58 files), summed over the corpus's files and normalised with its
     * windows. A detector missing a file of the corpus is left out.
     */
    public static Map<String, Double> derive(Path results, List<NabSeries> corpus, NabProfile profile) {
        int windows = corpus.stream().mapToInt(s -> s.windows().size()).sum();
        Map<String, Double> raw = new HashMap<>();
        try (Stream<Path> detectors = Files.list(results)) {
            for (Path dir : detectors.filter(Files::isDirectory).sorted().toList()) {
                String name = dir.getFileName().toString();
                Path csv = dir.resolve(name + "_" + profile.name() + "_scores.csv");
                if (!Files.isRegularFile(csv)) {
                    continue;
                }
                Map<String, Double> perFile = new HashMap<>();
                for (String line : Files.readAllLines(csv)) {
                    String[] f = line.split(",");
                    if (f.length > 4 && f[2].endsWith(".csv")) {
                        perFile.put(f[2], Double.parseDouble(f[4]));
                    }
                }
                if (corpus.stream().allMatch(s -> perFile.containsKey(s.relativePath()))) {
                    raw.put(name, corpus.stream().mapToDouble(s -> perFile.get(s.relativePath())).sum());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read NAB results under " + results, e);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        raw.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.put(e.getKey(), profile.normalise(e.getValue(), windows)));
        return out;
    }

    /** Detector name to its published normalised score, best first, for one subset and profile. */
    public static Map<String, Double> scores(Subset subset, NabProfile profile) {
        int p = -1;
        for (int i = 0; i < PROFILES.length; i++) {
            if (PROFILES[i].equals(profile.name())) {
                p = i;
            }
        }
        if (p < 0) {
            throw new IllegalArgumentException("no published scores for profile " + profile.name());
        }
        int column = 2 * p + (subset == Subset.TAXI ? 1 : 0);
        Map<String, Double> out = new LinkedHashMap<>();
        TABLE.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue()[column], a.getValue()[column]))
                .forEach(e -> out.put(e.getKey(), e.getValue()[column]));
        return out;
    }
}
