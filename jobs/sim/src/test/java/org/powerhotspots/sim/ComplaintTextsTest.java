package org.powerhotspots.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.powerhotspots.domain.Topic;

/** The grammar of simulated complaint texts: deterministic, varied, never empty, and independent of the events. */
class ComplaintTextsTest {
    private static final String[] CHANNELS = {"HOTLINE_95598", "APP", "WECHAT", "WEB", "WEIBO", "OTHER", null};

    private static List<String> draw(long seed, int n) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (Topic topic : Topic.values()) {
                String channel = CHANNELS[i % CHANNELS.length];
                ComplaintTexts.Scene scene = i % 5 == 0 ? new ComplaintTexts.Scene("测试花园3号楼", i % 10 == 0, 2 + i % 4)
                        : ComplaintTexts.Scene.none();
                texts.add(ComplaintTexts.write(topic, random, scene, channel, i % 2 == 0));
            }
        }
        return texts;
    }

    @Test
    void sameSeedWritesTheSameTextsAndAnotherSeedOthers() {
        assertEquals(draw(11, 500), draw(11, 500));
        List<String> a = draw(11, 200);
        List<String> b = draw(12, 200);
        int same = 0;
        for (int i = 0; i < a.size(); i++) {
            same += a.get(i).equals(b.get(i)) ? 1 : 0;
        }
        assertTrue(same < a.size() / 20, same + " of " + a.size() + " equal across seeds");
    }

    @Test
    void everyTopicAndChannelWritesNonEmptyTextsWithEverySlotFilled() {
        for (String text : draw(3, 3000)) {
            assertFalse(text.isBlank(), "blank text");
            assertTrue(text.length() >= 2, text);
            assertFalse(text.contains("{") || text.contains("}") || text.contains("null"), text);
            assertFalse(text.contains("，，") || text.startsWith("，") || text.startsWith("。"), text);
        }
    }

    @Test
    void twentyThousandDrawsOfATopicAreAlmostAllDistinctEvenWithNumbersMasked() {
        Random random = new Random(42);
        for (Topic topic : Topic.values()) {
            Set<String> distinct = new HashSet<>();
            Set<String> masked = new HashSet<>();
            for (int i = 0; i < 20_000; i++) {
                String text = ComplaintTexts.write(topic, random, ComplaintTexts.Scene.none());
                assertFalse(text.isBlank(), topic.name());
                distinct.add(text);
                masked.add(SimTextReport.skeleton(text));
            }
            assertTrue(distinct.size() > 17_000, topic + ": " + distinct.size() + " distinct of 20,000");
            assertTrue(masked.size() > 16_000, topic + ": " + masked.size() + " distinct with digits masked");
        }
    }

    @Test
    void lengthsRangeFromABlurtToARamble() {
        Random random = new Random(5);
        int blurts = 0;
        int rambles = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            Topic topic = Topic.values()[i % Topic.values().length];
            int length = ComplaintTexts.write(topic, random, ComplaintTexts.Scene.none(), "HOTLINE_95598", false)
                    .length();
            blurts += length <= 10 ? 1 : 0;
            rambles += length >= 100 ? 1 : 0;
        }
        assertTrue(blurts > n / 50, blurts + " texts of at most 10 characters");
        assertTrue(rambles > n / 200, rambles + " texts of 100 characters or more");
    }

    @Test
    void anIncidentsPlaceIsNamedInMostOfItsTexts() {
        Random random = new Random(9);
        ComplaintTexts.Scene scene = new ComplaintTexts.Scene("测试花园3号楼", false, 0);
        int named = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            named += ComplaintTexts.write(Topic.OUTAGE_FREQUENT, random, scene, "APP", false).contains("测试花园3号楼")
                    ? 1 : 0;
        }
        assertTrue(named > n * 0.45 && named < n * 0.85, named + " of " + n + " name the incident's place");
    }

    @Test
    void weiboPostsMentionTheServiceAndCarryAHashtagWhenAsked() {
        Random random = new Random(13);
        for (Topic topic : Topic.values()) {
            for (int i = 0; i < 200; i++) {
                String post = ComplaintTexts.write(topic, random, ComplaintTexts.Scene.none(), "WEIBO", true);
                assertTrue(post.contains("@"), post);
                assertTrue(post.matches("(?s).*#[^#\\s]+#.*"), post);
            }
        }
    }

    @Test
    void aboutOneCustomerTextInTenIsTraditionalChineseAndNoAgentRecord() {
        Random random = new Random(17);
        int traditional = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String text = ComplaintTexts.write(Topic.values()[i % Topic.values().length], random,
                    ComplaintTexts.Scene.none(), "APP", false);
            traditional += TraditionalChinese.looksTraditional(text) ? 1 : 0;
        }
        assertEquals(ComplaintTexts.TRADITIONAL_SHARE, traditional / (double) n, 0.03);
    }

    /** Texts draw only from the text stream: a writer that draws differently leaves every event where it was. */
    @Test
    void changingHowTextsAreWrittenMovesNoEvent() {
        Simulator.Config config = new Simulator.Config("61", LocalDate.of(2026, 3, 2), 3, 21, 600, Optional.empty());
        Simulator.Result real = new Simulator(config).run();
        Simulator.Result other = new Simulator(config, (topic, random, scene, channel, hashtag) -> {
            int draws = random.nextInt(50);
            for (int i = 0; i < draws; i++) {
                random.nextGaussian();
            }
            return "x";
        }).run();
        assertEquals(real.complaints().size(), other.complaints().size());
        for (int i = 0; i < real.complaints().size(); i++) {
            SimComplaint a = real.complaints().get(i);
            SimComplaint b = other.complaints().get(i);
            assertEquals(a, new SimComplaint(b.complaintId(), b.receivedAt(), b.channel(), b.regionCode(),
                    b.stationAreaId(), b.feederId(), b.customerId(), b.categoryCode(), a.text(), b.topic(),
                    b.incidentId()));
        }
        assertEquals(real.outages(), other.outages());
        assertEquals(real.incidents().size(), other.incidents().size());
        for (int i = 0; i < real.incidents().size(); i++) {
            assertEquals(real.incidents().get(i).toJson(new com.fasterxml.jackson.databind.ObjectMapper()),
                    other.incidents().get(i).toJson(new com.fasterxml.jackson.databind.ObjectMapper()));
        }
    }
}
