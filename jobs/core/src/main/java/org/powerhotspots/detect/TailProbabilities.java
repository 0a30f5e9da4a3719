package org.powerhotspots.detect;

/**
 * Upper-tail probabilities P(X >= x) of count distributions, returned as natural logarithms so
 * that very small probabilities (1e-40) neither underflow nor lose precision.
 */
public final class TailProbabilities {
    private static final int MAX_TERMS = 1_000_000;
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7
    };

    private TailProbabilities() {}

    /** ln P(X >= x) for X ~ Poisson(mean). */
    public static double logPoissonTail(long x, double mean) {
        if (x <= 0) {
            return 0;
        }
        if (mean <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (x <= mean) {
            return 0; // not in the upper tail; callers only care about small probabilities
        }
        double logFirst = x * Math.log(mean) - mean - logGamma(x + 1.0);
        double sum = 1, term = 1;
        for (long k = x; k < x + MAX_TERMS; k++) {
            term *= mean / (k + 1);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return Math.min(0, logFirst + Math.log(sum));
    }

    /**
     * ln P(X >= x) for a negative binomial with this mean and dispersion r (variance
     * mean + mean^2 / r): a Poisson whose rate is itself uncertain, as real complaint counts are.
     */
    public static double logNegativeBinomialTail(long x, double mean, double dispersion) {
        if (x <= 0) {
            return 0;
        }
        if (mean <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (x <= mean) {
            return 0;
        }
        double q = mean / (dispersion + mean);
        if (q > LONG_SUM_RATIO) {
            double byFraction = logNegativeBinomialTailByFraction(x, dispersion, q);
            if (!Double.isNaN(byFraction)) {
                return Math.min(0, byFraction);
            }
        }
        return logNegativeBinomialTailBySum(x, mean, dispersion);
    }

    /**
     * Above this ratio of successive terms the tail's sum takes thousands of terms (a province's or a busy series'
     * long windows: hundreds of thousands at the NYC-taxi counts), and the continued fraction, which needs about
     * the square root of that, is used instead.
     */
    static final double LONG_SUM_RATIO = 0.99;

    /** The tail summed term by term, relative to its first term. */
    static double logNegativeBinomialTailBySum(long x, double mean, double dispersion) {
        double r = dispersion;
        double q = mean / (r + mean);
        double logFirst = logGamma(x + r) - logGamma(r) - logGamma(x + 1.0)
                + r * Math.log(r / (r + mean)) + x * Math.log(q);
        double sum = 1, term = 1;
        for (long k = x; k < x + MAX_TERMS; k++) {
            term *= (k + r) / (k + 1) * q;
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return Math.min(0, logFirst + Math.log(sum));
    }

    /**
     * The same tail as the regularised incomplete beta function, P(X >= x) = I_q(x, r), by its continued fraction
     * (modified Lentz, as in Numerical Recipes' betacf); where the fraction converges slowly (x just above the mean)
     * through the complement 1 - I_{1-q}(r, x). NaN when it does not converge.
     */
    static double logNegativeBinomialTailByFraction(long x, double r, double q) {
        double p = 1 - q;
        double logBeta = logGamma(x) + logGamma(r) - logGamma(x + r);
        if (q < (x + 1.0) / (x + r + 2.0)) {
            double cf = betaFraction(x, r, q);
            return x * Math.log(q) + r * Math.log(p) - logBeta - Math.log(x) + Math.log(cf);
        }
        double cf = betaFraction(r, x, p);
        double logHead = r * Math.log(p) + x * Math.log(q) - logBeta - Math.log(r) + Math.log(cf);
        return Math.log1p(-Math.exp(logHead));
    }

    private static double betaFraction(double a, double b, double x) {
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1;
        double d = 1 / awayFromZero(1 - qab * x / qap);
        double h = d;
        for (int m = 1; m <= 100_000; m++) {
            int m2 = 2 * m;
            // Even then odd step of the fraction, each by the modified Lentz update.
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 / awayFromZero(1 + aa * d);
            c = awayFromZero(1 + aa / c);
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 / awayFromZero(1 + aa * d);
            c = awayFromZero(1 + aa / c);
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < 1e-15) {
                return h;
            }
        }
        return Double.NaN;
    }

    /** Lentz's guard: a denominator that vanishes is replaced by a tiny one. */
    private static double awayFromZero(double v) {
        return Math.abs(v) < 1e-300 ? 1e-300 : v;
    }

    /**
     * True when ln P(X >= x) <= {@code logLevel} (a negative level) for the negative binomial above: the same
     * decision as comparing {@link #logNegativeBinomialTail}, without summing the whole tail. At a province's counts
     * the tail's terms shrink by well under 1 % a step and the full sum takes thousands of steps; here the sum
     * stops as soon as it is above the level, or its remainder (bounded by a geometric series, since the ratio of
     * successive terms tends monotonically to q) cannot bring it there.
     */
    public static boolean negativeBinomialTailAtMost(long x, double mean, double dispersion, double logLevel) {
        if (x <= 0) {
            return 0 <= logLevel;
        }
        if (mean <= 0) {
            return true;
        }
        if (x <= mean) {
            return 0 <= logLevel;
        }
        double r = dispersion;
        double q = mean / (r + mean);
        double logFirst = logGamma(x + r) - logGamma(r) - logGamma(x + 1.0)
                + r * Math.log(r / (r + mean)) + x * Math.log(q);
        // the sum is taken relative to the first term: decide on ln(sum) against the level minus logFirst
        double limit = logLevel - logFirst;
        if (limit < 0) {
            return false; // the first term alone is above the level
        }
        double bound = Math.exp(limit);
        double sum = 1, term = 1;
        for (long k = x; k < x + MAX_TERMS; k++) {
            double next = (k + r) / (k + 1) * q; // the ratio of the next term to this one
            double most = Math.max(next, q); // no later ratio is larger
            if (most < 1 && sum + term * most / (1 - most) <= bound) {
                return true; // even the whole remainder keeps it at or below the level
            }
            term *= next;
            sum += term;
            if (sum > bound) {
                return false;
            }
            if (term < sum * 1e-17) {
                break;
            }
        }
        return Math.min(0, logFirst + Math.log(sum)) <= logLevel;
    }

    /** ln P(X >= x) for X ~ Binomial(n, p). */
    public static double logBinomialTail(long x, long n, double p) {
        if (x <= 0) {
            return 0;
        }
        if (x > n || p <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p >= 1 || x <= n * p) {
            return 0;
        }
        double logFirst = logGamma(n + 1.0) - logGamma(x + 1.0) - logGamma(n - x + 1.0)
                + x * Math.log(p) + (n - x) * Math.log1p(-p);
        double odds = p / (1 - p);
        double sum = 1, term = 1;
        for (long k = x; k < n; k++) {
            term *= (double) (n - k) / (k + 1) * odds;
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return Math.min(0, logFirst + Math.log(sum));
    }

    /** -log10 of a probability given as its natural logarithm: the score of a test. */
    public static double score(double logP) {
        return logP == Double.NEGATIVE_INFINITY ? 300 : Math.min(300, -logP / Math.log(10));
    }

    /** ln Gamma(z) for z > 0 (Lanczos approximation, about 15 significant digits). */
    public static double logGamma(double z) {
        if (z < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
        }
        z -= 1;
        double a = LANCZOS[0];
        double t = z + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) {
            a += LANCZOS[i] / (z + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
