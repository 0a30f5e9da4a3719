package org.powerhotspots.bench.nab;

import java.math.BigDecimal;
import java.math.MathContext;
import org.powerhotspots.detect.SeriesDetector;

/**
 * NAB's "windowedGaussian" baseline (nab/detectors/gaussian, MIT licence): the score is the Gaussian
 * cumulative probability of the value under the mean and deviation of the last 6400 rows, refreshed
 * every 100 rows, so only values far above the window's mean reach 1. This is what NAB's published
 * results files hold (a value below the mean scores near 0 there), so it validates the scoring port.
 * Like those files (written with Python 2's {@code str(float)}), scores keep 12 significant digits,
 * which decides what reaches NAB's threshold of 1.0: z above about 7.1, not 8.3.
 */
public final class WindowedGaussianDetector implements SeriesDetector {

    static final int WINDOW_SIZE = 6400;
    static final int STEP_SIZE = 100;
    /** NAB config/thresholds.json: the corpus-optimised standard-profile threshold of this detector. */
    static final double NAB_THRESHOLD = 1.0;
    private static final MathContext STORED_DIGITS = new MathContext(12);

    private final double[] window = new double[WINDOW_SIZE];
    private int size;
    private int oldest; // ring-buffer head once the window is full
    private final double[] step = new double[STEP_SIZE];
    private int stepped;
    private double mean = 0.0;
    private double std = 1.0;

    @Override
    public double update(long bucketStartMillis, double count) {
        double score = size > 0 ? asStoredByNab(normalCdf(count, mean, std)) : 0.0;
        if (size < WINDOW_SIZE) {
            window[size++] = count;
            refresh();
        } else {
            step[stepped++] = count;
            if (stepped == STEP_SIZE) {
                for (int i = 0; i < STEP_SIZE; i++) {
                    window[oldest] = step[i];
                    oldest = (oldest + 1) % WINDOW_SIZE;
                }
                stepped = 0;
                refresh();
            }
        }
        return score;
    }

    @Override
    public double alarmThreshold() {
        return NAB_THRESHOLD;
    }

    private void refresh() {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += window[i];
        }
        mean = sum / size;
        double squares = 0;
        for (int i = 0; i < size; i++) {
            double d = window[i] - mean;
            squares += d * d;
        }
        std = Math.sqrt(squares / size); // population deviation, as numpy.std
        if (std == 0.0) {
            std = 0.000001;
        }
    }

    /** The score as NAB's results files hold it: 12 significant digits. */
    static double asStoredByNab(double score) {
        return new BigDecimal(score).round(STORED_DIGITS).doubleValue();
    }

    /** P(X < x): one minus the Q-function above the mean, the Q-function of the mirrored value below it. */
    static double normalCdf(double x, double mean, double std) {
        double tail = 0.5 * erfc(Math.abs(x - mean) / std / Math.sqrt(2.0));
        return x >= mean ? 1.0 - tail : tail;
    }

    /**
     * Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7
     * everywhere), good in the far tail where NAB's threshold of 1.0 decides.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }
}
