package org.powerhotspots.bench.nab;

import java.util.Arrays;
import java.util.Locale;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.detect.SurgeSeriesDetector;

/**
 * Settings of the NAB harness itself (keys {@code nab.*}, given like detection settings with {@code --set}), not of
 * the product:
 * <ul>
 *   <li>{@code nab.warmup}: {@code config} (surge.warmup as configured, the default) or {@code probation}: the
 *       file's NAB probationary period (15 % of its rows, at most 750 rows, times the row spacing), which NAB
 *       hands every detector before the first row;</li>
 *   <li>{@code nab.acceptShiftAfter}, {@code nab.quietAfter}: durations ({@code 0} = off, the default), and
 *       {@code nab.cadence}: {@code bucket} (judge every row, the default) or {@code slide} (judge every surge.slide,
 *       as the product does), for {@link SurgeSeriesDetector.Options};</li>
 *   <li>{@code nab.alarmBudget}: {@code N/DURATION} (e.g. {@code 4/28d}) or {@code 0} (off, the default): an episode
 *       alarms only once it is stronger than all but N-1 of the episodes that began within DURATION before it;</li>
 *   <li>{@code nab.budgetOver}: {@code lengths} (one alarm budget per window length, the default) or {@code union}
 *       (one budget for all window lengths together, episodes placed by their ranks at every length);</li>
 *   <li>{@code nab.budgetRanks}: what the budget ranks episodes by at each length: {@code evidence} (least ln p, the
 *       default), {@code ratio} (count over expectation while hot) or {@code excess} (count above expectation).</li>
 * </ul>
 */
public record NabSettings(boolean warmupIsProbation, SurgeSeriesDetector.Options seriesOptions) {

    public static final String PREFIX = "nab.";
    public static final NabSettings DEFAULTS = new NabSettings(false, SurgeSeriesDetector.Options.NONE);

    /** With one {@code nab.*} key set; unknown keys and bad values fail. */
    public NabSettings with(String key, String value) {
        SurgeSeriesDetector.Options o = seriesOptions;
        return switch (key) {
            case "nab.warmup" -> switch (value) {
                case "probation" -> new NabSettings(true, o);
                case "config" -> new NabSettings(false, o);
                default -> throw new IllegalArgumentException("nab.warmup must be probation or config, got " + value);
            };
            case "nab.acceptShiftAfter" -> new NabSettings(warmupIsProbation,
                    o.withAcceptShiftAfter(DetectionConfig.parseDuration(value)));
            case "nab.quietAfter" -> new NabSettings(warmupIsProbation,
                    o.withQuietAfter(DetectionConfig.parseDuration(value)));
            case "nab.cadence" -> switch (value) {
                case "slide", "bucket" -> new NabSettings(warmupIsProbation, o.withEverySlide(value.equals("slide")));
                default -> throw new IllegalArgumentException("nab.cadence must be slide or bucket, got " + value);
            };
            case "nab.alarmBudget" -> {
                if (value.trim().equals("0")) {
                    yield new NabSettings(warmupIsProbation, o.withBudget(0, 0));
                }
                int slash = value.indexOf('/');
                if (slash <= 0) {
                    throw new IllegalArgumentException("nab.alarmBudget must be N/DURATION (e.g. 4/28d) or 0, got " + value);
                }
                yield new NabSettings(warmupIsProbation, o.withBudget(Integer.parseInt(value.substring(0, slash).trim()),
                        DetectionConfig.parseDuration(value.substring(slash + 1).trim())));
            }
            case "nab.budgetOver" -> switch (value) {
                case "lengths", "union" -> new NabSettings(warmupIsProbation, o.withBudgetOverUnion(value.equals("union")));
                default -> throw new IllegalArgumentException("nab.budgetOver must be lengths or union, got " + value);
            };
            case "nab.budgetRanks" -> new NabSettings(warmupIsProbation, o.withBudgetRanks(budgetRanks(value)));
            default -> throw new IllegalArgumentException("unknown NAB setting " + key + " (known: nab.warmup,"
                    + " nab.acceptShiftAfter, nab.quietAfter, nab.cadence, nab.alarmBudget, nab.budgetOver,"
                    + " nab.budgetRanks)");
        };
    }

    /** One of {@link SurgeSeriesDetector.BudgetRanks}, in lower case. */
    private static SurgeSeriesDetector.BudgetRanks budgetRanks(String value) {
        for (SurgeSeriesDetector.BudgetRanks ranks : SurgeSeriesDetector.BudgetRanks.values()) {
            if (ranks.name().toLowerCase(Locale.ROOT).equals(value)) {
                return ranks;
            }
        }
        throw new IllegalArgumentException("nab.budgetRanks must be one of "
                + Arrays.stream(SurgeSeriesDetector.BudgetRanks.values()).map(r -> r.name().toLowerCase(Locale.ROOT))
                        .toList() + ", got " + value);
    }

    /** The detection settings for one file: surge.warmup set to its probationary period when asked. */
    public DetectionConfig forSeries(DetectionConfig config, NabSeries series, long rowSpacingMillis) {
        if (!warmupIsProbation) {
            return config;
        }
        long rows = new NabSweeper(NabProfile.STANDARD).probationaryLength(series.rows());
        return config.with("surge.warmup", (rows * rowSpacingMillis) + "ms");
    }
}
