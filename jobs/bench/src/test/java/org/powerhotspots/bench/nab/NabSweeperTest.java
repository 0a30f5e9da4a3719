package org.powerhotspots.bench.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.powerhotspots.bench.nab.NabSweeper.ThresholdScore;

class NabSweeperTest {

    private static final long FIVE_MINUTES = 300_000L;
    private static final double EPS = 1e-9;
    private final NabSweeper standard = new NabSweeper(NabProfile.STANDARD);

    /** 100 rows, five minutes apart; probation is floor(0.15 * 100) = 15 rows. */
    private static NabSeries series(int[]... windowRows) {
        long[] t = new long[100];
        double[] v = new double[100];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1_425_000_000_000L + i * FIVE_MINUTES;
        }
        List<NabWindow> windows = new ArrayList<>();
        for (int[] w : windowRows) {
            windows.add(new NabWindow(t[w[0]], t[w[1]]));
        }
        return new NabSeries("test/series.csv", t, v, windows);
    }

    private static double[] detectionsAt(int... rows) {
        double[] scores = new double[100];
        for (int r : rows) {
            scores[r] = 1.0;
        }
        return scores;
    }

    private double score(NabSeries s, double[] anomalyScores) {
        return standard.score(s, anomalyScores, 1.0).score();
    }

    @Test
    void scaledSigmoidMatchesNabsDocumentedPoints() {
        assertEquals(0.98661, NabSweeper.scaledSigmoid(-1.0), 1e-5);
        assertEquals(0.84828, NabSweeper.scaledSigmoid(-0.5), 1e-5);
        assertEquals(0.0, NabSweeper.scaledSigmoid(0.0), EPS);
        assertEquals(-0.98661, NabSweeper.scaledSigmoid(1.0), 1e-5);
        assertEquals(-1.0, NabSweeper.scaledSigmoid(3.5), EPS);
    }

    @Test
    void detectionOnAWindowsFirstRowEarnsTheFullTruePositiveWeight() {
        assertEquals(1.0, score(series(new int[] {40, 49}), detectionsAt(40)), EPS);
    }

    @Test
    void detectionOnAWindowsLastRowEarnsLittle() {
        // position -(49-49+1)/10 = -0.1, scaled by the left-edge value
        assertEquals(0.24824154977542992, score(series(new int[] {40, 49}), detectionsAt(49)), EPS);
    }

    @Test
    void onlyTheEarliestDetectionInAWindowCounts() {
        NabSeries s = series(new int[] {40, 49});
        assertEquals(score(s, detectionsAt(40)), score(s, detectionsAt(40, 44, 49)), EPS);
        assertTrue(score(s, detectionsAt(40)) > score(s, detectionsAt(45)));
    }

    @Test
    void missedWindowCostsTheFalseNegativeWeight() {
        assertEquals(-1.0, score(series(new int[] {40, 49}), detectionsAt()), EPS);
        assertEquals(-2.0 * 2, new NabSweeper(NabProfile.REWARD_LOW_FN)
                .score(series(new int[] {40, 49}, new int[] {70, 79}), detectionsAt(), 1.0).score(), EPS);
    }

    @Test
    void falsePositiveBeforeAnyWindowCostsTheFullFalsePositiveWeight() {
        assertEquals(-1.0 - 0.11, score(series(new int[] {40, 49}), detectionsAt(20)), EPS);
    }

    @Test
    void falsePositiveRightAfterAWindowCostsLessThanOneFarAway() {
        NabSeries s = series(new int[] {40, 49});
        // |49-50| / (10-1) past the window
        assertEquals(-1.0 - 0.029793183036839352, score(s, detectionsAt(50)), EPS);
        assertEquals(-1.0 - 0.11, score(s, detectionsAt(90)), EPS);
    }

    @Test
    void probationaryRowsAreNotScored() {
        NabSeries s = series(new int[] {40, 49});
        assertEquals(15, standard.probationaryLength(100));
        assertEquals(750, standard.probationaryLength(15_902));
        assertEquals(-1.0, score(s, detectionsAt(0, 5, 14)), EPS);
        assertEquals(-1.11, score(s, detectionsAt(15)), EPS);
    }

    @Test
    void perfectAndNullDetectorsNormaliseToHundredAndZero() {
        NabSeries s = series(new int[] {20, 29}, new int[] {40, 49}, new int[] {70, 79});
        double perfect = score(s, detectionsAt(20, 40, 70));
        double nothing = score(s, detectionsAt());
        assertEquals(NabProfile.STANDARD.perfectScore(3), perfect, EPS);
        assertEquals(NabProfile.STANDARD.nullScore(3), nothing, EPS);
        assertEquals(100.0, NabProfile.STANDARD.normalise(perfect, 3), EPS);
        assertEquals(0.0, NabProfile.STANDARD.normalise(nothing, 3), EPS);
    }

    @Test
    void rowsAtOrAboveTheThresholdAreDetections() {
        NabSeries s = series(new int[] {40, 49});
        double[] scores = new double[100];
        scores[40] = 0.7; // early in the window
        scores[45] = 0.9; // mid-window
        List<ThresholdScore> curve = standard.scoresByThreshold(standard.sweepScores(s, scores));
        assertEquals(-1.0, NabSweeper.at(curve, 0.95).score(), EPS);
        assertEquals(0.8597925669097837, NabSweeper.at(curve, 0.9).score(), EPS); // position -0.5
        assertEquals(0.8597925669097837, NabSweeper.at(curve, 0.8).score(), EPS);
        assertEquals(1.0, NabSweeper.at(curve, 0.7).score(), EPS);
    }

    @Test
    void optimiserPicksTheThresholdThatTradesFalseAlarmsForAnEarlyHit() {
        NabSeries s = series(new int[] {40, 49});
        double[] scores = new double[100];
        scores[40] = 0.6;  // the anomaly, weakly
        scores[20] = 0.5;  // a false alarm just below it
        scores[80] = 0.95; // a false alarm above it
        List<ThresholdScore> curve = standard.scoresByThreshold(standard.sweepScores(s, scores));
        ThresholdScore best = NabSweeper.best(curve);
        assertEquals(0.6, best.threshold(), EPS);
        assertEquals(1.0 - 0.11, best.score(), EPS);
        assertEquals(1, best.tp());
        assertEquals(1, best.fp());
    }

    @Test
    void corpusScoreIsTheSumOfFileScoresAtTheSameThreshold() {
        NabSeries a = series(new int[] {40, 49});
        NabSeries b = new NabSeries("test/other.csv", a.timestamps(), a.values(), List.of(new NabWindow(
                a.timestamps()[60], a.timestamps()[69])));
        double[] sa = detectionsAt(44, 80);
        double[] sb = detectionsAt(30);
        List<NabSweeper.SweepPoint> all = new ArrayList<>(standard.sweepScores(a, sa));
        all.addAll(standard.sweepScores(b, sb));
        double corpus = NabSweeper.at(standard.scoresByThreshold(all), 1.0).score();
        assertEquals(score(a, sa) + score(b, sb), corpus, EPS);
    }
}
