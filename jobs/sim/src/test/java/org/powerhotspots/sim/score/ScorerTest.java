package org.powerhotspots.sim.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long HOUR = 3_600_000L;

    private static JsonNode json(String s) {
        try {
            return MAPPER.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static List<TruthIncident> truth(String... lines) {
        List<TruthIncident> out = new ArrayList<>();
        for (String l : lines) {
            out.add(TruthIncident.fromJson(json(l)));
        }
        return out;
    }

    private static List<ScoredAlert> alerts(String... lines) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String l : lines) {
            nodes.add(json(l));
        }
        return ScoredAlert.merge(nodes);
    }

    private static ScoreReport score(List<TruthIncident> truth, List<ScoredAlert> alerts) {
        return new Scorer(6 * HOUR).score(truth, alerts, 10, 1.0);
    }

    private static final String COUNTY_SURGE = "{'id':'CS-01','type':'COMPLAINT_SURGE','region_code':'610113',"
            + "'region_level':'COUNTY','topic':'SMART_METER','start':'2026-03-20T09:00:00+08:00',"
            + "'end':'2026-03-20T15:00:00+08:00'}";

    private static String surgeAlert(String id, String code, String level, String topic, String from, String to) {
        return "{'alert_id':'" + id + "','type':'COMPLAINT_SURGE','status':'OPEN','region_code':'" + code
                + "','region_level':'" + level + "','topic':'" + topic + "','window_start':'" + from
                + "','window_end':'" + to + "','detected_at':'" + to + "'}";
    }

    @Test
    void surgeAlertForTheSameCountyTopicAndTimeIsATruePositiveWithItsDelay() {
        ScoreReport r = score(truth(COUNTY_SURGE), alerts(surgeAlert("a1", "610113", "COUNTY", "SMART_METER",
                "2026-03-20T04:00:00+08:00", "2026-03-20T09:40:00+08:00")));
        assertEquals(1.0, r.recall());
        assertEquals(1.0, r.precision());
        assertEquals(List.of(40.0), r.delaysMinutes(null));
    }

    @Test
    void linesSharingAnAlertIdCountOnceWithTheEarliestDetection() {
        ScoreReport r = score(truth(COUNTY_SURGE), alerts(
                surgeAlert("a1", "610113", "COUNTY", "SMART_METER", "2026-03-20T04:00:00+08:00",
                        "2026-03-20T10:00:00+08:00"),
                surgeAlert("a1", "610113", "COUNTY", "SMART_METER", "2026-03-20T04:00:00+08:00",
                        "2026-03-20T12:00:00+08:00").replace("OPEN", "UPDATED"),
                surgeAlert("a1", "610113", "COUNTY", "SMART_METER", "2026-03-20T04:00:00+08:00",
                        "2026-03-20T18:00:00+08:00").replace("OPEN", "RESOLVED")));
        assertEquals(1, r.count(null, Scorer.Verdict.TRUE_POSITIVE));
        assertEquals(List.of(60.0), r.delaysMinutes(null));
    }

    @Test
    void alertWithAnotherTopicOrCountyOrTooLateIsAFalseAlarm() {
        ScoreReport r = score(truth(COUNTY_SURGE), alerts(
                surgeAlert("topic", "610113", "COUNTY", "BILLING_DISPUTE", "2026-03-20T08:00:00+08:00",
                        "2026-03-20T10:00:00+08:00"),
                surgeAlert("county", "610112", "COUNTY", "SMART_METER", "2026-03-20T08:00:00+08:00",
                        "2026-03-20T10:00:00+08:00"),
                surgeAlert("late", "610113", "COUNTY", "SMART_METER", "2026-03-21T02:00:00+08:00",
                        "2026-03-21T06:00:00+08:00")));
        assertEquals(0.0, r.recall());
        assertEquals(3, r.falseAlarms());
        assertEquals(0.3, r.falseAlarmsPerCountyMonth(), 1e-9);
    }

    @Test
    void countyAlertDuringAProvinceWideRiseIsADecoyViolationAndTheProvinceAlertATruePositive() {
        String rise = "{'id':'PR-01','type':'COMPLAINT_SURGE','region_code':'610000','region_level':'PROVINCE',"
                + "'topic':'BILLING_DISPUTE','start':'2026-04-15T09:00:00+08:00','end':'2026-04-16T21:00:00+08:00',"
                + "'decoy':true,'must_not_fire':[{'type':'COMPLAINT_SURGE','region_code':'610113','region_level':"
                + "'COUNTY','topic':'BILLING_DISPUTE','start':'2026-04-15T09:00:00+08:00','end':"
                + "'2026-04-16T21:00:00+08:00'}]}";
        ScoreReport r = score(truth(rise), alerts(
                surgeAlert("p", "610000", "PROVINCE", "BILLING_DISPUTE", "2026-04-15T06:00:00+08:00",
                        "2026-04-15T12:00:00+08:00"),
                surgeAlert("c", "610113", "COUNTY", "BILLING_DISPUTE", "2026-04-15T08:00:00+08:00",
                        "2026-04-15T14:00:00+08:00")));
        assertEquals(1.0, r.recall());
        assertEquals(1, r.decoyViolations().size());
        assertEquals("c", r.decoyViolations().get(0).alert().alertId());
        assertEquals(0.5, r.precision());
    }

    @Test
    void componentAlertsOfACrossDisciplineIncidentAreTruePositivesButOnlyTheCrossAlertDetectsIt() {
        List<TruthIncident> truth = truth(
                "{'id':'XD-01','type':'CROSS_DISCIPLINE','region_code':'610328','region_level':'COUNTY',"
                        + "'station_area_id':'TQ1','topic':'OUTAGE_FREQUENT','start':'2026-03-20T14:00:00+08:00',"
                        + "'first_event_at':'2026-03-19T17:00:00+08:00','end':'2026-03-21T03:00:00+08:00'}",
                "{'id':'XD-01-CS','type':'COMPLAINT_SURGE','region_code':'610328','region_level':'COUNTY',"
                        + "'topic':'OUTAGE_FREQUENT','start':'2026-03-20T14:00:00+08:00',"
                        + "'end':'2026-03-21T03:00:00+08:00','part_of':'XD-01'}",
                "{'id':'XD-01-OR','type':'OUTAGE_REPEAT','region_code':'610328','region_level':'STATION_AREA',"
                        + "'station_area_id':'TQ1','feeder_id':'F1','start':'2026-03-20T16:00:00+08:00',"
                        + "'first_event_at':'2026-03-19T17:00:00+08:00','end':'2026-03-20T17:00:00+08:00',"
                        + "'part_of':'XD-01'}");
        ScoreReport components = score(truth, alerts(
                surgeAlert("s", "610328", "COUNTY", "OUTAGE_FREQUENT", "2026-03-20T10:00:00+08:00",
                        "2026-03-20T15:00:00+08:00"),
                "{'alert_id':'o','type':'OUTAGE_REPEAT','region_code':'610328','region_level':'FEEDER',"
                        + "'feeder_id':'F1','window_start':'2026-03-19T17:00:00+08:00',"
                        + "'window_end':'2026-03-20T16:00:00+08:00','detected_at':'2026-03-20T16:00:00+08:00'}"));
        assertEquals(1.0, components.precision());
        assertEquals(0.0, components.recall("CROSS_DISCIPLINE"));
        assertEquals(1.0, components.recall("OUTAGE_REPEAT"));

        ScoreReport withCross = score(truth, alerts("{'alert_id':'x','type':'CROSS_DISCIPLINE','region_code':"
                + "'610328','region_level':'COUNTY','topic':'OUTAGE_FREQUENT','window_start':1773990000000,"
                + "'window_end':1774000000000,'detected_at':1774000000000}"));
        assertEquals(1.0, withCross.recall("CROSS_DISCIPLINE"));
    }

    @Test
    void countyAlertInsideACitySurgeIsRelatedNotAFalseAlarm() {
        String city = "{'id':'CY-01','type':'COMPLAINT_SURGE','region_code':'610700','region_level':'CITY',"
                + "'topic':'PAYMENT_CHANNEL','start':'2026-04-20T08:00:00+08:00','end':'2026-04-20T18:00:00+08:00'}";
        ScoreReport r = score(truth(city), alerts(surgeAlert("c", "610702", "COUNTY", "PAYMENT_CHANNEL",
                "2026-04-20T06:00:00+08:00", "2026-04-20T10:00:00+08:00")));
        assertEquals(1, r.count(null, Scorer.Verdict.RELATED));
        assertEquals(0, r.falseAlarms());
        assertEquals(0.0, r.recall());
    }

    @Test
    void optionalIncidentDoesNotLowerRecallButItsAlertIsATruePositive() {
        List<TruthIncident> truth = truth(COUNTY_SURGE,
                "{'id':'OR-C01','type':'OUTAGE_REPEAT','region_code':'610113','region_level':'FEEDER',"
                        + "'feeder_id':'F9','start':'2026-03-10T10:00:00+08:00','end':'2026-03-10T12:00:00+08:00',"
                        + "'optional':true}");
        ScoreReport none = score(truth, alerts(surgeAlert("a", "610113", "COUNTY", "SMART_METER",
                "2026-03-20T08:00:00+08:00", "2026-03-20T10:00:00+08:00")));
        assertEquals(1.0, none.recall());
        ScoreReport found = score(truth, alerts("{'alert_id':'f','type':'OUTAGE_REPEAT','region_code':'610113',"
                + "'feeder_id':'F9','window_start':'2026-02-20T10:00:00+08:00','window_end':"
                + "'2026-03-10T10:05:00+08:00','detected_at':'2026-03-10T10:05:00+08:00'}"));
        assertEquals(1, found.count("OUTAGE_REPEAT", Scorer.Verdict.TRUE_POSITIVE));
    }

    @Test
    void repeatComplainantIsMatchedByItsComplaintsWhenTheAlertListsThem() {
        List<TruthIncident> truth = truth(
                "{'id':'RC-01','type':'REPEAT_COMPLAINANT','region_code':'610113','region_level':'COUNTY',"
                        + "'customer_id':'C1','complaint_ids':['g1','g2','g3'],'start':'2026-03-12T10:00:00+08:00',"
                        + "'first_event_at':'2026-03-10T10:00:00+08:00','end':'2026-03-12T10:00:00+08:00'}");
        String other = "{'alert_id':'r2','type':'REPEAT_COMPLAINANT','region_code':'610113','window_start':"
                + "'2026-03-10T00:00:00+08:00','window_end':'2026-03-12T12:00:00+08:00','detected_at':"
                + "'2026-03-12T12:00:00+08:00','evidence':{'complaint_ids':['x1','x2','x3']}}";
        ScoreReport r = score(truth, alerts(other, other.replace("r2", "r1").replace("x2", "g2")));
        assertEquals(1, r.count(null, Scorer.Verdict.TRUE_POSITIVE));
        assertEquals(1, r.falseAlarms());
        assertTrue(r.format().contains("REPEAT_COMPLAINANT"));
    }

    // ------------------------------------------------------------------------------------------ EMERGING_ISSUE

    private static final String SCAM_THEME = "{'id':'EM-03','type':'EMERGING_ISSUE','scenario':'impersonation_scam',"
            + "'region_code':'610727','region_level':'COUNTY','topic':null,'start':'2026-04-07T10:19:00+08:00',"
            + "'end':'2026-04-07T18:55:00+08:00','terms':['冒充','上门收费','换表','骗子'],"
            + "'complaint_ids':['GD202604076107270000001','GD202604076107270000002'],'decoy':false}";

    private static final String ESTATE_CHURN = "{'id':'EC-01','type':'EMERGING_ISSUE','scenario':'new_estate',"
            + "'region_code':'610113','region_level':'COUNTY','topic':null,'start':'2026-03-03T09:00:00+08:00',"
            + "'end':'2026-04-26T10:00:00+08:00','terms':['招商云璟','云璟小区'],'decoy':true,'expect_alert':false,"
            + "'must_not_fire':[{'type':'EMERGING_ISSUE','region_code':'610113','region_level':'COUNTY','topic':null,"
            + "'start':'2026-03-03T09:00:00+08:00','end':'2026-04-26T10:00:00+08:00','terms':['招商云璟','云璟小区']}]}";

    /** An EMERGING_ISSUE alert as the detector writes it: topic null, terms with counts, the topics filed under. */
    private static String emergingAlert(String id, String code, String level, String from, String detected,
            String terms) {
        return emergingAlert(id, code, level, from, detected, terms, "'GD202604076107270000002'");
    }

    private static String emergingAlert(String id, String code, String level, String from, String detected,
            String terms, String complaintIds) {
        return "{'alert_id':'" + id + "','type':'EMERGING_ISSUE','status':'OPEN','region_code':'" + code
                + "','region_level':'" + level + "','topic':null,'window_start':'" + from + "','window_end':'"
                + detected + "','detected_at':'" + detected + "','terms':" + terms
                + ",'filed_topics':['OTHER','SERVICE_CONDUCT'],'distinct_customers':24,"
                + "'evidence':{'complaint_ids':[" + complaintIds + "]}}";
    }

    @Test
    void emergingIssueAlertAtTheThemesPlaceAndTimeCitingNoneOfItsComplaintsIsAFalseAlarm() {
        // a season's word alerted in the same county while the theme runs is not the theme
        ScoreReport r = score(truth(SCAM_THEME), alerts(emergingAlert("season", "610727", "COUNTY",
                "2026-04-07T10:00:00+08:00", "2026-04-07T12:19:00+08:00", "[{'term':'春灌浇地','count':12}]",
                "'GD202604076107270000777'")));
        assertEquals(0.0, r.recall("EMERGING_ISSUE"));
        assertEquals(1, r.count("EMERGING_ISSUE", Scorer.Verdict.FALSE_ALARM));
    }

    @Test
    void emergingIssueAlertMatchesItsThemeByRegionLevelAndTimeWithItsDelay() {
        ScoreReport r = score(truth(SCAM_THEME), alerts(emergingAlert("e1", "610727", "COUNTY",
                "2026-04-07T10:00:00+08:00", "2026-04-07T12:19:00+08:00",
                "[{'term':'冒充电力工作人员','count':21},{'term':'上门收费','count':17}]")));
        assertEquals(1.0, r.recall("EMERGING_ISSUE"));
        assertEquals(1.0, r.precision("EMERGING_ISSUE"));
        assertEquals(List.of(120.0), r.delaysMinutes("EMERGING_ISSUE"));
    }

    @Test
    void aThemeCitedByTwoAlertIdsIsListedWithItsLevelDelayAndBothIds() {
        ScoreReport once = score(truth(SCAM_THEME), alerts(emergingAlert("e1", "610727", "COUNTY",
                "2026-04-07T10:00:00+08:00", "2026-04-07T12:19:00+08:00", "[{'term':'上门收费','count':17}]")));
        assertTrue(once.format().contains("EM-03 (冒充/上门收费/换表) at COUNTY: found at COUNTY after 2.0 h, 1 alert id\n"),
                once.format());
        ScoreReport twice = score(truth(SCAM_THEME), alerts(
                emergingAlert("e1", "610727", "COUNTY", "2026-04-07T10:00:00+08:00", "2026-04-07T12:19:00+08:00",
                        "[{'term':'上门收费','count':17}]"),
                emergingAlert("e2", "610727", "COUNTY", "2026-04-07T11:00:00+08:00", "2026-04-07T13:19:00+08:00",
                        "[{'term':'骗子','count':11}]")));
        assertTrue(twice.format().contains("EM-03 (冒充/上门收费/换表) at COUNTY: found at COUNTY after 2.0 h, 2 alert ids"),
                twice.format());
    }

    @Test
    void emergingIssueAlertAtAnotherCountyOrTooLateIsAFalseAlarmAndTheCityAroundItIsRelated() {
        ScoreReport r = score(truth(SCAM_THEME), alerts(
                emergingAlert("other-county", "610726", "COUNTY", "2026-04-07T10:00:00+08:00",
                        "2026-04-07T12:00:00+08:00", "[{'term':'上门收费','count':17}]"),
                emergingAlert("late", "610727", "COUNTY", "2026-04-08T02:00:00+08:00", "2026-04-08T03:00:00+08:00",
                        "[{'term':'上门收费','count':17}]"),
                emergingAlert("city", "610700", "CITY", "2026-04-07T10:00:00+08:00", "2026-04-07T13:00:00+08:00",
                        "[{'term':'上门收费','count':30}]")));
        assertEquals(0.0, r.recall());
        assertEquals(2, r.count("EMERGING_ISSUE", Scorer.Verdict.FALSE_ALARM));
        assertEquals(1, r.count("EMERGING_ISSUE", Scorer.Verdict.RELATED));
    }

    @Test
    void emergingIssueAboutAChurnDecoysWordsIsADecoyViolationAndTheDecoyExpectsNoAlert() {
        ScoreReport r = score(truth(SCAM_THEME, ESTATE_CHURN), alerts(
                emergingAlert("estate", "610113", "COUNTY", "2026-03-20T08:00:00+08:00", "2026-03-20T10:00:00+08:00",
                        "[{'term':'云璟','count':9},{'term':'停电','count':4}]"),
                emergingAlert("else", "610113", "COUNTY", "2026-03-21T08:00:00+08:00", "2026-03-21T10:00:00+08:00",
                        "['电梯停运']"),
                emergingAlert("bare", "610113", "COUNTY", "2026-03-22T08:00:00+08:00", "2026-03-22T10:00:00+08:00",
                        "[]")));
        // The decoy is not an incident to find: recall is over the theme alone.
        assertEquals(0.0, r.recall());
        assertEquals(1, r.truth().stream().filter(i -> !i.expectAlert()).count());
        assertEquals(List.of("estate", "bare"),
                r.decoyViolations().stream().map(j -> j.alert().alertId()).toList());
        assertEquals("EC-01", r.decoyViolations().get(0).decoyId());
        assertEquals(1, r.count("EMERGING_ISSUE", Scorer.Verdict.FALSE_ALARM));
        assertEquals(3, r.falseAlarms());
        assertTrue(r.format().contains("1 decoys that expect no alert"));
    }

    @Test
    void truthLinesWithoutTermsOrExpectAlertReadAsBefore() {
        TruthIncident i = truth(COUNTY_SURGE).get(0);
        assertTrue(i.expectAlert());
        assertTrue(i.terms().isEmpty());
        ScoredAlert a = alerts(surgeAlert("a", "610113", "COUNTY", "SMART_METER", "2026-03-20T04:00:00+08:00",
                "2026-03-20T09:40:00+08:00")).get(0);
        assertTrue(a.terms().isEmpty());
    }
}
