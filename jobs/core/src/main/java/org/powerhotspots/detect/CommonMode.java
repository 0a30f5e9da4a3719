package org.powerhotspots.detect;

import java.util.Arrays;
import java.util.Map;
import org.powerhotspots.domain.Topic;

/**
 * The common mode of a province's topics: a day can be busy or quiet for everything at once (weather, news, a
 * holiday), and how the other topics run against their forecasts is that factor; a topic's own forecast is scaled
 * by it, so what remains is the topic's own rise (its share of the province's complaints jumps: the space-time
 * permutation idea applied to topics).
 *
 * <p>The factor is the median of the other topics' observed / forecast, weighted by their forecasts, not their
 * pooled ratio: a rise of one or two topics cannot move a median, while a pooled ratio would carry the rise of a
 * topic whose complaints are partly filed under another (a tariff change whose questions land in OTHER) into
 * the expectation of the topic that rises, and hide it. It is shrunk towards 1 by surge.volumePrior complaints
 * (small counts at night say little) and kept within [1/2, 2].
 */
final class CommonMode {
    private static final double MAX_FACTOR = 2.0;

    private CommonMode() {}

    /**
     * The factor per window for {@code self}, from every topic's province series (as {@link SurgeDetector#prepare}
     * returns them; topics without one or not warm yet are left out). Null when no other topic has a forecast.
     */
    static double[] factor(Topic self, Map<Topic, SurgeDetector.ProvinceSeries> byTopic, double prior, int windows) {
        double[] factor = new double[windows];
        boolean any = false;
        double[][] pairs = new double[byTopic.size()][]; // (observed / forecast, forecast) of the other topics
        for (int w = 0; w < windows; w++) {
            int n = 0;
            double total = 0;
            for (Map.Entry<Topic, SurgeDetector.ProvinceSeries> e : byTopic.entrySet()) {
                SurgeDetector.ProvinceSeries v = e.getValue();
                if (e.getKey() == self || v == null || !v.warm() || v.expected()[w] <= 0) {
                    continue;
                }
                pairs[n++] = new double[] {v.observed()[w] / v.expected()[w], v.expected()[w]};
                total += v.expected()[w];
            }
            if (n == 0) {
                factor[w] = 1;
                continue;
            }
            any = true;
            Arrays.sort(pairs, 0, n, (a, b) -> Double.compare(a[0], b[0]));
            double median = pairs[n - 1][0];
            double cumulative = 0;
            for (int i = 0; i < n; i++) {
                cumulative += pairs[i][1];
                if (cumulative >= total / 2) {
                    median = pairs[i][0];
                    break;
                }
            }
            double f = (median * total + prior) / (total + prior);
            factor[w] = Math.max(1 / MAX_FACTOR, Math.min(MAX_FACTOR, f));
        }
        return any ? factor : null;
    }
}
