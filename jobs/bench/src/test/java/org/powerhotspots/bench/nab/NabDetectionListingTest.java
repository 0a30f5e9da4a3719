package org.powerhotspots.bench.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code scripts/nab --detections}: each detection is told apart as NAB scores it. */
class NabDetectionListingTest {

    private static final long FIVE_MINUTES = 300_000L;
    private static final long START = 1_425_168_000_000L; // 2015-03-01 00:00 UTC

    @Test
    void listsTheRewardOfAWindowsFirstDetectionLaterOnesAsFreeFalsePositivesAndMissedWindows() {
        long[] t = new long[100];
        for (int i = 0; i < t.length; i++) {
            t[i] = START + i * FIVE_MINUTES;
        }
        // probation: rows 0..14; windows rows 40..49 and 70..79
        NabSeries series = new NabSeries("test/series.csv", t, new double[100],
                List.of(new NabWindow(t[40], t[49]), new NabWindow(t[70], t[79])));
        double[] scores = new double[100];
        scores[5] = 1.0;  // in probation: not listed
        scores[20] = 0.7; // before any window: a full false positive
        scores[40] = 0.6; // the window's first row: the full reward
        scores[45] = 0.9; // same window again: nothing
        scores[30] = 0.4; // below the threshold: not a detection

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NabBenchmark.printDetections(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of(series),
                List.of(scores), 0.5);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

        assertEquals(List.of(
                "test/series.csv",
                "  2015-03-01 01:40  score 0.700  FP -0.110",
                "  2015-03-01 03:20  score 0.600  TP +1.000",
                "  2015-03-01 03:45  score 0.900  in a window already hit",
                "  missed window 2015-03-01 05:50 .. 2015-03-01 06:35"), lines.subList(2, lines.size()));
    }
}
