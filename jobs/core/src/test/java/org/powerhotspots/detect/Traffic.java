package org.powerhotspots.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.powerhotspots.domain.Topic;

/** Synthetic complaint traffic for tests: Poisson counts with daily, weekly and billing-day rhythm. */
public final class Traffic {
    public static final long HOUR = 3_600_000L;
    public static final long DAY = 24 * HOUR;
    /** 2026-03-02T00:00+08:00, a Monday. */
    public static final long START = 1772380800000L;
    public static final String PROVINCE = "610000";
    public static final List<String> COUNTIES = List.of(
            "610102", "610103", "610104", "610111",
            "610202", "610203", "610204", "610222",
            "610302", "610303", "610304", "610322");
    /** Relative size of each county (some big, some small). */
    public static final double[] WEIGHT = {2.0, 1.0, 0.6, 1.4, 0.8, 1.2, 0.5, 1.0, 1.5, 0.7, 0.9, 1.1};
    /** Complaints per hour per unit-weight county at the daily mean, by hour of day (local). */
    public static final double[] HOUR_PROFILE = {
        0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 2.0, 2.5, 2.4, 2.0,
        1.5, 1.6, 1.8, 1.8, 1.6, 1.4, 1.2, 1.1, 1.0, 0.8, 0.5, 0.3};

    private final Random random;
    /** The words of ordinary complaints come from their own stream, so adding them left every other draw as it was. */
    private final Random words;
    private final List<ComplaintSignal> complaints = new ArrayList<>();
    private int nextId;
    /** The first hour of {@link #ordinary} traffic (a Monday by default). */
    private long origin = START;
    /** Bills go out on this day of the month, from {@link #billingFrom} on. */
    private int billingDayOfMonth = 1;
    private long billingFrom = Long.MIN_VALUE;

    public Traffic(long seed) {
        this.random = new Random(seed);
        this.words = new Random(seed * 31 + 7);
    }

    /** Ordinary traffic starts at {@code origin} (a Monday; default {@link #START}). */
    public Traffic startingAt(long origin) {
        this.origin = origin;
        return this;
    }

    /** Bills go out on {@code dayOfMonth} (local), from {@code from} on (default: the 1st, always). */
    public Traffic billingDay(int dayOfMonth, long from) {
        this.billingDayOfMonth = dayOfMonth;
        this.billingFrom = from;
        return this;
    }

    public List<ComplaintSignal> complaints() {
        return complaints;
    }

    /**
     * Ordinary traffic for {@code days} days: {@code ratePerHour} per topic per unit-weight county at
     * the daily mean, Mondays x1.4, weekends x0.7, and the billing day (the 1st unless {@link #billingDay} says otherwise) x2.5 for billing topics.
     */
    public Traffic ordinary(int days, double ratePerHour, List<Topic> topics) {
        for (long h = 0; h < days * 24L; h++) {
            long hourStart = origin + h * HOUR;
            int hourOfDay = (int) (h % 24);
            int dayIndex = (int) (h / 24);
            double weekday = dayIndex % 7 == 0 ? 1.4 : (dayIndex % 7 >= 5 ? 0.7 : 1.0);
            // Bills go out on a calendar day (the 1st, local time), as they do in the simulator and in life.
            boolean billingDay = hourStart >= billingFrom && java.time.Instant.ofEpochMilli(hourStart)
                    .atOffset(java.time.ZoneOffset.ofHours(8)).getDayOfMonth() == billingDayOfMonth;
            for (Topic topic : topics) {
                double billing = billingDay && topic == Topic.BILLING_DISPUTE ? 2.5 : 1.0;
                for (int c = 0; c < COUNTIES.size(); c++) {
                    double mean = ratePerHour * WEIGHT[c] * HOUR_PROFILE[hourOfDay] * weekday * billing;
                    int n = poisson(mean);
                    for (int i = 0; i < n; i++) {
                        add(COUNTIES.get(c), topic, hourStart + (long) (random.nextDouble() * HOUR), null);
                    }
                }
            }
        }
        return this;
    }

    /** {@code perHour} extra complaints per hour in one county and topic, from distinct customers. */
    public Traffic surge(String county, Topic topic, long from, long to, double perHour) {
        for (long t = from; t < to; t += HOUR) {
            int n = poisson(perHour);
            for (int i = 0; i < n; i++) {
                add(county, topic, t + (long) (random.nextDouble() * Math.min(HOUR, to - t)), null);
            }
        }
        return this;
    }

    /** Multiplies one topic in every county by {@code factor} over [from, to) (added on top of ordinary). */
    public Traffic regionWideRise(List<String> counties, Topic topic, long from, long to, double extraPerHourPerWeight) {
        for (long t = from; t < to; t += HOUR) {
            int hourOfDay = (int) Math.floorMod((t - START) / HOUR, 24);
            for (int c = 0; c < COUNTIES.size(); c++) {
                if (!counties.contains(COUNTIES.get(c))) {
                    continue;
                }
                int n = poisson(extraPerHourPerWeight * WEIGHT[c] * HOUR_PROFILE[hourOfDay]);
                for (int i = 0; i < n; i++) {
                    add(COUNTIES.get(c), topic, t + (long) (random.nextDouble() * HOUR), null);
                }
            }
        }
        return this;
    }

    public ComplaintSignal add(String county, Topic topic, long time, String customer) {
        return add(county, topic, time, customer, ordinaryTerms(topic));
    }

    /** A complaint with the given theme terms. */
    public ComplaintSignal add(String county, Topic topic, long time, String customer, List<String> terms) {
        String id = "C" + (nextId++);
        String cust = customer != null ? customer : "cust-" + random.nextInt(50_000_000);
        ComplaintSignal c = new ComplaintSignal(id, time, county, cust, List.of(topic),
                List.of(topic.name().toLowerCase(), "kw" + random.nextInt(5)), "投诉 " + topic.label() + " " + id, terms);
        complaints.add(c);
        return c;
    }

    /**
     * The words of an ordinary complaint: a few of its topic's usual words (Zipf-like: a few common, many rare),
     * a few of the words every complaint uses, and one word seen nowhere else (a name, a typo).
     */
    private List<String> ordinaryTerms(Topic topic) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            terms.add(topic.name().toLowerCase() + "-w" + (int) Math.floor(Math.pow(40, words.nextDouble())));
        }
        for (int i = 0; i < 3; i++) {
            terms.add("common-w" + (int) Math.floor(Math.pow(300, words.nextDouble())));
        }
        terms.add("rare-" + words.nextInt(100_000_000));
        return terms;
    }

    /**
     * A new theme: {@code customers} distinct customers of the given counties (round robin) over [from, to), each using
     * two or more of the theme's terms, filed under the given topics in turn.
     */
    public Traffic theme(List<String> counties, List<String> terms, List<Topic> topics, long from, long to, int customers) {
        for (int i = 0; i < customers; i++) {
            List<String> used = new ArrayList<>(terms);
            java.util.Collections.shuffle(used, words);
            used = new ArrayList<>(used.subList(0, Math.min(used.size(), Math.max(2, used.size() - 1))));
            used.addAll(ordinaryTerms(topics.get(i % topics.size())));
            long t = from + (long) (words.nextDouble() * (to - from));
            add(counties.get(i % counties.size()), topics.get(i % topics.size()), t, null, used);
        }
        return this;
    }

    private int poisson(double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** Five weeks of a province with every alert type: surges, repeat callers, outage repeats and their overlap. */
    public static Scenario everyAlertType() {
        Traffic traffic = new Traffic(12).ordinary(35, 0.15, List.of(Topic.OUTAGE_FREQUENT, Topic.VOLTAGE_QUALITY,
                Topic.BILLING_DISPUTE, Topic.SMART_METER, Topic.SERVICE_CONDUCT));
        long t = START + 15 * DAY + 9 * HOUR;
        traffic.surge("610104", Topic.OUTAGE_FREQUENT, t, t + 5 * HOUR, 3);
        traffic.surge("610203", Topic.SMART_METER, t + 6 * DAY, t + 6 * DAY + 4 * HOUR, 4);
        traffic.regionWideRise(List.of("610302", "610303", "610304", "610322"), Topic.BILLING_DISPUTE,
                t + 12 * DAY, t + 13 * DAY, 0.8);
        for (int i = 0; i < 5; i++) {
            traffic.add("610111", Topic.SERVICE_CONDUCT, t + 2 * DAY + i * 7 * HOUR, "C-repeat");
        }
        traffic.theme(List.of("610322"), List.of("冒充", "上门收费", "假工作人员"), List.of(Topic.OTHER, Topic.SERVICE_CONDUCT),
                t + 8 * DAY, t + 8 * DAY + 20 * HOUR, 25);
        List<OutageSignal> outages = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long started = START + 8 * DAY + i * 2 * DAY;
            outages.add(new OutageSignal("O" + i, true, started, null, "610104", "F-1", "SA-1", 300));
            outages.add(new OutageSignal("O" + i, true, started, started + 2 * HOUR, "610104", "F-1", "SA-1", 300));
        }
        for (int i = 0; i < 3; i++) {
            outages.add(new OutageSignal("F" + i, true, START + 20 * DAY + i * 5 * DAY, null, "610203", "F-9", null, 10));
        }
        return new Scenario(traffic.complaints(), outages);
    }

    public record Scenario(List<ComplaintSignal> complaints, List<OutageSignal> outages) {}
}
