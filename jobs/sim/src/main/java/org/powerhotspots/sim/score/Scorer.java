package org.powerhotspots.sim.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.powerhotspots.domain.RegionCode;

/**
 * Matches alerts to ground-truth incidents. An alert is a true positive when type, place, topic and time match an
 * incident; a decoy violation when it is what a decoy forbids; related (counted neither way) when it names a place
 * above or below a matching incident's; otherwise a false alarm.
 */
public final class Scorer {

    /** How each alert was judged. */
    public enum Verdict { TRUE_POSITIVE, DECOY_VIOLATION, RELATED, FALSE_ALARM }

    /** Per-alert outcome. */
    public record Judged(ScoredAlert alert, Verdict verdict, List<String> incidentIds, String decoyId) {}

    private final long graceMillis;

    public Scorer(long graceMillis) {
        this.graceMillis = graceMillis;
    }

    public ScoreReport score(List<TruthIncident> truth, List<ScoredAlert> alerts, int counties, double months) {
        List<Judged> judged = new ArrayList<>();
        Map<String, Long> firstDetection = new LinkedHashMap<>();
        for (ScoredAlert alert : alerts) {
            List<String> matched = new ArrayList<>();
            for (TruthIncident incident : truth) {
                if (matches(incident, alert)) {
                    matched.add(incident.id());
                    firstDetection.merge(incident.id(), alert.detectedAt(), Math::min);
                }
            }
            if (!matched.isEmpty()) {
                judged.add(new Judged(alert, Verdict.TRUE_POSITIVE, matched, null));
                continue;
            }
            String decoy = forbiddenBy(truth, alert);
            if (decoy != null) {
                judged.add(new Judged(alert, Verdict.DECOY_VIOLATION, List.of(), decoy));
            } else if (truth.stream().anyMatch(i -> related(i, alert))) {
                judged.add(new Judged(alert, Verdict.RELATED, List.of(), null));
            } else {
                judged.add(new Judged(alert, Verdict.FALSE_ALARM, List.of(), null));
            }
        }
        return new ScoreReport(truth, judged, firstDetection, counties, months);
    }

    /**
     * Type, place, topic and time all agree. An EMERGING_ISSUE matches like a surge, by region code and level (its
     * topic is null), and must also cite one of the theme's complaints: its words need not be the simulator's, but
     * an alert about other words at the same place and time (a season's word in the province) is not this theme.
     * A pure decoy (vocabulary churn) expects nothing and matches nothing.
     */
    boolean matches(TruthIncident incident, ScoredAlert alert) {
        return incident.expectAlert()
                && Objects.equals(incident.type(), alert.type())
                && placeMatches(incident, alert)
                && topicMatches(incident, alert)
                && overlaps(alert, incident.firstEventAt(), incident.end())
                && citesTheme(incident, alert);
    }

    /** For an EMERGING_ISSUE with known complaints: the alert cites at least one of them. */
    static boolean citesTheme(TruthIncident incident, ScoredAlert alert) {
        if (!"EMERGING_ISSUE".equals(incident.type()) || incident.complaintIds().isEmpty()) {
            return true;
        }
        return alert.complaintIds().stream().anyMatch(incident.complaintIds()::contains);
    }

    static boolean placeMatches(TruthIncident incident, ScoredAlert alert) {
        switch (incident.type()) {
            case "OUTAGE_REPEAT" -> {
                if (incident.stationAreaId() != null && incident.stationAreaId().equals(alert.stationAreaId())) {
                    return true;
                }
                // A feeder alert names the feeder the repeating station area hangs on, or the repeating feeder.
                boolean feederAlert = "FEEDER".equals(alert.regionLevel())
                        || (alert.stationAreaId() == null && alert.feederId() != null);
                return feederAlert && incident.feederId() != null && incident.feederId().equals(alert.feederId());
            }
            case "CROSS_DISCIPLINE" -> {
                return Objects.equals(incident.regionCode(), alert.regionCode())
                        || (incident.stationAreaId() != null && incident.stationAreaId().equals(alert.stationAreaId()));
            }
            case "REPEAT_COMPLAINANT" -> {
                if (alert.customerId() != null && incident.customerId() != null) {
                    return alert.customerId().equals(incident.customerId());
                }
                if (!alert.complaintIds().isEmpty() && !incident.complaintIds().isEmpty()) {
                    return alert.complaintIds().stream().anyMatch(incident.complaintIds()::contains);
                }
                return Objects.equals(incident.regionCode(), alert.regionCode());
            }
            default -> {
                return Objects.equals(incident.regionCode(), alert.regionCode())
                        && (alert.regionLevel() == null || Objects.equals(incident.regionLevel(), alert.regionLevel()));
            }
        }
    }

    static boolean topicMatches(TruthIncident incident, ScoredAlert alert) {
        if (incident.type().equals("OUTAGE_REPEAT") || incident.type().equals("REPEAT_COMPLAINANT")) {
            return true;
        }
        return incident.topic() == null || alert.topic() == null || incident.topic().equals(alert.topic());
    }

    /** The alert's window meets [start, end + grace]. */
    private boolean overlaps(ScoredAlert alert, long start, long end) {
        return alert.windowStart() <= end + graceMillis && alert.windowEnd() >= start;
    }

    private String forbiddenBy(List<TruthIncident> truth, ScoredAlert alert) {
        for (TruthIncident incident : truth) {
            for (TruthIncident.Forbidden f : incident.mustNotFire()) {
                if (Objects.equals(f.type(), alert.type())
                        && Objects.equals(f.regionCode(), alert.regionCode())
                        && (f.regionLevel() == null || alert.regionLevel() == null
                                || f.regionLevel().equals(alert.regionLevel()))
                        && (f.topic() == null || alert.topic() == null || f.topic().equals(alert.topic()))
                        && sharesTerms(f.terms(), alert.terms())
                        && overlaps(alert, f.start(), f.end())) {
                    return incident.id();
                }
            }
        }
        return null;
    }

    /**
     * True when the forbidden words and the alert's words meet (one contains the other: a detector may name "云璟" or
     * "绿地云璟小区"), or when either side names none.
     */
    static boolean sharesTerms(List<String> forbidden, List<String> alerted) {
        if (forbidden == null || forbidden.isEmpty() || alerted == null || alerted.isEmpty()) {
            return true;
        }
        for (String f : forbidden) {
            for (String a : alerted) {
                if (f.contains(a) || a.contains(f)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Same type, topic and time, at a place above or below the incident's (a county inside a city surge, say). */
    boolean related(TruthIncident incident, ScoredAlert alert) {
        if (!incident.expectAlert() || !Objects.equals(incident.type(), alert.type()) || !topicMatches(incident, alert)
                || !overlaps(alert, incident.firstEventAt(), incident.end())
                || !RegionCode.isValid(incident.regionCode()) || !RegionCode.isValid(alert.regionCode())) {
            return false;
        }
        if (incident.type().equals("OUTAGE_REPEAT")) {
            return "COUNTY".equals(alert.regionLevel()) && incident.regionCode().equals(alert.regionCode());
        }
        return contains(incident.regionCode(), alert.regionCode()) || contains(alert.regionCode(), incident.regionCode());
    }

    /** True if region {@code outer} strictly contains region {@code inner} by GB/T 2260 digits. */
    static boolean contains(String outer, String inner) {
        if (outer.equals(inner)) {
            return false;
        }
        return switch (RegionCode.levelOf(outer)) {
            case PROVINCE -> RegionCode.provinceOf(inner).equals(outer);
            case CITY -> RegionCode.levelOf(inner) == RegionCode.AdminLevel.COUNTY && RegionCode.cityOf(inner).equals(outer);
            case COUNTY -> false;
        };
    }
}
