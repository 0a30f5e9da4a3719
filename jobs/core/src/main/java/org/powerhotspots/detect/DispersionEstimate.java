package org.powerhotspots.detect;

import java.io.Serializable;

/**
 * The negative-binomial dispersion r of a dense series (variance = mu + mu^2/r), learned from its own
 * forecast errors: an online method-of-moments estimate of 1/r = E[(x - mu)^2 - x] / E[mu^2], with
 * decayed sums, each count winsorised 2.5 standard deviations above its expectation and a count in the
 * elevated tail (surge.resolvePValue) left out (a rise that is not called yet must not teach that rises are
 * ordinary), and shrunk towards the configured
 * surge.dispersion by a prior worth surge.dispersionPrior squared expected events.
 */
final class DispersionEstimate implements Serializable {
    private static final long serialVersionUID = 1L;

    // From the settings (never part of the state).
    private double prior;
    private double priorWeight;
    private double decay;
    /** ln surge.resolvePValue: windows at least this far in the tail are not learnt from (-inf: all are). */
    private double logElevated;
    private double excess;
    private double meanSq;

    /** @param decay the weight an observation keeps per later observation (from the step and half-life) */
    DispersionEstimate(DetectionConfig config, double decay) {
        bind(config, decay);
    }

    /** Binds the current settings (surge.dispersion, surge.dispersionPrior) and decay. */
    void bind(DetectionConfig config, double decay) {
        this.prior = config.surgeDispersion;
        this.priorWeight = config.surgeDispersionPrior * config.surgeDispersionPrior;
        this.decay = decay;
        this.logElevated = config.surgeDispersionSkipsElevated ? Math.log(config.surgeResolvePValue)
                : Double.NEGATIVE_INFINITY;
    }

    org.powerhotspots.schema.state.DispersionState toState(long windowMillis) {
        return new org.powerhotspots.schema.state.DispersionState(windowMillis, excess, meanSq);
    }

    void restore(org.powerhotspots.schema.state.DispersionState state) {
        this.excess = state.getExcess();
        this.meanSq = state.getMeanSq();
    }

    /** A step without an observation (an incident is open): what was learned fades as usual. */
    void skip() {
        excess *= decay;
        meanSq *= decay;
    }

    /** Learns from one window count {@code x} that was expected to be {@code mu}. */
    void learn(double x, double mu) {
        skip();
        if (mu <= 0) {
            return;
        }
        double r = dispersion();
        if (TailProbabilities.logNegativeBinomialTail(Math.round(x), mu, r) <= logElevated) {
            // An elevated window (a rise not called yet, or one too slow to be) teaches nothing: learnt, a slow
            // rise would widen the very tail it is tested against, slide after slide, and hide itself.
            return;
        }
        // Winsorised at 2.5 sd (a normal loses ~4 % of its variance there).
        double capped = Math.min(x, mu + 2.5 * Math.sqrt(mu + mu * mu / r) + 1);
        excess += (capped - mu) * (capped - mu) - capped;
        meanSq += mu * mu;
    }

    /** The current estimate of r, between 0.5 and 10^4. */
    double dispersion() {
        double inverse = (Math.max(0, excess) + priorWeight / prior) / (meanSq + priorWeight);
        return Math.max(0.5, Math.min(1e4, 1 / Math.max(inverse, 1e-4)));
    }
}
