package org.powerhotspots.sim.score;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.powerhotspots.detect.DetectionConfig;
import org.powerhotspots.sim.Simulator;
import org.powerhotspots.sim.SurgeOracle;

/**
 * Our COMPLAINT_SURGE alerts beside the {@link SurgeOracle}'s, incident by incident: the simulation is generated
 * again from its meta.json (it is deterministic), the oracle's threshold is calibrated to our own false-alarm rate,
 * and the oracle's alarms are judged by the same {@link Scorer} as ours.
 */
public final class OracleComparison {
    /** Monte Carlo runs of the incident-free world behind the threshold. */
    static final int REPLICATES = 20;
    /** The resolution of a false-alarm rate measured on one run: half an alarm over the run. */
    private static final double HALF_ALARM = 0.5;

    /** One surge incident: our delay and the oracle's, in minutes (NaN where not found). */
    public record Row(String seed, String incident, String scenario, String level, String region, String topic,
            double ours, double oracle) {
        double ratio() {
            return Double.isNaN(ours) || Double.isNaN(oracle) ? Double.NaN : ours / Math.max(oracle, 1);
        }

        String tsv() {
            return String.join("\t", seed, incident, scenario, level, region, topic, fmt(ours), fmt(oracle));
        }

        static Row parse(String line) {
            String[] f = line.split("\t", -1);
            return new Row(f[0], f[1], f[2], f[3], f[4], f[5], parseMinutes(f[6]), parseMinutes(f[7]));
        }
    }

    /** What the comparison found. */
    public record Result(List<Row> rows, double ourFalseAlarmRate, double targetRate, double threshold,
            double oracleFalseAlarmRate, long oracleDecoyViolations) {}

    private OracleComparison() {}

    /** Regenerates the simulation described by {@code meta} and compares. */
    public static Result compare(JsonNode meta, List<TruthIncident> truth, ScoreReport ours, Scorer scorer,
            int counties, double months) {
        if (meta == null || !meta.hasNonNull("seed") || !meta.hasNonNull("start")) {
            throw new IllegalArgumentException("--oracle needs the meta.json that scripts/simulate wrote beside the"
                    + " truth file (seed, start, weeks, province, complaints_per_day)");
        }
        Simulator.Config config = new Simulator.Config(meta.get("province").asText(),
                LocalDate.from(OffsetDateTime.parse(meta.get("start").asText())), meta.get("weeks").asInt(),
                meta.get("seed").asLong(), meta.get("complaints_per_day").asDouble(),
                meta.hasNonNull("regions") ? Optional.of(Path.of(meta.get("regions").asText())) : Optional.empty(),
                meta.path("emerging").asBoolean(false));
        Simulator sim = new Simulator(config);
        Simulator.Result world = sim.run();
        if (meta.hasNonNull("generated_complaints")
                && meta.get("generated_complaints").asInt() != world.complaints().size()) {
            throw new IllegalStateException("the simulation generated again differs from the one scored ("
                    + world.complaints().size() + " complaints, meta.json says " + meta.get("generated_complaints")
                    + "): was it written by another version of scripts/simulate?");
        }
        DetectionConfig detection = DetectionConfig.defaults();
        long dedupe = detection.surgeWindows[detection.surgeWindows.length - 1];
        SurgeOracle oracle = new SurgeOracle(sim, world, detection.surgeBucket, detection.surgeSlide, dedupe,
                detection.surgeWarmup);
        double countyMonths = counties * months;
        double ourRate = (ours.count("COMPLAINT_SURGE", Scorer.Verdict.FALSE_ALARM)
                + ours.count("COMPLAINT_SURGE", Scorer.Verdict.DECOY_VIOLATION)) / countyMonths;
        double target = Math.max(ourRate, HALF_ALARM / countyMonths);
        double threshold = oracle.calibrate(target, REPLICATES, config.seed());
        List<ScoredAlert> alarms = new ArrayList<>();
        int n = 0;
        for (SurgeOracle.Alarm a : oracle.run(threshold)) {
            alarms.add(new ScoredAlert("oracle-" + (++n), "COMPLAINT_SURGE", a.regionCode(), a.level(), null, null,
                    a.topic().name(), a.start(), a.detectedAt(), a.detectedAt(), null, List.of()));
        }
        ScoreReport theirs = scorer.score(truth, alarms, counties, months);
        List<Row> rows = new ArrayList<>();
        String seed = Long.toString(config.seed());
        for (TruthIncident i : truth) {
            if (!i.type().equals("COMPLAINT_SURGE") || i.optional()) {
                continue;
            }
            rows.add(new Row(seed, i.id(), scenarioOf(i), String.valueOf(i.regionLevel()), i.regionCode(),
                    String.valueOf(i.topic()), delay(ours, i), delay(theirs, i)));
        }
        double oracleRate = (theirs.count("COMPLAINT_SURGE", Scorer.Verdict.FALSE_ALARM)
                + theirs.count("COMPLAINT_SURGE", Scorer.Verdict.DECOY_VIOLATION)) / countyMonths;
        return new Result(rows, ourRate, target, threshold, oracleRate, theirs.decoyViolations().size());
    }

    private static String scenarioOf(TruthIncident i) {
        String id = i.id();
        int dash = id.indexOf('-');
        return dash > 0 ? id.substring(0, dash) : id;
    }

    private static double delay(ScoreReport report, TruthIncident i) {
        Long detected = report.firstDetection().get(i.id());
        return detected == null ? Double.NaN : (detected - i.start()) / 60_000.0;
    }

    /** The per-incident table and the summary of one run. */
    public static String format(Result r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nsurge oracle (true topics and rates, CUSUM bank, threshold %.2f"
                        + " calibrated to %.3f false alarms per county-month; ours %.3f, the oracle's here %.3f)%n",
                r.threshold(), r.targetRate(), r.ourFalseAlarmRate(), r.oracleFalseAlarmRate()));
        out.append(String.format(Locale.ROOT, "%-10s %-9s %-8s %-22s %10s %10s %7s%n", "incident", "level",
                "region", "topic", "ours min", "oracle min", "ratio"));
        for (Row row : r.rows()) {
            out.append(String.format(Locale.ROOT, "%-10s %-9s %-8s %-22s %10s %10s %7s%n", row.incident(),
                    row.level(), row.region(), row.topic(), fmt(row.ours()), fmt(row.oracle()), fmtRatio(row.ratio())));
        }
        out.append(summary(r.rows()));
        return out.toString();
    }

    /** Found by us and by the oracle, and the median delay ratio where both found. */
    public static String summary(List<Row> rows) {
        long ours = rows.stream().filter(x -> !Double.isNaN(x.ours())).count();
        long oracle = rows.stream().filter(x -> !Double.isNaN(x.oracle())).count();
        List<Double> ratios = new ArrayList<>();
        rows.forEach(x -> {
            if (!Double.isNaN(x.ratio())) {
                ratios.add(x.ratio());
            }
        });
        ratios.sort(null);
        double median = ratios.isEmpty() ? Double.NaN : ratios.size() % 2 == 1 ? ratios.get(ratios.size() / 2)
                : (ratios.get(ratios.size() / 2 - 1) + ratios.get(ratios.size() / 2)) / 2;
        return String.format(Locale.ROOT, "surges found: ours %d, oracle %d of %d; median delay ratio (ours/oracle,"
                + " %d found by both) %s; max %s%n", ours, oracle, rows.size(), ratios.size(), fmtRatio(median),
                fmtRatio(ratios.isEmpty() ? Double.NaN : ratios.get(ratios.size() - 1)));
    }

    static void writeRows(Path file, List<Row> rows) throws IOException {
        StringBuilder out = new StringBuilder();
        rows.forEach(r -> out.append(r.tsv()).append('\n'));
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    }

    private static String fmt(double minutes) {
        return Double.isNaN(minutes) ? "-" : String.format(Locale.ROOT, "%.0f", minutes);
    }

    private static String fmtRatio(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static double parseMinutes(String s) {
        return s.equals("-") ? Double.NaN : Double.parseDouble(s);
    }
}
