package org.powerhotspots.bench.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.detect.SurgeSeriesDetector;

class NabSettingsTest {

    @TempDir
    Path root;

    private static NabSeries series(int rows) {
        long[] t = new long[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = i * 300_000L;
        }
        return new NabSeries("x/y.csv", t, new double[rows], List.of());
    }

    @Test
    void warmupIsTheFilesProbationaryPeriodWhenAsked() {
        DetectionConfig config = DetectionConfig.defaults();
        assertSame(config, NabSettings.DEFAULTS.forSeries(config, series(4000), 300_000L));
        NabSettings probation = NabSettings.DEFAULTS.with("nab.warmup", "probation");
        // 15 % of 4000 rows = 600 rows of 5 minutes; 15 % of 20000 is capped at 750 rows.
        assertEquals(600 * 300_000L, probation.forSeries(config, series(4000), 300_000L).surgeWarmup);
        assertEquals(750 * 300_000L, probation.forSeries(config, series(20000), 300_000L).surgeWarmup);
    }

    @Test
    void seriesOptionsAreDurationsAndUnknownKeysFail() {
        NabSettings s = NabSettings.DEFAULTS.with("nab.acceptShiftAfter", "6h").with("nab.quietAfter", "30m");
        assertEquals(6 * 3_600_000L, s.seriesOptions().acceptShiftAfter());
        assertEquals(30 * 60_000L, s.seriesOptions().quietAfter());
        assertThrows(IllegalArgumentException.class, () -> s.with("nab.nope", "1"));
        assertThrows(IllegalArgumentException.class, () -> s.with("nab.warmup", "2d"));
        assertFalse(s.seriesOptions().budgetOverUnion());
        assertTrue(s.with("nab.budgetOver", "union").with("nab.alarmBudget", "4/28d").seriesOptions().budgetOverUnion());
        assertFalse(s.with("nab.budgetOver", "union").with("nab.budgetOver", "lengths").seriesOptions().budgetOverUnion());
        assertThrows(IllegalArgumentException.class, () -> s.with("nab.budgetOver", "all"));
        assertEquals(SurgeSeriesDetector.BudgetRanks.EVIDENCE, s.seriesOptions().budgetRanks());
        assertEquals(SurgeSeriesDetector.BudgetRanks.EXCESS,
                s.with("nab.budgetRanks", "excess").seriesOptions().budgetRanks());
        assertEquals(SurgeSeriesDetector.BudgetRanks.RATIO,
                s.with("nab.budgetRanks", "ratio").seriesOptions().budgetRanks());
        assertThrows(IllegalArgumentException.class, () -> s.with("nab.budgetRanks", "size"));
    }

    @Test
    void subsetTermsSelectFoldersFilesAndEverythingButTweets() {
        Predicate<String> butTweets = NabBenchmark.subsetFilter("all-but-tweets");
        assertTrue(butTweets.test("realKnownCause/nyc_taxi.csv"));
        assertFalse(butTweets.test("realTweets/Twitter_volume_AAPL.csv"));
        Predicate<String> two = NabBenchmark.subsetFilter("realAWSCloudwatch, taxi");
        assertTrue(two.test("realAWSCloudwatch/elb_request_count_8c0756.csv"));
        assertTrue(two.test("realKnownCause/nyc_taxi.csv"));
        assertFalse(two.test("realKnownCause/rogue_agent_key_hold.csv"));
        assertFalse(two.test("realAWSCloudwatchX/a.csv"));
        assertTrue(NabBenchmark.subsetFilter("realKnownCause/rogue_agent_key_hold.csv")
                .test("realKnownCause/rogue_agent_key_hold.csv"));
        assertTrue(NabBenchmark.subsetFilter("all").test("realTweets/Twitter_volume_AAPL.csv"));
    }

    @Test
    void publishedScoresOfAnySubsetAreDerivedFromNabsResultsFiles() throws IOException {
        Path dir = root.resolve("results/det");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("det_standard_scores.csv"), """
                Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count
                det,standard,a/one.csv,0.5,1.0,1,1,0,0,2
                det,standard,a/two.csv,0.5,-1.0,0,1,0,1,2
                det,standard,b/three.csv,0.5,0.5,0,1,0,1,2
                Totals,,,,0.5,1,3,0,2,6
                """);
        NabSeries one = new NabSeries("a/one.csv", new long[0], new double[0], List.of(new NabWindow(0, 1)));
        NabSeries two = new NabSeries("a/two.csv", new long[0], new double[0], List.of(new NabWindow(0, 1)));
        // Raw 0 over two windows: null -2, perfect 2, so 50.
        assertEquals(Map.of("det", 50.0), PublishedNabScores.derive(root.resolve("results"), List.of(one, two),
                NabProfile.STANDARD));
        NabSeries missing = new NabSeries("c/four.csv", new long[0], new double[0], List.of(new NabWindow(0, 1)));
        assertTrue(PublishedNabScores.derive(root.resolve("results"), List.of(one, missing), NabProfile.STANDARD)
                .isEmpty());
    }
}
