package org.powerhotspots.sim.score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Recall, precision, false alarms per county-month, detection delay and decoy violations. */
public final class ScoreReport {
    private final List<TruthIncident> truth;
    private final List<Scorer.Judged> judged;
    private final Map<String, Long> firstDetection;
    private final int counties;
    private final double months;

    ScoreReport(List<TruthIncident> truth, List<Scorer.Judged> judged, Map<String, Long> firstDetection, int counties,
            double months) {
        this.truth = truth;
        this.judged = judged;
        this.firstDetection = firstDetection;
        this.counties = counties;
        this.months = months;
    }

    /**
     * Incidents that count towards recall (optional ones only count when found; pure decoys, which expect no alert,
     * never).
     */
    private List<TruthIncident> required() {
        return truth.stream().filter(i -> !i.optional() && i.expectAlert()).toList();
    }

    public double recall() {
        List<TruthIncident> required = required();
        return required.isEmpty() ? 1.0
                : required.stream().filter(i -> firstDetection.containsKey(i.id())).count() / (double) required.size();
    }

    public double recall(String type) {
        List<TruthIncident> ofType = required().stream().filter(i -> i.type().equals(type)).toList();
        return ofType.isEmpty() ? Double.NaN
                : ofType.stream().filter(i -> firstDetection.containsKey(i.id())).count() / (double) ofType.size();
    }

    public double precision() {
        long tp = count(null, Scorer.Verdict.TRUE_POSITIVE);
        long bad = count(null, Scorer.Verdict.FALSE_ALARM) + count(null, Scorer.Verdict.DECOY_VIOLATION);
        return tp + bad == 0 ? Double.NaN : tp / (double) (tp + bad);
    }

    public double precision(String type) {
        long tp = count(type, Scorer.Verdict.TRUE_POSITIVE);
        long bad = count(type, Scorer.Verdict.FALSE_ALARM) + count(type, Scorer.Verdict.DECOY_VIOLATION);
        return tp + bad == 0 ? Double.NaN : tp / (double) (tp + bad);
    }

    public long falseAlarms() {
        return count(null, Scorer.Verdict.FALSE_ALARM) + count(null, Scorer.Verdict.DECOY_VIOLATION);
    }

    public double falseAlarmsPerCountyMonth() {
        return falseAlarms() / (counties * months);
    }

    public List<Scorer.Judged> decoyViolations() {
        return judged.stream().filter(j -> j.verdict() == Scorer.Verdict.DECOY_VIOLATION).toList();
    }

    public long count(String type, Scorer.Verdict verdict) {
        return judged.stream()
                .filter(j -> j.verdict() == verdict && (type == null || type.equals(j.alert().type())))
                .count();
    }

    /**
     * Minutes from each detected incident's start to its first matching alert's detected_at, sorted; for one type or
     * all ({@code null}). For count rules the start is when the rule is met (the third outage or call).
     */
    /** The first detection of each incident found, by incident id. */
    public Map<String, Long> firstDetection() {
        return java.util.Collections.unmodifiableMap(firstDetection);
    }

    public List<TruthIncident> truth() {
        return truth;
    }

    public List<Double> delaysMinutes(String type) {
        List<Double> out = new ArrayList<>();
        for (TruthIncident i : truth) {
            Long detected = firstDetection.get(i.id());
            if (detected != null && (type == null || type.equals(i.type()))) {
                out.add((detected - i.start()) / 60_000.0);
            }
        }
        Collections.sort(out);
        return out;
    }

    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    public String format() {
        StringBuilder out = new StringBuilder();
        Set<String> types = new TreeSet<>();
        truth.forEach(i -> types.add(i.type()));
        judged.forEach(j -> {
            if (j.alert().type() != null) {
                types.add(j.alert().type());
            }
        });
        long silent = truth.stream().filter(i -> !i.expectAlert()).count();
        out.append(String.format("incidents %d (%d required, %d optional%s), alerts %d (distinct alert_id)%n",
                truth.size(), required().size(), truth.size() - required().size() - silent,
                silent > 0 ? ", " + silent + " decoys that expect no alert" : "", judged.size()));
        out.append(String.format("%-20s %9s %9s %7s %6s %8s %8s %7s %12s%n", "type", "incidents", "detected",
                "recall", "alerts", "true+", "false+", "prec.", "median delay"));
        for (String type : types) {
            long incidents = required().stream().filter(i -> i.type().equals(type)).count();
            long detected = required().stream()
                    .filter(i -> i.type().equals(type) && firstDetection.containsKey(i.id())).count();
            long alerts = judged.stream().filter(j -> type.equals(j.alert().type())).count();
            out.append(String.format("%-20s %9d %9d %7s %6d %8d %8d %7s %8s min%n", type, incidents, detected,
                    fmt(recall(type)), alerts, count(type, Scorer.Verdict.TRUE_POSITIVE),
                    count(type, Scorer.Verdict.FALSE_ALARM) + count(type, Scorer.Verdict.DECOY_VIOLATION),
                    fmt(precision(type)), fmt1(percentile(delaysMinutes(type), 0.5))));
        }
        out.append(String.format("%nrecall                          %s   (target >= 0.95)%n", fmt(recall())));
        out.append(String.format("precision                       %s   (target >= 0.90)%n", fmt(precision())));
        out.append(String.format("false alarms per county-month   %.3f  (%d false alarms, %d counties, %.2f months;"
                + " target < 0.2)%n", falseAlarmsPerCountyMonth(), falseAlarms(), counties, months));
        out.append(String.format("related alerts (not counted)    %d%n", count(null, Scorer.Verdict.RELATED)));
        List<Double> delays = delaysMinutes(null);
        out.append(String.format("detection delay                 median %s min, p90 %s min   (target median <= 60)%n",
                fmt1(percentile(delays, 0.5)), fmt1(percentile(delays, 0.9))));
        out.append(String.format("decoy violations                %d%n", decoyViolations().size()));
        for (Scorer.Judged j : decoyViolations()) {
            out.append(String.format("  %s %s %s %s forbidden by %s%n", j.alert().alertId(), j.alert().type(),
                    j.alert().regionCode(), j.alert().topic(), j.decoyId()));
        }
        out.append(themes());
        List<String> missed = new ArrayList<>();
        for (TruthIncident i : required()) {
            if (!firstDetection.containsKey(i.id())) {
                missed.add(i.id() + " " + i.type() + " " + i.regionLevel() + " "
                        + (i.stationAreaId() != null ? i.stationAreaId() : i.feederId() != null ? i.feederId()
                                : i.regionCode())
                        + (i.topic() != null ? " " + i.topic() : ""));
            }
        }
        out.append(String.format("missed incidents                %d%n", missed.size()));
        missed.stream().limit(30).forEach(m -> out.append("  ").append(m).append('\n'));
        Map<String, Integer> falseByType = new TreeMap<>();
        List<Scorer.Judged> falseAlarms = judged.stream()
                .filter(j -> j.verdict() == Scorer.Verdict.FALSE_ALARM).toList();
        falseAlarms.forEach(j -> falseByType.merge(String.valueOf(j.alert().type()), 1, Integer::sum));
        out.append(String.format("false alarms                    %d %s%n", falseAlarms.size(), falseByType));
        Set<String> shown = new HashSet<>();
        for (Scorer.Judged j : falseAlarms) {
            if (shown.size() >= 15) {
                break;
            }
            ScoredAlert a = j.alert();
            shown.add(a.alertId());
            out.append(String.format("  %s %s %s %s %s%n", a.alertId(), a.type(), a.regionLevel(),
                    a.stationAreaId() != null ? a.stationAreaId() : a.feederId() != null ? a.feederId()
                            : a.regionCode(),
                    a.topic() == null ? "" : a.topic()));
        }
        return out.toString();
    }

    /**
     * Each EMERGING_ISSUE theme found: the level it was found at, its delay and how many alert ids cited it (SPEC:
     * one alert per theme, so more than one is a theme reported twice).
     */
    private String themes() {
        StringBuilder out = new StringBuilder();
        for (TruthIncident i : required()) {
            Long detected = firstDetection.get(i.id());
            if (!i.type().equals("EMERGING_ISSUE") || detected == null) {
                continue;
            }
            Set<String> ids = new TreeSet<>();
            Set<String> levels = new TreeSet<>();
            for (Scorer.Judged j : judged) {
                if (j.verdict() == Scorer.Verdict.TRUE_POSITIVE && j.incidentIds().contains(i.id())) {
                    ids.add(j.alert().alertId());
                    levels.add(String.valueOf(j.alert().regionLevel()));
                }
            }
            String named = String.join("/", i.terms().subList(0, Math.min(3, i.terms().size())));
            out.append(String.format("  %s (%s) at %s: found at %s after %.1f h, %d alert id%s%n", i.id(), named,
                    i.regionLevel(), String.join("+", levels), (detected - i.start()) / 3_600_000.0, ids.size(),
                    ids.size() == 1 ? "" : "s"));
        }
        return out.length() == 0 ? "" : "themes found (EMERGING_ISSUE)\n" + out;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "  -  " : String.format("%.3f", v);
    }

    private static String fmt1(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.0f", v);
    }
}
