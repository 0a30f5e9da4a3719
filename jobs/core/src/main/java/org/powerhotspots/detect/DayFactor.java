package org.powerhotspots.detect;

/**
 * What the day so far says of a day of the month not learned yet: its factor on the forecast has a gamma prior with
 * mean 1 and coefficient of variation {@link SeasonalBaseline#UNLEARNED_MONTH_DAY_CV} (a billing day brings ×1.2–2 of
 * the billing topics from its first hours), updated with the day's count so far against its forecast. A window is
 * tested against its expectation times {@link #factor}, at a dispersion widened by {@link #variance}, what is still
 * unknown of the factor: early in a day all of the prior, by the afternoon of an ordinary day little.
 *
 * @param factor   the posterior mean of the day's factor
 * @param variance its posterior variance
 */
record DayFactor(double factor, double variance) {
    /** A learned day: the forecast as it is. */
    static final DayFactor LEARNED = new DayFactor(1, 0);

    /** The posterior from the day's count {@code soFar} against its forecast {@code forecast} (both 0: the prior). */
    static DayFactor of(double soFar, double forecast) {
        double cv = SeasonalBaseline.UNLEARNED_MONTH_DAY_CV;
        double shape = 1 / (cv * cv) + soFar;
        double rate = 1 / (cv * cv) + forecast;
        return new DayFactor(shape / rate, shape / (rate * rate));
    }

    /** The negative-binomial dispersion {@code r} widened by what is unknown of the factor: 1/r' = 1/r + variance. */
    double widen(double r) {
        return variance == 0 ? r : 1 / (1 / r + variance);
    }
}
