package org.powerhotspots.detect;

/** A learned negative-binomial dispersion r (variance = mu + mu^2/r) of a count series' windows. */
interface DispersionModel {
    /** Learns from one window count {@code x} that was expected to be {@code mu}. */
    void learn(double x, double mu);

    /** A step without an observation: what was learned fades as usual. */
    void skip();

    /** The current estimate of r. */
    double dispersion();
}
