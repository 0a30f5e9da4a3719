package org.powerhotspots.sim;

import static org.powerhotspots.sim.Simulator.DAY;
import static org.powerhotspots.sim.Simulator.HOUR;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.powerhotspots.domain.Topic;

/**
 * Builds the truth file: the injected incidents, plus every incident the rules of SPEC section 4 find in the data
 * (a station area or feeder with 3 unplanned outages in 30 days, a customer with 3 complaints in 7 days, a supply
 * surge meeting an outage repeat in one county), whether injected or there by chance.
 */
final class GroundTruth {
    static final long OUTAGE_WINDOW = 30 * DAY;
    static final int OUTAGE_COUNT = 3;
    static final long COMPLAINANT_WINDOW = 7 * DAY;
    static final int COMPLAINANT_COUNT = 3;
    /** How long after its last restore an outage repeat still counts as "at the same time" as a surge. */
    static final long CROSS_LINGER = 24 * HOUR;

    private GroundTruth() {}

    static List<Incident> derive(Simulator sim, List<SimComplaint> complaints, List<SimOutage> outages,
            List<Incident> injected) {
        Map<String, Incident> markers = new HashMap<>();
        List<Incident> result = new ArrayList<>();
        for (Incident i : injected) {
            if (i.regionLevel == null) {
                markers.put(i.id, i);
            } else {
                result.add(i);
            }
        }
        Set<String> used = new HashSet<>();
        List<Incident> repeats = outageRepeats(outages, markers, used);
        result.addAll(repeats);
        result.addAll(repeatComplainants(complaints, markers, used));
        for (Incident marker : markers.values()) {
            if (!used.contains(marker.id)) {
                System.err.println("simulate: warning: injected " + marker.id + " did not produce its incident");
            }
        }
        result.addAll(chanceCrossDiscipline(result, repeats));
        result.sort(Comparator.comparingLong(Incident::start).thenComparing(Incident::id));
        return result;
    }

    private static List<Incident> outageRepeats(List<SimOutage> outages, Map<String, Incident> markers,
            Set<String> used) {
        Map<String, List<SimOutage>> byArea = new TreeMap<>();
        Map<String, List<SimOutage>> byFeeder = new TreeMap<>();
        for (SimOutage o : outages) {
            if (o.planned()) {
                continue;
            }
            if (o.stationAreaId() != null) {
                byArea.computeIfAbsent(o.stationAreaId(), k -> new ArrayList<>()).add(o);
            }
            if (o.feederId() != null) {
                byFeeder.computeIfAbsent(o.feederId(), k -> new ArrayList<>()).add(o);
            }
        }
        List<Incident> result = new ArrayList<>();
        Map<String, Set<String>> areaEpisodeOutages = new HashMap<>();
        int chance = 0;
        for (Map.Entry<String, List<SimOutage>> e : byArea.entrySet()) {
            for (List<SimOutage> episode : episodes(e.getValue(), SimOutage::startedAt, OUTAGE_WINDOW, OUTAGE_COUNT)) {
                Incident incident = repeatIncident(episode, markers, used, "OR-C%02d", ++chance);
                incident.regionLevel = "STATION_AREA";
                incident.stationAreaId = e.getKey();
                Set<String> feeders = new HashSet<>();
                episode.forEach(o -> {
                    if (o.feederId() != null) {
                        feeders.add(o.feederId());
                    }
                });
                incident.feederId = feeders.size() == 1 ? feeders.iterator().next() : null;
                areaEpisodeOutages.put(incident.id, new HashSet<>(incident.outageIds));
                result.add(incident);
            }
        }
        for (Map.Entry<String, List<SimOutage>> e : byFeeder.entrySet()) {
            for (List<SimOutage> episode : episodes(e.getValue(), SimOutage::startedAt, OUTAGE_WINDOW, OUTAGE_COUNT)) {
                Set<String> ids = new HashSet<>();
                episode.forEach(o -> ids.add(o.outageId()));
                // A feeder whose repeats are all one station area's is that station area's incident.
                if (areaEpisodeOutages.values().stream().anyMatch(s -> s.containsAll(ids))) {
                    continue;
                }
                boolean feederLevelOnly = episode.stream().allMatch(o -> o.stationAreaId() == null);
                Incident incident = repeatIncident(episode, Map.of(), used, "OR-C%02d", ++chance);
                incident.regionLevel = "FEEDER";
                incident.feederId = e.getKey();
                if (!feederLevelOnly) {
                    // Whether station-area outages count towards their feeder is a detector's choice: reward, don't demand.
                    incident.optional = true;
                    incident.note = "feeder repeat that includes station-area outages; optional";
                }
                result.add(incident);
            }
        }
        return result;
    }

    private static Incident repeatIncident(List<SimOutage> episode, Map<String, Incident> markers, Set<String> used,
            String chanceFormat, int chanceNumber) {
        Incident marker = null;
        for (SimOutage o : episode) {
            if (o.incidentId() != null && markers.containsKey(o.incidentId())) {
                marker = markers.get(o.incidentId());
                break;
            }
        }
        Incident incident;
        if (marker != null && used.add(marker.id)) {
            incident = new Incident(marker.id, "OUTAGE_REPEAT", marker.scenario);
            incident.partOf = marker.partOf;
        } else {
            incident = new Incident(String.format(chanceFormat, chanceNumber), "OUTAGE_REPEAT", "chance");
            incident.origin = "chance";
        }
        incident.regionCode = episode.get(0).regionCode();
        // The incident exists once the third outage has happened; the episode began with the first.
        incident.firstEventAt = episode.get(0).startedAt();
        incident.start = episode.get(OUTAGE_COUNT - 1).startedAt();
        long end = 0;
        for (SimOutage o : episode) {
            end = Math.max(end, o.restoredAt() == null ? o.startedAt() : o.restoredAt());
            incident.outageIds.add(o.outageId());
        }
        incident.end = end;
        return incident;
    }

    private static List<Incident> repeatComplainants(List<SimComplaint> complaints, Map<String, Incident> markers,
            Set<String> used) {
        Map<String, List<SimComplaint>> byCustomer = new TreeMap<>();
        for (SimComplaint c : complaints) {
            if (c.customerId() != null) {
                byCustomer.computeIfAbsent(c.customerId(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Incident> result = new ArrayList<>();
        int chance = 0;
        for (List<SimComplaint> list : byCustomer.values()) {
            if (list.size() < COMPLAINANT_COUNT) {
                continue;
            }
            for (List<SimComplaint> episode :
                    episodes(list, SimComplaint::receivedAt, COMPLAINANT_WINDOW, COMPLAINANT_COUNT)) {
                Incident marker = null;
                for (SimComplaint c : episode) {
                    if (c.incidentId() != null && markers.containsKey(c.incidentId())
                            && markers.get(c.incidentId()).type.equals("REPEAT_COMPLAINANT")) {
                        marker = markers.get(c.incidentId());
                        break;
                    }
                }
                Incident incident;
                if (marker != null && used.add(marker.id)) {
                    incident = new Incident(marker.id, "REPEAT_COMPLAINANT", marker.scenario);
                    incident.decoy = marker.decoy;
                    incident.mustNotFire.addAll(marker.mustNotFire);
                    incident.note = marker.note;
                } else {
                    incident = new Incident(String.format("RC-C%02d", ++chance), "REPEAT_COMPLAINANT", "chance");
                    incident.origin = "chance";
                }
                incident.customerId = episode.get(0).customerId();
                incident.regionCode = episode.get(0).regionCode();
                incident.regionLevel = "COUNTY";
                incident.topic = modeTopic(episode);
                incident.firstEventAt = episode.get(0).receivedAt();
                incident.start = episode.get(COMPLAINANT_COUNT - 1).receivedAt();
                incident.end = episode.get(episode.size() - 1).receivedAt();
                episode.forEach(c -> incident.complaintIds.add(c.complaintId()));
                result.add(incident);
            }
        }
        return result;
    }

    /** A supply-topic county surge that meets an outage repeat in the same county is a cross-discipline incident. */
    private static List<Incident> chanceCrossDiscipline(List<Incident> all, List<Incident> repeats) {
        List<Incident> result = new ArrayList<>();
        int chance = 0;
        for (Incident surge : all) {
            if (!surge.type.equals("COMPLAINT_SURGE") || !"COUNTY".equals(surge.regionLevel)
                    || surge.partOf != null || surge.topic == null || !surge.topic.isSupply()) {
                continue;
            }
            for (Incident repeat : repeats) {
                if (repeat.regionCode.equals(surge.regionCode) && !repeat.optional
                        && repeat.start <= surge.end && repeat.end + CROSS_LINGER >= surge.start) {
                    Incident cross = new Incident(String.format("XD-C%02d", ++chance), "CROSS_DISCIPLINE", "chance");
                    cross.origin = "chance";
                    cross.regionCode = surge.regionCode;
                    cross.regionLevel = "COUNTY";
                    cross.stationAreaId = repeat.stationAreaId;
                    cross.feederId = repeat.feederId;
                    cross.topic = surge.topic;
                    cross.firstEventAt = Math.min(surge.start, repeat.firstEventAt);
                    cross.start = Math.max(surge.start, repeat.start);
                    cross.end = Math.max(surge.end, repeat.end);
                    cross.note = "injected " + surge.id + " met " + repeat.id;
                    result.add(cross);
                    break;
                }
            }
        }
        return result;
    }

    private static Topic modeTopic(List<SimComplaint> episode) {
        Map<Topic, Integer> counts = new LinkedHashMap<>();
        episode.forEach(c -> counts.merge(c.topic(), 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /**
     * Splits time-sorted events into episodes: an episode starts at the first event that completes {@code count}
     * events within {@code window} and goes on while every further event still does.
     */
    static <T> List<List<T>> episodes(List<T> sorted, java.util.function.ToLongFunction<T> time, long window,
            int count) {
        List<List<T>> result = new ArrayList<>();
        int i = count - 1;
        while (i < sorted.size()) {
            if (time.applyAsLong(sorted.get(i)) - time.applyAsLong(sorted.get(i - count + 1)) <= window) {
                int first = i - count + 1;
                int last = i;
                while (last + 1 < sorted.size()
                        && time.applyAsLong(sorted.get(last + 1)) - time.applyAsLong(sorted.get(last + 2 - count))
                                <= window) {
                    last++;
                }
                result.add(new ArrayList<>(sorted.subList(first, last + 1)));
                i = last + count;
            } else {
                i++;
            }
        }
        return result;
    }
}
