package org.powerhotspots.bench.nab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NAB scoring rule, ported from numenta/NAB v1.1 {@code nab/sweeper.py} (MIT licence):
 * every row gets a "sweep score" (what it would be worth if it were a detection), then the
 * rows are swept from the highest anomaly score down, giving the file or corpus score at
 * every threshold. A row is a detection when its anomaly score is at or above the threshold.
 */
public final class NabSweeper {

    /** NAB's default: the first 15% of a file (at most 750 rows) is not scored. */
    public static final double DEFAULT_PROBATION_PERCENT = 0.15;

    /** Window name NAB gives rows of the probationary period; they are never scored. */
    static final String PROBATIONARY = "probationary";

    /** Starting threshold of the sweep: above every score, so nothing is detected. */
    static final double ABOVE_ALL = 1.1;

    /** One row as the sweep sees it; {@code windowName} is null outside windows. */
    public record SweepPoint(long timestamp, double anomalyScore, double sweepScore, String windowName) {
        boolean inWindow() {
            return windowName != null;
        }
    }

    /** The score (and row counts) obtained when every row scoring at least {@code threshold} is a detection. */
    public record ThresholdScore(double threshold, double score, int tp, int tn, int fp, int fn) {
        public int total() {
            return tp + tn + fp + fn;
        }
    }

    private final NabProfile profile;
    private final double probationPercent;

    public NabSweeper(NabProfile profile) {
        this(profile, DEFAULT_PROBATION_PERCENT);
    }

    public NabSweeper(NabProfile profile, double probationPercent) {
        this.profile = profile;
        this.probationPercent = probationPercent;
    }

    public NabProfile profile() {
        return profile;
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /**
     * Worth of a detection at a relative position: -1 is a window's left edge (0.98661), 0 its right
     * edge (0), positive values lie after the window and go towards -1 (false positives).
     */
    public static double scaledSigmoid(double relativePosition) {
        if (relativePosition > 3.0) {
            return -1.0; // far behind the window
        }
        return 2.0 * sigmoid(-5.0 * relativePosition) - 1.0;
    }

    /** Rows not scored at the start of a file: min(floor(p·n), p·5000). */
    public int probationaryLength(int rows) {
        return (int) Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
    }

    /** NAB calcSweepScore: the sweep score and window of every row of one file. */
    public List<SweepPoint> sweepScores(NabSeries series, double[] anomalyScores) {
        long[] timestamps = series.timestamps();
        if (timestamps.length != anomalyScores.length) {
            throw new IllegalArgumentException(series.relativePath() + ": " + timestamps.length
                    + " rows but " + anomalyScores.length + " anomaly scores");
        }
        Map<Long, Integer> rowOf = new HashMap<>();
        for (int i = timestamps.length - 1; i >= 0; i--) {
            rowOf.put(timestamps[i], i); // first occurrence wins, like list.index()
        }
        List<NabWindow> pending = new ArrayList<>(series.windows());
        double maxTp = scaledSigmoid(-1.0);
        int probation = probationaryLength(timestamps.length);

        List<SweepPoint> points = new ArrayList<>(timestamps.length);
        NabWindow current = null;
        String currentName = null;
        double currentWidth = 0;
        int currentRight = -1;
        double previousWidth = 0;
        int previousRight = -1;
        for (int i = 0; i < timestamps.length; i++) {
            long t = timestamps[i];
            if (!pending.isEmpty() && t == pending.get(0).startMillis()) {
                current = pending.remove(0);
                currentName = windowName(series, current);
                currentRight = indexOf(rowOf, current.endMillis(), series);
                currentWidth = currentRight - indexOf(rowOf, current.startMillis(), series) + 1;
            }
            double weighted;
            if (current != null) {
                double position = -(currentRight - i + 1) / currentWidth;
                weighted = scaledSigmoid(position) * profile.tpWeight() / maxTp;
            } else {
                double unweighted = previousRight < 0
                        ? -1.0 // no window yet: as bad as a false positive far from any window
                        : scaledSigmoid(Math.abs(previousRight - i) / (previousWidth - 1));
                weighted = unweighted * profile.fpWeight();
            }
            String name = i >= probation ? currentName : PROBATIONARY;
            points.add(new SweepPoint(t, anomalyScores[i], weighted, name));
            if (current != null && t == current.endMillis()) {
                previousRight = i;
                previousWidth = currentWidth;
                current = null;
                currentName = null;
            }
        }
        return points;
    }

    /** The name a window's rows carry in {@link SweepPoint#windowName()}. */
    static String windowName(NabSeries series, NabWindow window) {
        return series.relativePath() + "|" + window.startMillis();
    }

    private static int indexOf(Map<Long, Integer> rowOf, long timestamp, NabSeries series) {
        Integer row = rowOf.get(timestamp);
        if (row == null) {
            throw new IllegalArgumentException(series.relativePath() + ": window limit " + timestamp
                    + " is not a row timestamp");
        }
        return row;
    }

    /**
     * NAB calcScoreByThreshold: the score at every distinct anomaly score of the given rows (one file
     * or a whole corpus), highest threshold first, starting with {@value #ABOVE_ALL} (nothing detected).
     * Only the earliest detection in a window counts; every detection outside one costs its sweep score.
     */
    public List<ThresholdScore> scoresByThreshold(List<SweepPoint> points) {
        List<SweepPoint> scorable = new ArrayList<>(points.size());
        for (SweepPoint p : points) {
            if (!PROBATIONARY.equals(p.windowName())) {
                scorable.add(p);
            }
        }
        scorable.sort(Comparator.comparingDouble(SweepPoint::anomalyScore).reversed()); // stable, as sorted()

        Map<String, Double> windowParts = new LinkedHashMap<>();
        int tn = 0;
        int fn = 0;
        for (SweepPoint p : scorable) {
            if (p.inWindow()) {
                windowParts.put(p.windowName(), -profile.fnWeight());
                fn++;
            } else {
                tn++;
            }
        }
        double fpPart = 0;
        int tp = 0;
        int fp = 0;
        List<ThresholdScore> out = new ArrayList<>();
        double threshold = ABOVE_ALL;
        for (SweepPoint p : scorable) {
            if (p.anomalyScore() != threshold) {
                out.add(new ThresholdScore(threshold, sum(fpPart, windowParts), tp, tn, fp, fn));
                threshold = p.anomalyScore();
            }
            if (p.inWindow()) {
                tp++;
                fn--;
                windowParts.merge(p.windowName(), p.sweepScore(), Math::max);
            } else {
                fp++;
                tn--;
                fpPart += p.sweepScore();
            }
        }
        out.add(new ThresholdScore(threshold, sum(fpPart, windowParts), tp, tn, fp, fn));
        return out;
    }

    private static double sum(double fpPart, Map<String, Double> windowParts) {
        double s = fpPart;
        for (double w : windowParts.values()) {
            s += w;
        }
        return s;
    }

    /**
     * NAB scoreDataSet's lookup: the row of {@code scores} for {@code threshold}, that is the one whose
     * detections are exactly the rows scoring at least {@code threshold}.
     */
    public static ThresholdScore at(List<ThresholdScore> scores, double threshold) {
        ThresholdScore previous = null;
        for (ThresholdScore s : scores) {
            if (s.threshold() == threshold) {
                return s;
            }
            if (s.threshold() < threshold) {
                // NAB returns None when threshold > 1.1; nothing is detected then, which is the first row
                return previous != null ? previous : s;
            }
            previous = s;
        }
        return scores.get(scores.size() - 1); // threshold below every score: everything detected
    }

    /** NAB optimizeThreshold: the best-scoring threshold; on ties the highest one (Python's stable sort). */
    public static ThresholdScore best(List<ThresholdScore> scores) {
        ThresholdScore best = scores.get(0);
        for (ThresholdScore s : scores) {
            if (s.score() > best.score()) {
                best = s;
            }
        }
        return best;
    }

    /** Score of one file at a threshold (NAB scoreDataSet). */
    public ThresholdScore score(NabSeries series, double[] anomalyScores, double threshold) {
        return at(scoresByThreshold(sweepScores(series, anomalyScores)), threshold);
    }
}
