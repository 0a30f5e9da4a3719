package org.powerhotspots.detect;

/**
 * The COMPLAINT_SURGE test of one window's count against its expectation: the one rule behind both the
 * product's {@link SurgeDetector} and the single-series {@link SurgeSeriesDetector}. A window is hot when it has
 * surge.minCount, the ratio the expectation requires ({@link DetectionConfig#surgeRequiredRatio}) and a
 * negative-binomial tail below surge.pValue shared over the scanned windows ({@link DetectionConfig#surgeWindowTests});
 * an open incident stays elevated while ratio and tail stay within the resolve limits.
 */
public final class SurgeTest {
    /** HOT opens or feeds an incident, ELEVATED only keeps one open. Order: strongest first. */
    public enum Verdict { HOT, ELEVATED, NORMAL }

    /** One window's verdict with the natural log of its tail probability (0 when not computed). */
    public record Outcome(Verdict verdict, double logP) {
        static final Outcome NORMAL = new Outcome(Verdict.NORMAL, 0);
    }

    private SurgeTest() {}

    /**
     * The verdict on {@code x} in a window expected to hold {@code expected}, with an incident open or not, the
     * window being one of a family worth {@code tests} independent tests.
     */
    public static Outcome judge(DetectionConfig config, double tests, long x, double expected, double dispersion,
            boolean open) {
        double ratio = expected > 0 ? x / expected : Double.POSITIVE_INFINITY;
        double required = config.surgeRequiredRatio(expected);
        boolean canBeHot = x >= config.surgeMinCount && ratio >= required;
        boolean canBeElevated = open && x > 0 && ratio >= Math.min(config.surgeResolveRatio, required);
        if (!canBeHot && !canBeElevated) {
            return Outcome.NORMAL;
        }
        double logP = TailProbabilities.logNegativeBinomialTail(x, expected, dispersion);
        Verdict v = canBeHot && logP <= logHotThreshold(config, tests) ? Verdict.HOT
                : canBeElevated && logP <= Math.log(config.surgeResolvePValue) ? Verdict.ELEVATED
                : Verdict.NORMAL;
        return new Outcome(v, logP);
    }

    /** ln of the tail probability a window needs to be hot: surge.pValue over the family's worth in tests. */
    public static double logHotThreshold(DetectionConfig config, double tests) {
        return Math.log(config.surgePValue / tests);
    }

    /** True when {@code a} beats {@code b}: a stronger verdict, or the same one with a smaller tail. */
    public static boolean stronger(Outcome a, Outcome b) {
        return a.verdict().ordinal() < b.verdict().ordinal()
                || a.verdict() == b.verdict() && a.logP() < b.logP();
    }
}
