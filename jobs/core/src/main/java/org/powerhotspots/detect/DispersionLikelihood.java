package org.powerhotspots.detect;

/**
 * The negative-binomial dispersion r of a series' windows by maximum likelihood: the decayed log-likelihood of the
 * window counts given their expectations, kept for a fixed grid of r (0.1 to 10^4, ten points a decade), with a
 * log-normal prior on r centred on surge.dispersion (one standard deviation a factor of ten), its maximum refined
 * between grid points. Unlike the winsorised moments of {@link DispersionEstimate}, whose cap is set by the
 * estimate itself, a series whose bursts are ordinary teaches its whole tail; the likelihood grows only with the
 * logarithm of a count, so one burst does not swamp it. Used by {@link SurgeSeriesDetector} when asked
 * ({@link SurgeSeriesDetector.Options#likelihoodDispersion}); the product keeps the moments.
 */
final class DispersionLikelihood implements DispersionModel {
    private static final int PER_DECADE = 10;
    private static final double LOG_MIN = Math.log(0.1);
    private static final int POINTS = 5 * PER_DECADE + 1;
    private static final double STEP = Math.log(10) / PER_DECADE;
    private static final double PRIOR_SD = Math.log(10);

    private final double[] logR = new double[POINTS];
    private final double[] r = new double[POINTS];
    private final double[] logLikelihood = new double[POINTS];
    private final double logPrior;
    private final double decay;
    /** ln surge.resolvePValue: windows at least this far in the tail are not learnt from (-inf: all are). */
    private final double logElevated;
    private double estimate;
    private boolean stale;

    DispersionLikelihood(DetectionConfig config, double decay) {
        for (int k = 0; k < POINTS; k++) {
            logR[k] = LOG_MIN + k * STEP;
            r[k] = Math.exp(logR[k]);
        }
        this.logPrior = Math.log(config.surgeDispersion);
        this.decay = decay;
        this.logElevated = config.surgeDispersionSkipsElevated ? Math.log(config.surgeResolvePValue)
                : Double.NEGATIVE_INFINITY;
        this.stale = true;
    }

    @Override
    public void skip() {
        for (int k = 0; k < POINTS; k++) {
            logLikelihood[k] *= decay;
        }
        stale = true;
    }

    @Override
    public void learn(double x, double mu) {
        skip();
        if (mu <= 0) {
            return;
        }
        long n = Math.round(Math.max(0, x));
        if (logElevated > Double.NEGATIVE_INFINITY
                && TailProbabilities.logNegativeBinomialTail(n, mu, dispersion()) <= logElevated) {
            return; // as DispersionEstimate: a rise not called yet must not teach that rises are ordinary
        }
        double logMu = Math.log(mu);
        for (int k = 0; k < POINTS; k++) {
            double rk = r[k];
            double logTotal = Math.log(rk + mu);
            // ln NB(n | mu, r) without the ln n! that every r shares.
            logLikelihood[k] += (n == 0 ? 0 : TailProbabilities.logGamma(n + rk) - TailProbabilities.logGamma(rk))
                    + rk * (logR[k] - logTotal) + n * (logMu - logTotal);
        }
    }

    @Override
    public double dispersion() {
        if (!stale) {
            return estimate;
        }
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < POINTS; k++) {
            double v = posterior(k);
            if (v > bestValue) {
                bestValue = v;
                best = k;
            }
        }
        double at = logR[best];
        if (best > 0 && best < POINTS - 1) { // the parabola through the maximum and its neighbours
            double left = posterior(best - 1);
            double right = posterior(best + 1);
            double curvature = left - 2 * bestValue + right;
            if (curvature < 0) {
                at += STEP * 0.5 * (left - right) / curvature;
            }
        }
        estimate = Math.exp(at);
        stale = false;
        return estimate;
    }

    private double posterior(int k) {
        double z = (logR[k] - logPrior) / PRIOR_SD;
        return logLikelihood[k] - 0.5 * z * z;
    }
}
