package org.powerhotspots.sim;

import static org.powerhotspots.sim.Simulator.DAY;
import static org.powerhotspots.sim.Simulator.HOUR;
import static org.powerhotspots.sim.Simulator.MINUTE;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.powerhotspots.domain.RegionCode;
import org.powerhotspots.domain.Topic;
import org.powerhotspots.sim.SimRegions.County;

/** Plants incidents of every alert type, and decoys, into the simulated streams. */
final class Injector {
    private static final Topic[] SURGE_TOPICS = {
        Topic.SMART_METER, Topic.BILLING_DISPUTE, Topic.PAYMENT_CHANNEL, Topic.ARREARS_DISCONNECTION,
        Topic.OUTAGE_FREQUENT, Topic.OUTAGE_NO_NOTICE, Topic.OUTAGE_LONG, Topic.REPAIR_SLOW, Topic.VOLTAGE_QUALITY,
        Topic.SERVICE_CONDUCT, Topic.BUSINESS_PROCESS, Topic.CONSTRUCTION_IMPACT, Topic.SAFETY_HAZARD,
        Topic.EV_CHARGING
    };
    private static final Topic[] CROSS_TOPICS = {
        Topic.OUTAGE_FREQUENT, Topic.OUTAGE_FREQUENT, Topic.OUTAGE_FREQUENT, Topic.OUTAGE_LONG, Topic.REPAIR_SLOW,
        Topic.VOLTAGE_QUALITY
    };
    private static final Topic[] REPEAT_TOPICS = {
        Topic.BILLING_DISPUTE, Topic.SMART_METER, Topic.VOLTAGE_QUALITY, Topic.SERVICE_CONDUCT,
        Topic.ARREARS_DISCONNECTION, Topic.OUTAGE_FREQUENT, Topic.BUSINESS_PROCESS
    };
    private static final Topic[] LOUD_TOPICS = {
        Topic.OUTAGE_LONG, Topic.BILLING_DISPUTE, Topic.SMART_METER, Topic.REPAIR_SLOW
    };

    private final Simulator sim;
    private final Random random;
    private final int firstDay;
    private final int lastDay;
    private final List<County> counties;

    Injector(Simulator sim, Random random, int firstDay, int lastDay) {
        this.sim = sim;
        this.random = random;
        this.firstDay = firstDay;
        this.lastDay = Math.max(firstDay + 1, lastDay);
        this.counties = sim.counties();
    }

    private int randomDay() {
        return firstDay + random.nextInt(lastDay - firstDay);
    }

    /** A start day that leaves {@code spanDays} before the end of the simulation. */
    private int randomDay(int spanDays) {
        int latest = Math.max(firstDay + 1, Math.min(lastDay, sim.days() - spanDays));
        return firstDay + random.nextInt(latest - firstDay);
    }

    private long dayStart(int day) {
        return sim.startMillis() + day * DAY;
    }

    private String id(String prefix, int n) {
        return String.format("%s-%02d", prefix, n);
    }

    /** A tariff change: one topic rises in every county at once; expected one province alert, no county alerts. */
    void provinceRise(int count) {
        provinceRise(1, count, Topic.BILLING_DISPUTE, 2.0, 2.5, 30, 48, "tariff change");
    }

    /**
     * Incidents {@code PR-first} on: {@code topic} rises by a factor in [minFactor, maxFactor] in every county at
     * once for minHours..maxHours, ramping up over 6 h; one province alert expected, no county alert.
     */
    void provinceRise(int first, int count, Topic topic, double minFactor, double maxFactor, int minHours,
            int maxHours, String story) {
        for (int n = first; n < first + count; n++) {
            int day;
            int tries = 0;
            do {
                day = randomDay();
                tries++;
            } while ((sim.dateOf(day).getDayOfMonth() <= 5 || sim.isReserved("topic:" + topic + ":" + day)
                    || sameTopicNear(topic, day)) && tries < 200);
            long start = dayStart(day) + (8 + random.nextInt(3)) * HOUR;
            long end = Math.min(sim.endMillis() - HOUR, start + (minHours + random.nextInt(maxHours - minHours + 1)) * HOUR);
            double factor = minFactor + random.nextDouble() * (maxFactor - minFactor);
            for (int d = day - 1; d <= day + 3; d++) {
                sim.reserve("topic:" + topic + ":" + d);
            }
            Incident incident = new Incident(id("PR", n), "COMPLAINT_SURGE", "province_rise");
            incident.regionCode = sim.regions().provinceCode();
            incident.regionLevel = "PROVINCE";
            incident.topic = topic;
            incident.start = start;
            incident.end = end;
            incident.decoy = true;
            incident.note = String.format("%s: %s up %.1fx in every county for %dh; one province alert expected",
                    story, topic, factor, (end - start) / HOUR);
            for (int c = 0; c < counties.size(); c++) {
                for (long t = start; t < end; t += HOUR) {
                    // The news spreads over the first hours.
                    double ramp = Math.min(1.0, (t - start) / (6.0 * HOUR) + 0.2);
                    double extra = (factor - 1) * ramp * sim.expectedBetween(c, topic, t, Math.min(end, t + HOUR));
                    int k = Simulator.poisson(random, extra);
                    for (int i = 0; i < k; i++) {
                        long at = t + (long) (random.nextDouble() * Math.min(HOUR, end - t));
                        sim.addComplaint(random, c, topic, at, sim.maybeCustomer(random, c), null, null,
                                incident.id, new ComplaintTexts.Scene(null, false, 0), 1);
                    }
                }
                incident.mustNotFire.add(new Incident.MustNotFire("COMPLAINT_SURGE", counties.get(c).code(), "COUNTY",
                        topic, start, end));
            }
            sim.addIncident(incident);
        }
    }

    /** A city-wide payment failure: every county of one city, one topic, for some hours. */
    void citySurges(int count) {
        citySurges(1, count, Topic.PAYMENT_CHANNEL, 4, 8, 4, 10, 25, "city-wide payment failure");
    }

    /**
     * Incidents {@code CY-first} on: {@code topic} at minMultiplier..maxMultiplier its usual rate in every county
     * of one city (of at least three counties) for minHours..maxHours, at least minExtra extra complaints.
     */
    void citySurges(int first, int count, Topic topic, double minMultiplier, double maxMultiplier, int minHours,
            int maxHours, int minExtra, String story) {
        List<String> cities = new ArrayList<>();
        for (String city : sim.regions().cityCodes()) {
            if (counties.stream().filter(c -> c.cityCode().equals(city)).count() >= 3) {
                cities.add(city);
            }
        }
        for (int n = first; n < first + count; n++) {
            String city = cities.get(random.nextInt(cities.size()));
            List<Integer> members = new ArrayList<>();
            for (int c = 0; c < counties.size(); c++) {
                if (counties.get(c).cityCode().equals(city)) {
                    members.add(c);
                }
            }
            int day = pickFreeDay(members, topic, (maxHours + 23) / 24);
            long start = dayStart(day) + (8 + random.nextInt(8)) * HOUR + random.nextInt(60) * MINUTE;
            long hours = minHours + random.nextInt(maxHours - minHours + 1);
            long end = Math.min(sim.endMillis() - HOUR, start + hours * HOUR);
            double multiplier = minMultiplier + random.nextDouble() * (maxMultiplier - minMultiplier);
            double expected = 0;
            for (int c : members) {
                expected += sim.expectedBetween(c, topic, start, end);
            }
            double extraTotal = Math.max((multiplier - 1) * expected, minExtra + random.nextInt(15));
            Incident incident = new Incident(id("CY", n), "COMPLAINT_SURGE", "city_surge");
            incident.regionCode = city;
            incident.regionLevel = "CITY";
            incident.topic = topic;
            incident.start = start;
            incident.end = end;
            incident.note = String.format("%s in %s: %s %.1fx for %dh", story, sim.regions().cityName(city), topic,
                    multiplier, hours);
            double weightSum = members.stream().mapToDouble(sim::weight).sum();
            for (int c : members) {
                int k = Simulator.poisson(random, extraTotal * sim.weight(c) / weightSum);
                for (int i = 0; i < k; i++) {
                    long at = start + (long) (random.nextDouble() * (end - start));
                    sim.addComplaint(random, c, topic, at, sim.maybeCustomer(random, c), null, null, incident.id,
                            ComplaintTexts.Scene.none(), 1);
                }
            }
            sim.addIncident(incident);
        }
    }

    /** One county, one topic, 4–8× its usual rate for 3–12 hours, from distinct customers. */
    void countySurges(int count) {
        for (int n = 1; n <= count; n++) {
            Topic topic = SURGE_TOPICS[random.nextInt(SURGE_TOPICS.length)];
            int c = sim.pickCounty(random, 0.5);
            int day = pickFreeDay(List.of(c), topic, 1);
            long start = dayStart(day) + (7 + random.nextInt(9)) * HOUR + random.nextInt(60) * MINUTE;
            long hours = 3 + random.nextInt(10);
            long end = start + hours * HOUR;
            Incident incident = new Incident(id("CS", n), "COMPLAINT_SURGE", "county_surge");
            countySurgeComplaints(incident, c, topic, start, end, null);
            incident.note = String.format("%s %s surge for %dh", counties.get(c).name(), topic, hours);
            sim.addIncident(incident);
        }
    }

    private void countySurgeComplaints(Incident incident, int c, Topic topic, long start, long end, int[] gridPlace) {
        double multiplier = 4 + random.nextDouble() * 4;
        double expected = sim.expectedBetween(c, topic, start, end);
        // A small county's "4× usual" is one complaint; a real incident there still brings a dozen or more people.
        double extra = Math.max((multiplier - 1) * expected, 12 + random.nextInt(10));
        int k = Math.max(8, Simulator.poisson(random, extra));
        String place = ComplaintTexts.place(random);
        for (int i = 0; i < k; i++) {
            long at = start + (long) (random.nextDouble() * (end - start));
            String area = null;
            String feeder = null;
            if (gridPlace != null && random.nextDouble() < 0.7) {
                area = sim.stationAreasOf(c, gridPlace[0])[gridPlace[1]];
                feeder = sim.feedersOf(c)[gridPlace[0]];
            }
            sim.addComplaint(random, c, topic, at, sim.maybeCustomer(random, c), area, feeder, incident.id,
                    new ComplaintTexts.Scene(random.nextDouble() < 0.6 ? place : null, false, 0), 1);
        }
        incident.regionCode = counties.get(c).code();
        incident.regionLevel = "COUNTY";
        incident.topic = topic;
        incident.start = start;
        incident.end = end;
    }

    /** A station area with 3–5 unplanned outages within a few days. */
    void outageRepeats(int count) {
        for (int n = 1; n <= count; n++) {
            int c = sim.pickCountyByGrid(random);
            int[] place = sim.randomPlace(random, c);
            String area = sim.stationAreasOf(c, place[0])[place[1]];
            int k = 3 + random.nextInt(3);
            long spanDays = 2 + random.nextInt(5);
            int day = randomDay((int) spanDays + 1);
            String incidentId = id("OR", n);
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                times.add(dayStart(day) + (long) (random.nextDouble() * spanDays * DAY));
            }
            times.sort(null);
            for (long t : times) {
                if (t < sim.endMillis() - HOUR) {
                    sim.addUnplannedOutage(random, c, place[0], area, t, incidentId);
                }
            }
            // The truth line is derived from the outages themselves (GroundTruth), tagged with this id.
            Incident marker = new Incident(incidentId, "OUTAGE_REPEAT", "outage_repeat");
            marker.stationAreaId = area;
            marker.regionCode = counties.get(c).code();
            sim.addIncident(marker);
        }
    }

    /** Repeated outages in a station area and a surge of a SUPPLY topic in its county at the same time. */
    void crossDiscipline(int count) {
        for (int n = 1; n <= count; n++) {
            int c = sim.pickCounty(random, 0.5);
            Topic topic = CROSS_TOPICS[random.nextInt(CROSS_TOPICS.length)];
            int day = pickFreeDay(List.of(c), topic, 4);
            int[] place = sim.randomPlace(random, c);
            String area = sim.stationAreasOf(c, place[0])[place[1]];
            String crossId = id("XD", n);
            String repeatId = crossId + "-OR";
            long o1 = dayStart(day) + (6 + random.nextInt(14)) * HOUR;
            long o2 = o1 + (8 + random.nextInt(23)) * HOUR;
            long o3 = o2 + (4 + random.nextInt(17)) * HOUR;
            List<Long> times = new ArrayList<>(List.of(o1, o2, o3));
            long surgeStart = o3 - 2 * HOUR;
            long surgeEnd = surgeStart + (6 + random.nextInt(13)) * HOUR;
            if (random.nextBoolean()) {
                times.add(o3 + (2 + random.nextInt(7)) * HOUR);
            }
            long lastRestore = 0;
            for (long t : times) {
                SimOutage o = sim.addUnplannedOutage(random, c, place[0], area, t, repeatId);
                lastRestore = Math.max(lastRestore, o.restoredAt() == null ? t : o.restoredAt());
            }
            for (long d = (o1 - sim.startMillis()) / DAY; d <= (surgeEnd - sim.startMillis()) / DAY; d++) {
                sim.reserve(counties.get(c).code() + ":" + d);
            }
            Incident surge = new Incident(crossId + "-CS", "COMPLAINT_SURGE", "cross_discipline");
            countySurgeComplaints(surge, c, topic, surgeStart, surgeEnd, place);
            surge.partOf = crossId;
            surge.note = "complaint surge component of " + crossId;
            sim.addIncident(surge);

            Incident marker = new Incident(repeatId, "OUTAGE_REPEAT", "cross_discipline");
            marker.partOf = crossId;
            marker.stationAreaId = area;
            marker.regionCode = counties.get(c).code();
            sim.addIncident(marker);

            Incident cross = new Incident(crossId, "CROSS_DISCIPLINE", "cross_discipline");
            cross.regionCode = counties.get(c).code();
            cross.regionLevel = "COUNTY";
            cross.stationAreaId = area;
            cross.feederId = sim.feedersOf(c)[place[0]];
            cross.topic = topic;
            // Both halves are there once the third outage has happened and the surge has begun.
            cross.firstEventAt = Math.min(o1, surgeStart);
            cross.start = Math.max(o3, surgeStart);
            cross.end = Math.max(surgeEnd, lastRestore);
            cross.note = String.format("%d outages in %s and a %s surge in %s", times.size(), area, topic,
                    counties.get(c).name());
            sim.addIncident(cross);
        }
    }

    /** One customer, 3–6 complaints about one matter within a few days. */
    void repeatComplainants(int count) {
        for (int n = 1; n <= count; n++) {
            int c = sim.pickCounty(random, 0.7);
            Topic topic = REPEAT_TOPICS[random.nextInt(REPEAT_TOPICS.length)];
            String customer = sim.newCustomer(random, c);
            int k = 3 + random.nextInt(4);
            long spanDays = 1 + random.nextInt(5);
            int day = randomDay((int) spanDays + 1);
            String incidentId = id("RC", n);
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                times.add(dayStart(day) + random.nextInt((int) spanDays) * DAY + (8 + random.nextInt(12)) * HOUR
                        + random.nextInt(60) * MINUTE);
            }
            times.sort(null);
            String place = ComplaintTexts.place(random);
            for (int i = 0; i < k; i++) {
                sim.addComplaint(random, c, topic, times.get(i), customer, null, null, incidentId,
                        new ComplaintTexts.Scene(place, true, i + 1), i + 1);
            }
            Incident marker = new Incident(incidentId, "REPEAT_COMPLAINANT", "repeat_complainant");
            marker.customerId = customer;
            marker.regionCode = counties.get(c).code();
            sim.addIncident(marker);
        }
    }

    /** Decoy: twelve calls from one customer in one day; a repeat complainant, never a regional surge. */
    void loudCallers(int count) {
        for (int n = 1; n <= count; n++) {
            // A small or middling county, where twelve complaints would look like a surge if counted naively.
            int c;
            do {
                c = sim.pickCounty(random, 0);
            } while (sim.weight(c) > 1.0 / counties.size());
            Topic topic = LOUD_TOPICS[random.nextInt(LOUD_TOPICS.length)];
            int day = pickFreeDay(List.of(c), topic, 1);
            String customer = sim.newCustomer(random, c);
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                times.add(dayStart(day) + 8 * HOUR + (long) (random.nextDouble() * 14 * HOUR) / MINUTE * MINUTE);
            }
            times.sort(null);
            String incidentId = id("LC", n);
            String place = ComplaintTexts.place(random);
            for (int i = 0; i < times.size(); i++) {
                sim.addComplaint(random, c, topic, times.get(i), customer, null, null, incidentId,
                        new ComplaintTexts.Scene(place, true, i + 1), i + 1);
            }
            Incident marker = new Incident(incidentId, "REPEAT_COMPLAINANT", "loud_caller");
            marker.customerId = customer;
            marker.regionCode = counties.get(c).code();
            marker.decoy = true;
            marker.note = "one customer, 12 complaints in a day: REPEAT_COMPLAINANT, not COMPLAINT_SURGE";
            String code = counties.get(c).code();
            long from = times.get(0);
            long to = times.get(times.size() - 1);
            marker.mustNotFire.add(new Incident.MustNotFire("COMPLAINT_SURGE", code, "COUNTY", topic, from, to));
            marker.mustNotFire.add(new Incident.MustNotFire("COMPLAINT_SURGE", RegionCode.cityOf(code), "CITY", topic,
                    from, to));
            marker.mustNotFire.add(new Incident.MustNotFire("COMPLAINT_SURGE", RegionCode.provinceOf(code), "PROVINCE",
                    topic, from, to));
            sim.addIncident(marker);
        }
    }

    /** True if an injected incident of {@code topic} starts within a day of {@code day} (somewhere). */
    private boolean sameTopicNear(Topic topic, int day) {
        for (Incident i : sim.incidents()) {
            if (i.topic == topic && Math.abs((i.start - dayStart(day)) / (double) DAY) < 2) {
                return true;
            }
        }
        return false;
    }

    /** A day on which none of the counties already has an injected incident and the topic is not rising province-wide. */
    private int pickFreeDay(List<Integer> members, Topic topic, int spanDays) {
        for (int tries = 0; tries < 500; tries++) {
            int day = randomDay(spanDays);
            boolean free = !sim.isReserved("topic:" + topic + ":" + day);
            for (int c : members) {
                for (int d = day - 1; d <= day + 1; d++) {
                    free &= !sim.isReserved(counties.get(c).code() + ":" + d);
                }
            }
            if (free) {
                for (int c : members) {
                    sim.reserve(counties.get(c).code() + ":" + day);
                }
                return day;
            }
        }
        return randomDay(spanDays);
    }
}
