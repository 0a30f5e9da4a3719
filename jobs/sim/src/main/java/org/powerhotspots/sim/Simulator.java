package org.powerhotspots.sim;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.powerhotspots.domain.Topic;
import org.powerhotspots.sim.SimRegions.County;

/**
 * Generates a province's complaint and outage streams: ordinary traffic with daily, weekly and billing-day rhythm and
 * day-level over-dispersion, background outages, and injected incidents of every alert type plus decoys.
 * Deterministic given the seed.
 */
public final class Simulator {

    /** Simulation settings (SPEC-independent: they describe the synthetic world, not the product). */
    public record Config(String province, LocalDate start, int weeks, long seed, double complaintsPerDay,
            Optional<Path> regionsTsv, boolean emerging) {

        /** Without emerging themes and vocabulary churn: the world as it was before --emerging. */
        public Config(String province, LocalDate start, int weeks, long seed, double complaintsPerDay,
                Optional<Path> regionsTsv) {
            this(province, start, weeks, seed, complaintsPerDay, regionsTsv, false);
        }

        /** The same world with emerging themes and vocabulary churn added ({@code scripts/simulate --emerging}). */
        public Config withEmerging(boolean on) {
            return new Config(province, start, weeks, seed, complaintsPerDay, regionsTsv, on);
        }

        public static Config defaults() {
            return new Config("61", LocalDate.of(2026, 3, 2), 8, 42, 4000, Optional.empty());
        }
    }

    /** Everything generated, before it is serialised. */
    public record Result(
            SimRegions regions,
            long startMillis,
            long endMillis,
            List<SimComplaint> complaints,
            List<SimOutage> outages,
            List<Incident> incidents) {}

    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;
    static final long MINUTE = 60_000L;

    /** Share of ordinary complaints by topic (consultations and the unclassifiable make up OTHER). */
    static final Map<Topic, Double> TOPIC_SHARE = new EnumMap<>(Topic.class);
    /** Complaints by hour of day: quiet nights, a morning peak and an evening peak. */
    static final double[] HOUR_PROFILE = {
        0.15, 0.08, 0.05, 0.04, 0.05, 0.10, 0.30, 0.70, 1.30, 1.70, 1.80, 1.60,
        1.10, 1.00, 1.30, 1.40, 1.40, 1.30, 1.20, 1.40, 1.50, 1.20, 0.70, 0.35
    };
    /** Faults happen at any time, somewhat more in the afternoon and evening load peak. */
    static final double[] FAULT_HOUR_PROFILE = {
        0.6, 0.5, 0.5, 0.5, 0.5, 0.6, 0.8, 0.9, 1.0, 1.0, 1.1, 1.2,
        1.3, 1.4, 1.5, 1.5, 1.4, 1.3, 1.4, 1.5, 1.4, 1.2, 0.9, 0.7
    };

    static {
        TOPIC_SHARE.put(Topic.BILLING_DISPUTE, 0.14);
        TOPIC_SHARE.put(Topic.SMART_METER, 0.10);
        TOPIC_SHARE.put(Topic.PAYMENT_CHANNEL, 0.07);
        TOPIC_SHARE.put(Topic.ARREARS_DISCONNECTION, 0.06);
        TOPIC_SHARE.put(Topic.OUTAGE_FREQUENT, 0.05);
        TOPIC_SHARE.put(Topic.OUTAGE_NO_NOTICE, 0.04);
        TOPIC_SHARE.put(Topic.OUTAGE_LONG, 0.04);
        TOPIC_SHARE.put(Topic.REPAIR_SLOW, 0.04);
        TOPIC_SHARE.put(Topic.VOLTAGE_QUALITY, 0.06);
        TOPIC_SHARE.put(Topic.SERVICE_CONDUCT, 0.06);
        TOPIC_SHARE.put(Topic.BUSINESS_PROCESS, 0.07);
        TOPIC_SHARE.put(Topic.CONSTRUCTION_IMPACT, 0.03);
        TOPIC_SHARE.put(Topic.SAFETY_HAZARD, 0.03);
        TOPIC_SHARE.put(Topic.EV_CHARGING, 0.03);
        TOPIC_SHARE.put(Topic.DISTRIBUTED_ENERGY, 0.03);
        TOPIC_SHARE.put(Topic.OTHER, 0.15);
    }

    private static final String[] CHANNELS = {"HOTLINE_95598", "APP", "WECHAT", "WEB", "WEIBO", "OTHER"};
    private static final double[] CHANNEL_SHARE = {0.55, 0.20, 0.15, 0.05, 0.02, 0.03};
    private static final String[] FAULT_CAUSES = {
        "10kV线路故障", "配变故障", "低压线路故障", "雷击跳闸", "外力破坏", "树线矛盾", "用户设备故障影响", "鸟害",
        "电缆故障", "设备过载"
    };
    private static final String[] PLANNED_CAUSES = {"计划检修", "线路改造", "配网工程施工", "设备预试", "迁改工程"};
    private static final DateTimeFormatter YMD = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final Config config;
    private final SimRegions regions;
    private final List<County> counties;
    private final double[] weight;
    private final Map<String, Integer> countyIndex = new HashMap<>();
    private final String[][] feeders;
    private final String[][][] stationAreas;
    private final int[] customerPool;
    private final long startMillis;
    private final int days;
    private final long endMillis;
    private final double[][] dayFactor;
    private final double[] provinceDayFactor;
    /**
     * The true intensity of every complaint process but the injected surges (ordinary traffic and the complaints
     * outages draw), expected complaints per county, topic and hour: what the scorer's reference detector knows.
     */
    private final float[][][] intensity;

    private final Random complaintRandom;
    private final Random outageRandom;
    private final Random incidentRandom;
    private final Random textRandom;
    private final TextWriter texts;

    /** Writes a complaint's text from the text stream alone (ComplaintTexts; tests swap it to show events don't move). */
    @FunctionalInterface
    interface TextWriter {
        String write(Topic topic, Random textRandom, ComplaintTexts.Scene scene, String channel, boolean hashtag);
    }

    private final List<SimComplaint> complaints = new ArrayList<>();
    private final List<SimOutage> outages = new ArrayList<>();
    private final List<Incident> incidents = new ArrayList<>();
    private final Set<String> reserved = new HashSet<>();
    private int complaintSeq;
    private int outageSeq;

    public Simulator(Config config) {
        this(config, ComplaintTexts::write);
    }

    Simulator(Config config, TextWriter texts) {
        this.config = config;
        this.texts = texts;
        this.regions = SimRegions.load(config.province(), config.regionsTsv());
        this.counties = regions.counties();
        this.startMillis = config.start().atStartOfDay().toInstant(Timestamps.CHINA).toEpochMilli();
        this.days = config.weeks() * 7;
        this.endMillis = startMillis + days * DAY;
        Random setup = new Random(config.seed() * 7919 + 1);
        this.complaintRandom = new Random(config.seed() * 7919 + 2);
        this.outageRandom = new Random(config.seed() * 7919 + 3);
        this.incidentRandom = new Random(config.seed() * 7919 + 4);
        this.textRandom = new Random(config.seed() * 7919 + 5);

        int n = counties.size();
        for (int i = 0; i < n; i++) {
            countyIndex.put(counties.get(i).code(), i);
        }
        // Zipf-like sizes; urban districts and the capital's counties tend to be the large ones.
        String capital = regions.cityCodes().get(0);
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            County c = counties.get(i);
            score[i] = setup.nextDouble() * (c.name().endsWith("区") ? 3 : 1) * (c.cityCode().equals(capital) ? 2 : 1);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        weight = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            weight[order[rank]] = 1.0 / Math.pow(rank + 1, 0.85);
            sum += weight[order[rank]];
        }
        double gridSum = 0;
        for (int i = 0; i < n; i++) {
            weight[i] /= sum;
            gridSum += Math.pow(weight[i], 0.6);
        }
        feeders = new String[n][];
        stationAreas = new String[n][][];
        customerPool = new int[n];
        for (int i = 0; i < n; i++) {
            String code = counties.get(i).code();
            int feederCount = Math.max(6, (int) Math.round(4000 * Math.pow(weight[i], 0.6) / gridSum));
            feeders[i] = new String[feederCount];
            stationAreas[i] = new String[feederCount][];
            for (int f = 0; f < feederCount; f++) {
                feeders[i][f] = String.format("F%s%03d", code, f + 1);
                int areas = 6 + setup.nextInt(9);
                stationAreas[i][f] = new String[areas];
                for (int a = 0; a < areas; a++) {
                    stationAreas[i][f][a] = String.format("TQ%s%03d%02d", code, f + 1, a + 1);
                }
            }
            customerPool[i] = (int) Math.max(20_000, Math.min(9_000_000, weight[i] * config.complaintsPerDay() * 2000));
        }
        // Over-dispersion: a county's day is busier or quieter than its mean (gamma-Poisson), and so is the province's.
        intensity = new float[n][Topic.values().length][days * 24];
        dayFactor = new double[n][days];
        provinceDayFactor = new double[days];
        for (int d = 0; d < days; d++) {
            provinceDayFactor[d] = gammaMeanOne(setup, 60);
            for (int i = 0; i < n; i++) {
                dayFactor[i][d] = gammaMeanOne(setup, 25);
            }
        }
    }

    public SimRegions regions() {
        return regions;
    }

    /** Runs the whole simulation. */
    public Result run() {
        generateBackgroundComplaints();
        generateBackgroundOutages();
        injectIncidents();
        if (config.emerging()) {
            // Own random streams, drawn after everything else: the world without --emerging is byte-identical.
            int warmup = Math.min(14, days / 4);
            new EmergingInjector(this, config.seed(), warmup, days - 2).inject();
        }
        complaints.sort(java.util.Comparator.comparingLong(SimComplaint::receivedAt));
        outages.sort(java.util.Comparator.comparingLong(SimOutage::startedAt));
        List<Incident> truth = GroundTruth.derive(this, complaints, outages, incidents);
        return new Result(regions, startMillis, endMillis, List.copyOf(complaints), List.copyOf(outages), truth);
    }

    // ---------------------------------------------------------------- ordinary traffic

    private void generateBackgroundComplaints() {
        for (int d = 0; d < days; d++) {
            long dayStart = startMillis + d * DAY;
            for (int c = 0; c < counties.size(); c++) {
                for (Topic topic : Topic.values()) {
                    double mean = expectedDaily(c, topic, d) * dayFactor[c][d] * provinceDayFactor[d];
                    addDailyIntensity(c, topic, d, mean);
                    int count = poisson(complaintRandom, mean);
                    for (int k = 0; k < count; k++) {
                        long at = dayStart + sampleTimeOfDay(complaintRandom, HOUR_PROFILE);
                        SimComplaint first = addComplaint(complaintRandom, c, topic, at, maybeCustomer(complaintRandom, c),
                                null, null, null, ComplaintTexts.Scene.none(), 1);
                        // Some customers call back about the same matter a few hours or a day later.
                        if (first.customerId() != null) {
                            addIntensity(c, topic, at + HOUR * 2, Math.min(endMillis, at + HOUR * 48), 0.03);
                        }
                        if (first.customerId() != null && complaintRandom.nextDouble() < 0.03) {
                            long again = at + HOUR * 2 + (long) (complaintRandom.nextDouble() * 46 * HOUR);
                            if (again < endMillis) {
                                addComplaint(complaintRandom, c, topic, again, first.customerId(), first.stationAreaId(),
                                        first.feederId(), null, ComplaintTexts.Scene.none(), 2);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The ordinary expected daily count of one topic in one county on day {@code d}, without noise. */
    double expectedDaily(int county, Topic topic, int d) {
        LocalDate date = config.start().plusDays(d);
        double weekday = switch (date.getDayOfWeek()) {
            case MONDAY -> 1.15;
            case TUESDAY -> 1.05;
            case FRIDAY -> 0.95;
            case SATURDAY -> 0.80;
            case SUNDAY -> 0.75;
            default -> 1.0;
        };
        double billing = 1.0;
        if (isBillingTopic(topic)) {
            // Bills are issued at the start of the month: disputes and payment questions follow for a few days.
            billing = switch (date.getDayOfMonth()) {
                case 1 -> 1.6;
                case 2 -> 1.9;
                case 3 -> 1.5;
                case 4 -> 1.2;
                default -> 1.0;
            };
        }
        return config.complaintsPerDay() * weight[county] * TOPIC_SHARE.get(topic) * weekday * billing;
    }

    /** A day's expected ordinary count of a county and topic, spread over the hours by the hour profile. */
    private void addDailyIntensity(int c, Topic topic, int d, double mean) {
        double profileSum = java.util.Arrays.stream(HOUR_PROFILE).sum();
        float[] hours = intensity[c][topic.ordinal()];
        for (int h = 0; h < 24; h++) {
            hours[d * 24 + h] += (float) (mean * HOUR_PROFILE[h] / profileSum);
        }
    }

    /** {@code expected} complaints spread evenly over [from, to) (an outage's complainants). */
    private void addIntensity(int c, Topic topic, long from, long to, double expected) {
        float[] hours = intensity[c][topic.ordinal()];
        double perMilli = expected / Math.max(1, to - from);
        for (long t = from; t < to; ) {
            int h = (int) Math.floorDiv(t - startMillis, HOUR);
            long hourEnd = startMillis + (h + 1L) * HOUR;
            long next = Math.min(to, hourEnd);
            if (h >= 0 && h < hours.length) {
                hours[h] += (float) (perMilli * (next - t));
            }
            t = next;
        }
    }

    /**
     * The true expected count of every complaint process but the injected surges, for county {@code c} and
     * {@code topic} in hour {@code hour} of the period (0 = the first hour).
     */
    public double trueIntensity(int c, Topic topic, int hour) {
        return intensity[c][topic.ordinal()][hour];
    }

    static boolean isBillingTopic(Topic topic) {
        return topic == Topic.BILLING_DISPUTE || topic == Topic.PAYMENT_CHANNEL || topic == Topic.ARREARS_DISCONNECTION;
    }

    /** Expected ordinary count of a topic in a county between two instants, following the hour profile. */
    double expectedBetween(int county, Topic topic, long from, long to) {
        double total = 0;
        double profileSum = java.util.Arrays.stream(HOUR_PROFILE).sum();
        for (long t = from; t < to; t += HOUR) {
            int d = (int) Math.min(days - 1, Math.max(0, (t - startMillis) / DAY));
            int hour = (int) (((t - startMillis) % DAY) / HOUR);
            double fraction = Math.min(1.0, (to - t) / (double) HOUR);
            total += expectedDaily(county, topic, d) * HOUR_PROFILE[hour] / profileSum * fraction;
        }
        return total;
    }

    private void generateBackgroundOutages() {
        for (int d = 0; d < days; d++) {
            long dayStart = startMillis + d * DAY;
            // Weather makes some days worse than others for faults.
            int unplanned = poisson(outageRandom, 20 * gammaMeanOne(outageRandom, 8));
            for (int k = 0; k < unplanned; k++) {
                int c = pickCountyByGrid(outageRandom);
                int f = outageRandom.nextInt(feeders[c].length);
                boolean areaLevel = outageRandom.nextDouble() < 0.55;
                String area = areaLevel ? stationAreas[c][f][outageRandom.nextInt(stationAreas[c][f].length)] : null;
                long at = dayStart + sampleTimeOfDay(outageRandom, FAULT_HOUR_PROFILE);
                addUnplannedOutage(outageRandom, c, f, area, at, null);
            }
            boolean weekend = config.start().plusDays(d).getDayOfWeek().getValue() >= 6;
            int planned = poisson(outageRandom, weekend ? 3 : 9);
            for (int k = 0; k < planned; k++) {
                int c = pickCountyByGrid(outageRandom);
                int f = outageRandom.nextInt(feeders[c].length);
                boolean areaLevel = outageRandom.nextDouble() < 0.4;
                String area = areaLevel ? stationAreas[c][f][outageRandom.nextInt(stationAreas[c][f].length)] : null;
                long at = dayStart + (8 + outageRandom.nextInt(3)) * HOUR + outageRandom.nextInt(4) * 15 * MINUTE;
                long duration = (4 + outageRandom.nextInt(6)) * HOUR;
                boolean notified = outageRandom.nextDouble() < 0.92;
                int affected = area != null ? 30 + outageRandom.nextInt(370) : 500 + outageRandom.nextInt(4500);
                SimOutage o = new SimOutage(nextOutageId(c, at), true, at, restoreWithin(at + duration),
                        counties.get(c).code(), feeders[c][f], area, affected, notified,
                        PLANNED_CAUSES[outageRandom.nextInt(PLANNED_CAUSES.length)], null);
                outages.add(o);
                if (!notified) {
                    addIntensity(c, Topic.OUTAGE_NO_NOTICE, at, at + 2 * HOUR, 1.0);
                    int n = poisson(outageRandom, 1.0);
                    for (int i = 0; i < n; i++) {
                        long when = at + (long) (outageRandom.nextDouble() * 2 * HOUR);
                        addComplaint(outageRandom, c, Topic.OUTAGE_NO_NOTICE, when, maybeCustomer(outageRandom, c),
                                o.stationAreaId(), o.feederId(), null, ComplaintTexts.Scene.none(), 1);
                    }
                }
            }
        }
    }

    /** An unplanned outage and the few complaints customers file while it lasts. */
    SimOutage addUnplannedOutage(Random random, int c, int f, String area, long at, String incidentId) {
        double minutes = Math.exp(Math.log(90) + 0.8 * random.nextGaussian());
        long duration = (long) (Math.max(15, Math.min(1440, minutes)) * MINUTE);
        int affected = area != null ? 30 + random.nextInt(370) : 500 + random.nextInt(5500);
        // Station-area outages usually name their feeder too; some upstream systems leave it out.
        String feeder = area == null || random.nextDouble() < 0.85 ? feeders[c][f] : null;
        SimOutage o = new SimOutage(nextOutageId(c, at), false, at, restoreWithin(at + duration),
                counties.get(c).code(), feeder, area, affected, null,
                FAULT_CAUSES[random.nextInt(FAULT_CAUSES.length)], incidentId);
        outages.add(o);
        double mean = Math.min(2.5, affected / 800.0);
        long from = at + 10 * MINUTE;
        long to = from + duration + 30 * MINUTE;
        addIntensity(c, Topic.OUTAGE_LONG, from, to, 0.35 * mean);
        addIntensity(c, Topic.REPAIR_SLOW, from, to, 0.25 * mean);
        addIntensity(c, Topic.OUTAGE_NO_NOTICE, from, to, 0.15 * mean);
        addIntensity(c, Topic.OUTAGE_FREQUENT, from, to, 0.25 * mean);
        int n = poisson(random, mean);
        for (int i = 0; i < n; i++) {
            long when = at + 10 * MINUTE + (long) (random.nextDouble() * (duration + 30 * MINUTE));
            double u = random.nextDouble();
            Topic topic = u < 0.35 ? Topic.OUTAGE_LONG : u < 0.6 ? Topic.REPAIR_SLOW
                    : u < 0.75 ? Topic.OUTAGE_NO_NOTICE : Topic.OUTAGE_FREQUENT;
            if (when < endMillis) {
                addComplaint(random, c, topic, when, maybeCustomer(random, c), area, feeders[c][f], null,
                        ComplaintTexts.Scene.none(), 1);
            }
        }
        return o;
    }

    private Long restoreWithin(long restoredAt) {
        return restoredAt < endMillis ? restoredAt : null;
    }

    // ---------------------------------------------------------------- injected incidents

    private void injectIncidents() {
        int warmup = Math.min(14, days / 4);
        int lastDay = days - 2;
        double scale = Math.max(0.2, (lastDay - warmup) / 42.0);
        Injector injector = new Injector(this, incidentRandom, warmup, lastDay);
        injector.provinceRise(1);
        injector.citySurges(count(2, scale));
        injector.crossDiscipline(count(3, scale));
        injector.countySurges(count(8, scale));
        injector.outageRepeats(count(5, scale));
        injector.repeatComplainants(count(6, scale));
        injector.loudCallers(count(2, scale));
        // Rises at city and province level of other sizes and shapes (drawn last, so the incidents above stay as
        // they were): a thin, long city-wide rise and a short, sharp province-wide one.
        injector.citySurges(3, 1, Topic.SMART_METER, 2, 3, 12, 24, 30, "a meter firmware push");
        injector.provinceRise(2, 1, Topic.PAYMENT_CHANNEL, 3, 4, 4, 8, "the payment app fails province-wide");
    }

    private static int count(int base, double scale) {
        return Math.max(1, (int) Math.round(base * scale));
    }

    // ---------------------------------------------------------------- record factories shared with Injector

    SimComplaint addComplaint(Random random, int c, Topic topic, long at, String customerId, String stationAreaId,
            String feederId, String incidentId, ComplaintTexts.Scene scene, int callNumber) {
        ComplaintTexts.Scene textScene = callNumber >= 2 && !scene.repeatCaller()
                ? new ComplaintTexts.Scene(scene.place(), true, callNumber) : scene;
        return addComplaint(random, c, topic, at, customerId, stationAreaId, feederId, incidentId,
                (channel, hashtag) -> texts.write(topic, textRandom, textScene, channel, hashtag), Simulator::hintOf);
    }

    /** An upstream category hint: present on about 35%, and 15% of those are wrong. */
    private static String hintOf(Random random, Topic topic) {
        if (random.nextDouble() < 0.35) {
            return random.nextDouble() < 0.85 ? topic.name()
                    : Topic.values()[random.nextInt(Topic.values().length)].name();
        }
        return null;
    }

    /** How a complaint's text is written once its channel is drawn. */
    @FunctionalInterface
    interface TextFor {
        String write(String channel, boolean hashtag);
    }

    /** How the filing agent or upstream system hints its category (null: no hint). */
    @FunctionalInterface
    interface CategoryFor {
        String hint(Random random, Topic topic);
    }

    /**
     * A complaint whose text and category hint come from the caller (an emerging theme's wording, which no topic's
     * grammar has); grid place, channel and id as for every complaint.
     */
    SimComplaint addComplaint(Random random, int c, Topic topic, long at, String customerId, String incidentId,
            TextFor text, CategoryFor category) {
        return addComplaint(random, c, topic, at, customerId, null, null, incidentId, text, category);
    }

    private SimComplaint addComplaint(Random random, int c, Topic topic, long at, String customerId,
            String stationAreaId, String feederId, String incidentId, TextFor textFor, CategoryFor categoryFor) {
        County county = counties.get(c);
        String area = stationAreaId;
        String feeder = feederId;
        if (area == null && feeder == null) {
            double gridShare = topic.isSupply() ? 0.65 : 0.2;
            if (random.nextDouble() < gridShare) {
                int[] place = customerId != null ? placeOfCustomer(c, customerId) : randomPlace(random, c);
                double u = random.nextDouble();
                area = u < 0.9 ? stationAreas[c][place[0]][place[1]] : null;
                feeder = u < 0.7 || u >= 0.9 ? feeders[c][place[0]] : null;
            }
        }
        // The event draws (channel, whether a Weibo post has a hashtag) come from this complaint's own stream, the
        // wording only from textRandom: changing how texts are written never moves an event.
        String channel = pickChannel(random);
        boolean hashtag = channel.equals("WEIBO") && random.nextBoolean();
        String text = textFor.write(channel, hashtag);
        String category = categoryFor.hint(random, topic);
        String id = "GD" + YMD.format(Instant.ofEpochMilli(at).atOffset(Timestamps.CHINA))
                + county.code() + String.format("%07d", ++complaintSeq);
        SimComplaint complaint = new SimComplaint(id, at, channel, county.code(), area, feeder, customerId, category,
                text, topic, incidentId);
        complaints.add(complaint);
        return complaint;
    }

    /** The complaints generated so far, in generation order (vocabulary churn rewrites some of their texts). */
    List<SimComplaint> complaintsSoFar() {
        return java.util.Collections.unmodifiableList(complaints);
    }

    /** Replaces the complaint at {@code index} of {@link #complaintsSoFar()} (same id and events, another text). */
    void replaceComplaint(int index, SimComplaint complaint) {
        complaints.set(index, complaint);
    }

    String nextOutageId(int c, long at) {
        return "TD" + YMD.format(Instant.ofEpochMilli(at).atOffset(Timestamps.CHINA)) + counties.get(c).code()
                + String.format("%05d", ++outageSeq);
    }

    void addOutage(SimOutage outage) {
        outages.add(outage);
    }

    /** About 80% of complainants are identified by their customer number. */
    String maybeCustomer(Random random, int c) {
        return random.nextDouble() < 0.8 ? newCustomer(random, c) : null;
    }

    String newCustomer(Random random, int c) {
        return "C" + counties.get(c).code() + String.format("%07d", random.nextInt(customerPool[c]));
    }

    /** A customer lives in one station area: derive it from the customer number so it is stable. */
    int[] placeOfCustomer(int c, String customerId) {
        int h = Math.floorMod(customerId.hashCode() * 0x9E3779B1, 1 << 30);
        int f = h % feeders[c].length;
        int a = (h / feeders[c].length) % stationAreas[c][f].length;
        return new int[] {f, a};
    }

    int[] randomPlace(Random random, int c) {
        int f = random.nextInt(feeders[c].length);
        return new int[] {f, random.nextInt(stationAreas[c][f].length)};
    }

    int pickCountyByGrid(Random random) {
        int total = 0;
        for (String[] f : feeders) {
            total += f.length;
        }
        int r = random.nextInt(total);
        for (int c = 0; c < feeders.length; c++) {
            r -= feeders[c].length;
            if (r < 0) {
                return c;
            }
        }
        return feeders.length - 1;
    }

    /** A county drawn with probability proportional to weight^power (power 0 = uniform). */
    int pickCounty(Random random, double power) {
        double total = 0;
        for (double w : weight) {
            total += Math.pow(w, power);
        }
        double r = random.nextDouble() * total;
        for (int c = 0; c < weight.length; c++) {
            r -= Math.pow(weight[c], power);
            if (r < 0) {
                return c;
            }
        }
        return weight.length - 1;
    }

    private static String pickChannel(Random random) {
        double u = random.nextDouble();
        for (int i = 0; i < CHANNELS.length; i++) {
            u -= CHANNEL_SHARE[i];
            if (u < 0) {
                return CHANNELS[i];
            }
        }
        return "OTHER";
    }

    /** Reserves a key (e.g. county and day) so two injected incidents do not land on each other. */
    boolean reserve(String key) {
        return reserved.add(key);
    }

    boolean isReserved(String key) {
        return reserved.contains(key);
    }

    void addIncident(Incident incident) {
        incidents.add(incident);
    }

    /** The incidents injected so far. */
    List<Incident> incidents() {
        return incidents;
    }

    public List<County> counties() {
        return counties;
    }

    int countyIndex(String code) {
        return countyIndex.get(code);
    }

    double weight(int c) {
        return weight[c];
    }

    String[] feedersOf(int c) {
        return feeders[c];
    }

    String[] stationAreasOf(int c, int f) {
        return stationAreas[c][f];
    }

    public long startMillis() {
        return startMillis;
    }

    long endMillis() {
        return endMillis;
    }

    public int days() {
        return days;
    }

    LocalDate dateOf(int day) {
        return config.start().plusDays(day);
    }

    boolean isWeekend(int day) {
        DayOfWeek dow = config.start().plusDays(day).getDayOfWeek();
        return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
    }

    // ---------------------------------------------------------------- random helpers

    static long sampleTimeOfDay(Random random, double[] profile) {
        double total = 0;
        for (double p : profile) {
            total += p;
        }
        double r = random.nextDouble() * total;
        int hour = 0;
        while (hour < 23 && r >= profile[hour]) {
            r -= profile[hour];
            hour++;
        }
        return hour * HOUR + (long) (random.nextDouble() * HOUR) / 1000 * 1000;
    }

    static int poisson(Random random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double p = random.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= random.nextDouble();
            k++;
        }
        return k;
    }

    /** Gamma(shape, 1/shape): mean 1, coefficient of variation 1/sqrt(shape) (Marsaglia–Tsang). */
    static double gammaMeanOne(Random random, double shape) {
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v / shape;
            }
        }
    }
}
