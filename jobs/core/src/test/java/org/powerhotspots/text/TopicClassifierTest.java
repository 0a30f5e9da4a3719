package org.powerhotspots.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.powerhotspots.domain.Topic;

class TopicClassifierTest {
    private static final ComplaintAnalyzer ANALYZER = ComplaintAnalyzer.createDefault();

    private static Set<Topic> topics(String text, String category) {
        return ANALYZER.analyze(text, category).topics().stream().map(TopicScore::topic).collect(Collectors.toSet());
    }

    @Test
    void deniedMeterWithContrastGivesVoltageNotMeter() {
        ComplaintAnalysis a = ANALYZER.analyze("不是电表的问题，是电压太低", null);
        assertEquals(Topic.VOLTAGE_QUALITY, a.primaryTopic());
        assertFalse(topics("不是电表的问题，是电压太低", null).contains(Topic.SMART_METER));
    }

    @Test
    void denialWithoutCommaStillEndsAtShi() {
        Set<Topic> t = topics("不是电表问题是电压不稳", null);
        assertTrue(t.contains(Topic.VOLTAGE_QUALITY));
        assertFalse(t.contains(Topic.SMART_METER));
    }

    @Test
    void bingFeiErShiDeniesTheFirstTopic() {
        Set<Topic> t = topics("并非电价有误，而是电表走字太快", null);
        assertTrue(t.contains(Topic.SMART_METER));
        assertFalse(t.contains(Topic.BILLING_DISPUTE));
    }

    @Test
    void meterSaidToBeFineDoesNotGiveMeterTopic() {
        Set<Topic> t = topics("电表是好的，可是这个月电费高得离谱", null);
        assertTrue(t.contains(Topic.BILLING_DISPUTE));
        assertFalse(t.contains(Topic.SMART_METER));
    }

    @Test
    void negatedNoticeIsTheComplaintNotADenial() {
        assertTrue(topics("昨天停电事先没有任何通知", null).contains(Topic.OUTAGE_NO_NOTICE));
    }

    @Test
    void questionShiBuShiIsNotADenial() {
        assertTrue(topics("电表黑屏了，是不是电表坏了", null).contains(Topic.SMART_METER));
    }

    @Test
    void traditionalCharactersAreClassifiedLikeSimplified() {
        assertEquals(Topic.SMART_METER, ANALYZER.analyze("電錶黑屏，看不到讀數", null).primaryTopic());
        assertEquals(Topic.REPAIR_SLOW, ANALYZER.analyze("報修了一整天都沒人來修", null).primaryTopic());
    }

    @Test
    void oneComplaintCanHaveSeveralTopics() {
        Set<Topic> t = topics("这个月停了五次电，电压也低得空调开不了，报修后等到半夜也没人来修", null);
        assertTrue(t.containsAll(List.of(Topic.OUTAGE_FREQUENT, Topic.VOLTAGE_QUALITY, Topic.REPAIR_SLOW)), t.toString());
    }

    @Test
    void colloquialAndNoisyTextStillFindsTheTopic() {
        assertEquals(Topic.OUTAGE_FREQUENT, ANALYZER.analyze("ｔｍｄ又断电了😡　这周第３次！！", null).primaryTopic());
        assertEquals(Topic.SMART_METER, ANALYZER.analyze("电  表  黑  屏  了", null).primaryTopic());
    }

    @Test
    void textWithoutTopicWordsIsOther() {
        ComplaintAnalysis a = ANALYZER.analyze("请问你们营业时间是几点到几点", null);
        assertEquals(List.of(Topic.OTHER), a.topics().stream().map(TopicScore::topic).toList());
    }

    @Test
    void emptyTextIsOther() {
        assertEquals(Topic.OTHER, ANALYZER.analyze("", null).primaryTopic());
        assertEquals(Topic.OTHER, ANALYZER.analyze(null, null).primaryTopic());
    }

    @Test
    void categoryHintRaisesTheConfidenceOfATopicTheTextSpeaksOf() {
        // Meter and billing are both spoken of: the hint raises the one it names, and both stay.
        String text = "电表坏了，电费也不对";
        for (Topic hinted : List.of(Topic.SMART_METER, Topic.BILLING_DISPUTE)) {
            double without = confidence(ANALYZER.analyze(text, null), hinted);
            double with = confidence(ANALYZER.analyze(text, hinted.name()), hinted);
            assertTrue(with > without, hinted + ": " + without + " -> " + with);
            assertEquals(2, ANALYZER.analyze(text, hinted.name()).topics().size());
        }
        // the rules alone: the hint decides which of two equal scores comes first
        ComplaintAnalyzer rules = ComplaintAnalyzer.withModel(ComplaintAnalyzer.NO_MODEL);
        assertEquals(Topic.SMART_METER, rules.analyze(text, "SMART_METER").primaryTopic());
        assertEquals(Topic.BILLING_DISPUTE, rules.analyze(text, "BILLING_DISPUTE").primaryTopic());
    }

    private static double confidence(ComplaintAnalysis a, Topic topic) {
        return a.topics().stream().filter(t -> t.topic() == topic).mapToDouble(TopicScore::confidence).findFirst()
                .orElse(0);
    }

    @Test
    void categoryHintNeverAddsATopicTheTextDoesNotMention() {
        ComplaintAnalysis a = ANALYZER.analyze("小区最近频繁停电，一周停了三次", "SMART_METER");
        assertEquals(Topic.OUTAGE_FREQUENT, a.primaryTopic());
        assertFalse(a.topics().stream().anyMatch(t -> t.topic() == Topic.SMART_METER));
    }

    @Test
    void categoryHintDoesNotOverrideStrongEvidence() {
        ComplaintAnalysis a = ANALYZER.analyze("电表黑屏，屏幕不显示，读数看不到，要求换表，顺便问下电费", "BILLING_DISPUTE");
        assertEquals(Topic.SMART_METER, a.primaryTopic());
    }

    @Test
    void categoryHintAcceptsChineseLabels() {
        assertEquals(Topic.SMART_METER, ComplaintAnalyzer.hintOf("智能电表"));
        assertEquals(Topic.EV_CHARGING, ComplaintAnalyzer.hintOf("ev_charging"));
        assertEquals(null, ComplaintAnalyzer.hintOf("X99"));
    }

    @Test
    void confidencesAreBetweenZeroAndOneAndBestFirst() {
        List<TopicScore> t = ANALYZER.analyze("新换的智能电表走字特别快，这个月电费翻了一番", null).topics();
        for (int i = 0; i < t.size(); i++) {
            assertTrue(t.get(i).confidence() > 0 && t.get(i).confidence() <= 1);
            if (i > 0) {
                assertTrue(t.get(i - 1).confidence() >= t.get(i).confidence());
            }
        }
    }
}
