package org.powerhotspots.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.powerhotspots.detect.Traffic.DAY;
import static org.powerhotspots.detect.Traffic.HOUR;
import static org.powerhotspots.detect.Traffic.START;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.powerhotspots.domain.Discipline;
import org.powerhotspots.domain.Topic;

/** EMERGING_ISSUE (SPEC behaviours 9 and 10) on the functional core, over four weeks of ordinary traffic. */
class EmergingIssueDetectorTest {
    private static final List<Topic> TOPICS = List.of(Topic.OUTAGE_FREQUENT, Topic.VOLTAGE_QUALITY,
            Topic.BILLING_DISPUTE, Topic.SMART_METER, Topic.SERVICE_CONDUCT);
    private static final List<String> SCAM = List.of("冒充", "上门收费", "假工作人员", "骗子");
    private static final long THEME_START = START + 16 * DAY + 8 * HOUR;
    private final DetectionConfig config = DetectionConfig.defaults();

    private static Traffic ordinary(long seed) {
        return new Traffic(seed).ordinary(28, 0.15, TOPICS);
    }

    /** The EMERGING_ISSUE emissions of a run, grouped by alert id in order. */
    private Map<String, List<HotspotAlert>> emerging(Traffic traffic) {
        return emerging(new OfflineDetection(config).run(traffic.complaints(), List.of()).alerts());
    }

    private static Map<String, List<HotspotAlert>> emerging(List<HotspotAlert> alerts) {
        Map<String, List<HotspotAlert>> byId = new LinkedHashMap<>();
        for (HotspotAlert a : alerts) {
            if (a.type() == AlertType.EMERGING_ISSUE) {
                byId.computeIfAbsent(a.alertId(), k -> new ArrayList<>()).add(a);
            }
        }
        return byId;
    }

    @Test
    void aNewThemeOfAFewDozenCustomersOfOneCountyRaisesOneAlertNamingItsTermsThere() {
        Traffic traffic = ordinary(3).theme(List.of("610322"), SCAM, List.of(Topic.OTHER, Topic.SERVICE_CONDUCT),
                THEME_START, THEME_START + 30 * HOUR, 30);
        Map<String, List<HotspotAlert>> alerts = emerging(traffic);
        assertEquals(1, alerts.size(), alerts.toString());
        List<HotspotAlert> life = alerts.values().iterator().next();
        HotspotAlert open = life.get(0);
        assertEquals(AlertStatus.OPEN, open.status());
        assertEquals(RegionLevel.COUNTY, open.regionLevel());
        assertEquals("610322", open.regionCode());
        assertEquals(null, open.topic());
        assertTrue(open.windowStart() >= THEME_START && open.detectedAt() <= THEME_START + 30 * HOUR,
                "found while the theme runs: " + open);
        List<String> terms = open.evidence().terms().stream().map(HotspotAlert.KeywordCount::keyword).toList();
        assertTrue(terms.stream().filter(SCAM::contains).count() >= 2, "the theme's terms: " + terms);
        assertTrue(terms.stream().allMatch(SCAM::contains), "only the theme's terms: " + terms);
        assertEquals(java.util.Set.of(Topic.OTHER, Topic.SERVICE_CONDUCT), java.util.Set.copyOf(open.evidence().filedTopics()));
        assertTrue(open.disciplines().contains(Discipline.CUSTOMER_SERVICE));
        assertTrue(open.distinctCustomers() >= config.emergingMinCustomers);
        assertTrue(!open.evidence().complaintIds().isEmpty() && !open.evidence().sampleTexts().isEmpty());
        assertEquals(AlertStatus.RESOLVED, life.get(life.size() - 1).status(), "resolved once it has passed");
        // the same input gives the same alerts with the same ids
        assertEquals(alerts, emerging(ordinary(3).theme(List.of("610322"), SCAM,
                List.of(Topic.OTHER, Topic.SERVICE_CONDUCT), THEME_START, THEME_START + 30 * HOUR, 30)));
    }

    @Test
    void aThemeAcrossTheProvinceIsOneProvinceAlertAndAcrossACityOneCityAlert() {
        Map<String, List<HotspotAlert>> province = emerging(ordinary(4).theme(Traffic.COUNTIES,
                List.of("网上国网", "闪退", "登录不上"), List.of(Topic.PAYMENT_CHANNEL, Topic.OTHER),
                THEME_START, THEME_START + 36 * HOUR, 60));
        assertEquals(1, province.size(), province.toString());
        HotspotAlert p = province.values().iterator().next().get(0);
        assertEquals(RegionLevel.PROVINCE, p.regionLevel());
        assertEquals(Traffic.PROVINCE, p.regionCode());

        Map<String, List<HotspotAlert>> city = emerging(ordinary(5).theme(
                List.of("610302", "610303", "610304", "610322"), List.of("线路维护费", "维护费", "新增收费项目"),
                List.of(Topic.BILLING_DISPUTE, Topic.OTHER), THEME_START, THEME_START + 36 * HOUR, 40));
        assertEquals(1, city.size(), city.toString());
        HotspotAlert c = city.values().iterator().next().get(0);
        assertEquals(RegionLevel.CITY, c.regionLevel());
        assertEquals("610300", c.regionCode());
    }

    @Test
    void oneThemeWordedManyWaysIsOneAlertNotOnePerWording() {
        // The app's name is ordinary vocabulary (people pay with it every day); after an update, customers across the
        // province each tell one symptom, and the symptoms never meet in one complaint: only the app's name joins them.
        Map<String, List<HotspotAlert>> alerts = emerging(appFailure("网上国网"));
        assertEquals(1, alerts.size(), "one incident for the app's failure: " + alerts);
        List<String> terms = new ArrayList<>();
        alerts.values().iterator().next().forEach(a -> a.evidence().terms().forEach(t -> terms.add(t.keyword())));
        assertTrue(APP_SYMPTOMS.stream().anyMatch(terms::contains), "its wordings are its terms: " + terms);
        // the control: the same symptoms with no word in common are separate themes
        assertTrue(emerging(appFailure(null)).size() >= 2, "without the shared context they are not joined");
    }

    private static final List<String> APP_SYMPTOMS = List.of("闪退白屏", "人脸识别失败", "登录不上去", "余额看不到");

    /** Four weeks in which an app is ordinary vocabulary, then 64 customers each telling one symptom of its failure. */
    private static Traffic appFailure(String appName) {
        Traffic traffic = ordinary(10);
        for (int i = 0; i < 28 * 12; i++) {
            traffic.add(Traffic.COUNTIES.get(i % Traffic.COUNTIES.size()), Topic.BILLING_DISPUTE,
                    START + i * 2 * HOUR + 17 * 60_000L, null, List.of("网上国网", "交电费"));
        }
        for (int i = 0; i < 64; i++) {
            String symptom = APP_SYMPTOMS.get(i % APP_SYMPTOMS.size());
            traffic.add(Traffic.COUNTIES.get(i % Traffic.COUNTIES.size()), i % 2 == 0 ? Topic.PAYMENT_CHANNEL : Topic.OTHER,
                    THEME_START + i * 30 * 60_000L, null, appName == null ? List.of(symptom) : List.of(appName, symptom));
        }
        return traffic;
    }

    @Test
    void ordinaryTrafficAndASurgeOfATopicsUsualWordsRaiseNoEmergingIssue() {
        Traffic traffic = ordinary(6).surge("610203", Topic.SMART_METER, THEME_START, THEME_START + 10 * HOUR, 6);
        List<HotspotAlert> all = new OfflineDetection(config).run(traffic.complaints(), List.of()).alerts();
        assertTrue(all.stream().anyMatch(a -> a.type() == AlertType.COMPLAINT_SURGE && a.topic() == Topic.SMART_METER),
                "the surge itself is reported, as COMPLAINT_SURGE");
        assertEquals(Map.of(), emerging(all), "its usual words rise with it and are expected to");
    }

    @Test
    void oneCustomerRepeatingTheWordsIsNotATheme() {
        Traffic traffic = ordinary(7);
        for (int i = 0; i < 30; i++) {
            traffic.add("610104", Topic.OTHER, THEME_START + i * HOUR, "same-customer", SCAM);
        }
        assertEquals(Map.of(), emerging(traffic));
    }

    @Test
    void aTermCountsEachCustomerOnceWhileAnyOfTheirComplaintsWithItIsInTheWindow() {
        EmergingIssueDetector d = new EmergingIssueDetector(config, Traffic.PROVINCE);
        Traffic traffic = new Traffic(3);
        long t0 = START + DAY;
        d.accept(traffic.add("610104", Topic.OTHER, t0, "A", List.of("跳闸", "电表")));
        d.accept(traffic.add("610104", Topic.OTHER, t0 + 2 * HOUR, "A", List.of("跳闸")));
        d.accept(traffic.add("610104", Topic.OTHER, t0 + 4 * HOUR, "B", List.of("跳闸", "跳闸")));
        d.accept(traffic.add("610103", Topic.OTHER, t0 + 6 * HOUR, "A", List.of("跳闸"))); // A, in another county
        d.advanceTo(t0 + 8 * HOUR);
        assertEquals(3, d.customersOf("跳闸", null), "A and B here, A again there");
        assertEquals(2, d.customersOf("跳闸", "610104"));
        assertEquals(1, d.customersOf("电表", null));
        long window = config.emergingWindow;
        d.advanceTo(t0 + window + HOUR); // A's first complaint has left the window
        assertEquals(3, d.customersOf("跳闸", null), "A's second complaint still says it");
        assertEquals(0, d.customersOf("电表", null));
        d.advanceTo(t0 + window + 3 * HOUR); // and A's second here
        assertEquals(1, d.customersOf("跳闸", "610104"), "B alone here");
        assertEquals(2, d.customersOf("跳闸", null));
        d.advanceTo(t0 + window + 7 * HOUR);
        assertEquals(0, d.customersOf("跳闸", null));
    }

    @Test
    void oneNewWordInManyContextsIsNotAThemeUsedAlike() {
        // a festival: many customers say it, each about something else
        Traffic traffic = ordinary(8).theme(List.of("610104"), List.of("春节"), TOPICS, THEME_START,
                THEME_START + 30 * HOUR, 40);
        assertEquals(Map.of(), emerging(traffic));
    }

    @Test
    void aSeasonalWordsPhraseRisingWithTheWordIsNotATheme() {
        // 春灌 is known for two weeks, a third of the time in its phrase 春灌浇地正忙; a dry spell makes it eight times
        // as common for two days. The word alone is one word in many contexts; its phrase's pieces rise with it.
        assertEquals(Map.of(), emerging(seasonalWordJumps(List.of("浇地", "春灌浇地"))));
        // the control: a new word told beside the season's word (pumps burning out) is a theme
        Map<String, List<HotspotAlert>> pumps = emerging(seasonalWordJumps(List.of("水泵烧了")));
        assertEquals(1, pumps.size(), pumps.toString());
        List<String> terms = pumps.values().iterator().next().get(0).evidence().terms().stream()
                .map(HotspotAlert.KeywordCount::keyword).toList();
        assertTrue(terms.contains("水泵烧了"), terms.toString());
    }

    /**
     * 春灌 in 3 ordinary complaints a day across the province for 16 days, one in three also with 浇地/春灌浇地 (its
     * usual phrase); then 25 a day for two days, one in three with {@code jumpPieces}.
     */
    private static Traffic seasonalWordJumps(List<String> jumpPieces) {
        Traffic traffic = ordinary(11);
        java.util.Random random = new java.util.Random(11);
        for (int day = 0; day < 18; day++) {
            boolean jump = day >= 16;
            int mentions = jump ? 25 : 3;
            for (int i = 0; i < mentions; i++) {
                Topic topic = TOPICS.get(random.nextInt(TOPICS.size()));
                List<String> terms = new ArrayList<>(List.of(topic.name().toLowerCase() + "-w1", "春灌"));
                if (i % 3 == 0) {
                    terms.addAll(jump ? jumpPieces : List.of("浇地", "春灌浇地"));
                }
                traffic.add(Traffic.COUNTIES.get(random.nextInt(Traffic.COUNTIES.size())), topic,
                        START + day * DAY + 8 * HOUR + random.nextInt(12) * HOUR, null, terms);
            }
        }
        return traffic;
    }

    @Test
    void vocabularyThatArrivesSlowlyIsLearntBeforeItIsLoud() {
        // a new estate's words: from none to 15 customers a day over three weeks, in one county
        Traffic traffic = ordinary(9);
        List<String> estate = List.of("翠湖湾", "翠湖湾物业", "新交房");
        for (int day = 0; day < 21; day++) {
            int customers = Math.round(15f * day / 20);
            traffic.theme(List.of("610111"), estate, TOPICS, START + (7 + day) * DAY, START + (8 + day) * DAY, customers);
        }
        assertEquals(Map.of(), emerging(traffic));
    }

    @Test
    void aProvincesStateIsBoundedByItsSettings() {
        DetectionConfig small = config.with("emerging.maxRecent", "300").with("emerging.maxTerms", "500");
        Traffic traffic = ordinary(10);
        EmergingIssueDetector d = new EmergingIssueDetector(small, Traffic.PROVINCE);
        for (ComplaintSignal c : traffic.complaints()) {
            d.accept(c);
        }
        d.advanceTo(START + 29 * DAY);
        var state = d.snapshot();
        assertTrue(state.entries().size() <= 300, "window entries " + state.entries().size());
        long terms = state.head().getTermWeights().stream().map(w -> w.getTerm()).distinct().count();
        assertTrue(terms <= 500 + 500 / 4, "baseline terms " + terms);
        assertTrue(terms > 100, "it still learns: " + terms);
    }
}
