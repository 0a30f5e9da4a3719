package org.powerhotspots.bench.nab;

import java.util.List;

/** A NAB application profile: the weights of a detected window, a missed window and a false alarm. */
public record NabProfile(String name, double tpWeight, double fnWeight, double fpWeight) {

    /** NAB's config/profiles.json "standard". */
    public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 1.0, 0.11);
    /** NAB's "reward_low_FP_rate". */
    public static final NabProfile REWARD_LOW_FP = new NabProfile("reward_low_FP_rate", 1.0, 1.0, 0.22);
    /** NAB's "reward_low_FN_rate". */
    public static final NabProfile REWARD_LOW_FN = new NabProfile("reward_low_FN_rate", 1.0, 2.0, 0.11);

    public static final List<NabProfile> ALL = List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);

    /** Raw score of the detector that never fires: every window missed. */
    public double nullScore(int windows) {
        return -fnWeight * windows;
    }

    /** Raw score of the detector that fires once, on the first row of every window. */
    public double perfectScore(int windows) {
        return tpWeight * windows;
    }

    /** NAB's normalisation (runner.normalize): 0 for the null detector, 100 for the perfect one. */
    public double normalise(double raw, int windows) {
        double nul = nullScore(windows);
        return 100.0 * (raw - nul) / (perfectScore(windows) - nul);
    }
}
