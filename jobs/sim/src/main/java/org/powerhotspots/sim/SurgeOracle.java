package org.powerhotspots.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.powerhotspots.domain.Topic;

/**
 * The reference surge detector of the scorer: it knows what no product can, each complaint's true topic and the
 * true background intensity of every county and topic (the simulator's own rates, day-level over-dispersion and
 * outage complainants included), and runs the optimal sequential test for a rise of unknown size and start on
 * them: a bank of Poisson CUSUMs (rise ratios 1.5 to 8, the maximum of which approximates the GLR over size and
 * start) per county, city and the province, and per topic, updated every bucket and checked at every slide
 * boundary as the product is. Counts are distinct customers per county within the dedupe span, as the product
 * counts them.
 *
 * <p>An alarm opens when the statistic reaches the threshold and closes when every CUSUM is back at zero; its
 * start is where the winning CUSUM last left zero. The threshold is calibrated by Monte Carlo on the incident-free
 * world (the same true intensities, Poisson counts, no injected surge) so that the alarms per county-month equal
 * a target: the product's own false-alarm rate.
 */
public final class SurgeOracle {
    private static final double[] RATIOS = {1.5, 2, 3, 5, 8};
    private static final int TOPICS = Topic.values().length;

    /** One alarm of the oracle. */
    public record Alarm(String regionCode, String level, Topic topic, long start, long detectedAt) {}

    private final Simulator sim;
    private final List<SimComplaint> complaints;
    private final long bucket;
    private final int bucketsPerSlide;
    private final long dedupe;
    private final long quietUntil;
    private final int counties;
    private final int regions;
    private final int[] cityOfCounty;
    private final String[] code;
    private final String[] level;
    private final int buckets;
    private final double[] logRatio = new double[RATIOS.length];

    /**
     * @param bucket counting bucket, @param slide evaluation interval (a multiple of the bucket), @param dedupe span
     *     within which a customer counts once per county and topic, @param warmup no alarm before this much of the
     *     period has passed (the product's surge.warmup)
     */
    public SurgeOracle(Simulator sim, Simulator.Result result, long bucket, long slide, long dedupe, long warmup) {
        if (slide % bucket != 0 || Simulator.HOUR % bucket != 0) {
            throw new IllegalArgumentException("the slide must be a multiple of the bucket, the bucket divide an hour");
        }
        this.sim = sim;
        this.complaints = result.complaints();
        this.bucket = bucket;
        this.bucketsPerSlide = (int) (slide / bucket);
        this.dedupe = dedupe;
        this.quietUntil = sim.startMillis() + warmup;
        this.counties = sim.counties().size();
        List<String> cities = sim.regions().cityCodes();
        this.regions = counties + cities.size() + 1;
        this.cityOfCounty = new int[counties];
        this.code = new String[regions];
        this.level = new String[regions];
        for (int c = 0; c < counties; c++) {
            code[c] = sim.counties().get(c).code();
            level[c] = "COUNTY";
            cityOfCounty[c] = counties + cities.indexOf(sim.counties().get(c).cityCode());
        }
        for (int i = 0; i < cities.size(); i++) {
            code[counties + i] = cities.get(i);
            level[counties + i] = "CITY";
        }
        code[regions - 1] = sim.regions().provinceCode();
        level[regions - 1] = "PROVINCE";
        this.buckets = (int) (sim.days() * Simulator.DAY / bucket);
        for (int j = 0; j < RATIOS.length; j++) {
            logRatio[j] = Math.log(RATIOS[j]);
        }
    }

    /** The counts of one bucket, per county and topic. */
    private interface Counts {
        void fill(int b, int[][] into);
    }

    /** Receives, at each slide boundary, the statistic of every region and topic. */
    private interface Listener {
        void boundary(int region, int topic, long at, double statistic, long since, boolean allZero);
    }

    /**
     * The threshold (in log-likelihood units) at which the oracle raises {@code alarmsPerCountyMonth} false alarms
     * per county-month on the incident-free world, from {@code replicates} Monte Carlo runs.
     */
    public double calibrate(double alarmsPerCountyMonth, int replicates, long seed) {
        List<Double> peaks = new ArrayList<>();
        double[][] peak = new double[regions][TOPICS];
        for (int r = 0; r < replicates; r++) {
            Random random = new Random(seed * 1_000_003 + r);
            for (double[] row : peak) {
                Arrays.fill(row, 0);
            }
            scan((b, into) -> {
                int hour = (int) (b * bucket / Simulator.HOUR);
                double perBucket = (double) bucket / Simulator.HOUR;
                for (int c = 0; c < counties; c++) {
                    for (Topic t : Topic.values()) {
                        into[c][t.ordinal()] = Simulator.poisson(random, sim.trueIntensity(c, t, hour) * perBucket);
                    }
                }
            }, (region, topic, at, statistic, since, allZero) -> {
                if (at < quietUntil) {
                    return;
                }
                peak[region][topic] = Math.max(peak[region][topic], statistic);
                if (allZero) {
                    if (peak[region][topic] > 1) {
                        peaks.add(peak[region][topic]);
                    }
                    peak[region][topic] = 0;
                }
            });
            for (double[] row : peak) {
                for (double p : row) {
                    if (p > 1) {
                        peaks.add(p); // an excursion still going at the end counts as one
                    }
                }
            }
        }
        peaks.sort((a, b) -> Double.compare(b, a));
        double months = sim.days() / 30.44;
        int allowed = (int) Math.floor(alarmsPerCountyMonth * counties * months * replicates);
        if (peaks.isEmpty()) {
            return 1;
        }
        // The highest threshold passed by no more than the allowed number of incident-free excursions.
        return allowed <= 0 ? peaks.get(0) * 1.0001 : allowed >= peaks.size() ? 1 : peaks.get(allowed) * 1.0001;
    }

    /** The oracle's alarms on the simulated complaints at {@code threshold}. */
    public List<Alarm> run(double threshold) {
        int[][][] counts = observedCounts();
        List<Alarm> alarms = new ArrayList<>();
        boolean[][] open = new boolean[regions][TOPICS];
        scan((b, into) -> {
            for (int c = 0; c < counties; c++) {
                for (int t = 0; t < TOPICS; t++) {
                    into[c][t] = counts[c][t][b];
                }
            }
        }, (region, topic, at, statistic, since, allZero) -> {
            if (!open[region][topic] && statistic >= threshold && at >= quietUntil) {
                open[region][topic] = true;
                alarms.add(new Alarm(code[region], level[region], Topic.values()[topic], since, at));
            } else if (allZero) {
                open[region][topic] = false;
            }
        });
        return alarms;
    }

    /** Distinct customers per county, topic and bucket, each counted again only after the dedupe span. */
    private int[][][] observedCounts() {
        int[][][] counts = new int[counties][TOPICS][buckets];
        Map<String, Long> lastCounted = new HashMap<>();
        for (SimComplaint c : complaints) {
            int b = (int) ((c.receivedAt() - sim.startMillis()) / bucket);
            if (b < 0 || b >= buckets) {
                continue;
            }
            if (c.customerId() != null) {
                String key = c.regionCode() + "/" + c.topic() + "/" + c.customerId();
                Long last = lastCounted.get(key);
                if (last != null && last > c.receivedAt() - dedupe) {
                    continue;
                }
                lastCounted.put(key, c.receivedAt());
            }
            counts[sim.countyIndex(c.regionCode())][c.topic().ordinal()][b]++;
        }
        return counts;
    }

    /** Runs the CUSUM bank of every region and topic over the period. */
    private void scan(Counts source, Listener listener) {
        double[][][] s = new double[regions][TOPICS][RATIOS.length];
        long[][][] since = new long[regions][TOPICS][RATIOS.length];
        int[][] county = new int[counties][TOPICS];
        double[][] x = new double[regions][TOPICS];
        double[][] mu = new double[regions][TOPICS];
        double perBucket = (double) bucket / Simulator.HOUR;
        for (int b = 0; b < buckets; b++) {
            long bucketStart = sim.startMillis() + b * bucket;
            int hour = (int) (b * bucket / Simulator.HOUR);
            source.fill(b, county);
            for (double[] row : x) {
                Arrays.fill(row, 0);
            }
            for (double[] row : mu) {
                Arrays.fill(row, 0);
            }
            for (int c = 0; c < counties; c++) {
                for (Topic topic : Topic.values()) {
                    int t = topic.ordinal();
                    double m = sim.trueIntensity(c, topic, hour) * perBucket;
                    int k = county[c][t];
                    x[c][t] += k;
                    mu[c][t] += m;
                    x[cityOfCounty[c]][t] += k;
                    mu[cityOfCounty[c]][t] += m;
                    x[regions - 1][t] += k;
                    mu[regions - 1][t] += m;
                }
            }
            boolean boundary = (b + 1) % bucketsPerSlide == 0;
            long at = bucketStart + bucket;
            for (int region = 0; region < regions; region++) {
                for (int t = 0; t < TOPICS; t++) {
                    double[] sums = s[region][t];
                    double best = 0;
                    long bestSince = at;
                    boolean allZero = true;
                    for (int j = 0; j < RATIOS.length; j++) {
                        double before = sums[j];
                        double v = Math.max(0, before + x[region][t] * logRatio[j] - mu[region][t] * (RATIOS[j] - 1));
                        if (before == 0 && v > 0) {
                            since[region][t][j] = bucketStart;
                        }
                        sums[j] = v;
                        if (v > 0) {
                            allZero = false;
                        }
                        if (v > best) {
                            best = v;
                            bestSince = since[region][t][j];
                        }
                    }
                    if (boundary) {
                        listener.boundary(region, t, at, best, bestSince, allZero);
                    }
                }
            }
        }
    }
}
