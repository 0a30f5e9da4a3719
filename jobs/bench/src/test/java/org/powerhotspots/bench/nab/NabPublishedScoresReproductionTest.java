package org.powerhotspots.bench.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The port is right if NAB's own windowedGaussian, run and scored here, lands on the figures derived
 * from NAB's results files. Needs the shared NAB corpus (not shipped with the project); skipped without it.
 */
class NabPublishedScoresReproductionTest {

    private static Path corpusRoot() {
        for (String candidate : List.of("../../../shared/data/nab", "../../shared/data/nab", "../shared/data/nab")) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p.resolve("labels/combined_windows.json"))) {
                return p;
            }
        }
        return null;
    }

    @Test
    void windowedGaussianReproducesItsPublishedTwitterScores() {
        Path root = corpusRoot();
        assumeTrue(root != null, "NAB corpus not found next to the repository");
        List<NabSeries> tweets = NabCorpus.load(root, p -> p.startsWith("realTweets/"));
        assertEquals(10, tweets.size());
        List<double[]> scores = new ArrayList<>();
        for (NabSeries s : tweets) {
            scores.add(NabBenchmark.detect(s, new WindowedGaussianDetector()));
        }

        NabBenchmark.SubsetScore standard = NabBenchmark.score(tweets, scores, NabProfile.STANDARD, 1.0);
        assertEquals(33, standard.windows());
        // NAB results/windowedGaussian/windowedGaussian_standard_scores.csv, two files
        Map<String, Double> published = Map.of(
                "realTweets/Twitter_volume_AAPL.csv", 1.5139968362565832,
                "realTweets/Twitter_volume_UPS.csv", -2.205164668202926);
        for (NabBenchmark.FileScore f : standard.files()) {
            if (published.containsKey(f.relativePath())) {
                assertEquals(published.get(f.relativePath()), f.fixed().score(), 1e-6, f.relativePath());
            }
        }
        assertEquals(PublishedNabScores.scores(PublishedNabScores.Subset.TWEETS, NabProfile.STANDARD)
                .get("windowedGaussian"), standard.fixedNormalised(), 0.05);
        assertEquals(PublishedNabScores.scores(PublishedNabScores.Subset.TWEETS, NabProfile.REWARD_LOW_FP)
                .get("windowedGaussian"), NabBenchmark.score(tweets, scores, NabProfile.REWARD_LOW_FP, 1.0)
                .fixedNormalised(), 0.05);
        assertEquals(PublishedNabScores.scores(PublishedNabScores.Subset.TWEETS, NabProfile.REWARD_LOW_FN)
                .get("windowedGaussian"), NabBenchmark.score(tweets, scores, NabProfile.REWARD_LOW_FN, 1.0)
                .fixedNormalised(), 0.05);
    }
}
