package org.powerhotspots.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.powerhotspots.domain.Topic;

class ComplaintAnalyzerTest {
    private static final ComplaintAnalyzer ANALYZER = ComplaintAnalyzer.createDefault();

    @Test
    void aQuestionWhenPowerReturnsIsOtherButAnOutageEnquiryThatSurgesCount() {
        // The labelling rules file a question without a grievance as OTHER; during an outage it is still the call a
        // long outage brings, so the detectors' view counts it for OUTAGE_LONG after its own topic.
        for (String question : List.of("南堡子七组啥时候来电？", "西关小区到底什么时候来电")) {
            ComplaintAnalysis a = ANALYZER.analyze(question, null);
            assertEquals(Topic.OTHER, a.primaryTopic(), question);
            assertEquals(List.of(Topic.OUTAGE_LONG), a.enquiries(), question);
        }
        // Questions about other matters, and complaints with a topic of their own, enquire about nothing.
        for (String text : List.of("请问峰谷电怎么申请？", "电费单能不能寄纸质的", "停电三天了还没来电", "谢谢师傅")) {
            assertEquals(List.of(), ANALYZER.analyze(text, null).enquiries(), text);
        }
        org.powerhotspots.records.ComplaintEvent c = new org.powerhotspots.records.ComplaintEvent();
        c.complaintId = "E1";
        c.receivedAt = 1_772_323_200_000L;
        c.channel = "APP";
        c.regionCode = "610113";
        c.text = "南堡子七组啥时候来电？";
        org.powerhotspots.records.EnrichedComplaint e = org.powerhotspots.enrich.ComplaintEnricher.createDefault().enrich(c);
        assertEquals(List.of("OTHER"), e.topics);
        assertEquals(List.of(Topic.OTHER, Topic.OUTAGE_LONG), e.toSignal().topics());
    }

    @Test
    void domainTermsAreSingleTokens() {
        List<String> tokens = ANALYZER.tokenize(
                "智能电表坏了，欠费停电后去充电桩旁边用网上国网缴费，打95598也没用，电表箱门也锈穿了，拨打95598多次没人接");
        for (String term : List.of("智能电表", "欠费停电", "充电桩", "网上国网", "95598", "电表箱")) {
            assertTrue(tokens.contains(term), term + " not one token in " + tokens);
        }
        assertEquals(2, tokens.stream().filter("95598"::equals).count(), tokens.toString());
    }

    @Test
    void numbersAreJoinedWithTheirUnits() {
        List<String> tokens = ANALYZER.tokenize("2024年3月5日停电十五个小时，十多天里停了3次，电费涨了30%，第三次跳闸，电压180.5v");
        for (String quantity : List.of("2024年", "3月", "5日", "十五个小时", "十多天", "3次", "30%", "第三次", "180.5v")) {
            assertTrue(tokens.contains(quantity), quantity + " not one token in " + tokens);
        }
    }

    @Test
    void hanlpsGlobalCustomDictionaryIsLeftAlone() {
        // The analyzer's segmenter has its own dictionary: StandardTokenizer users keep HanLP's defaults.
        assertTrue(ANALYZER.tokenize("网上国网").contains("网上国网"));
        assertFalse(com.hankcs.hanlp.dictionary.CustomDictionary.contains("网上国网"));
        assertFalse(com.hankcs.hanlp.dictionary.CustomDictionary.contains("欠费停电"));
    }

    @Test
    void segmentationPointsAtTheOriginalText() {
        String text = "ＡＰＰ缴费后，電錶還是黑屏😡 停了十五个小时";
        List<ComplaintAnalyzer.Span> spans = ANALYZER.segmentation(text);
        List<String> words = new ArrayList<>();
        int previousEnd = 0;
        for (ComplaintAnalyzer.Span s : spans) {
            assertTrue(s.start() >= previousEnd && s.end() > s.start(), spans.toString());
            assertEquals(s.token(), TextNormalizer.normalize(text.substring(s.start(), s.end())), spans.toString());
            previousEnd = s.end();
            if (s.word()) {
                words.add(s.token());
            }
        }
        assertEquals(ANALYZER.tokenize(text), words);
        assertTrue(words.contains("十五个小时"), words.toString());
    }

    @Test
    void analysisKeepsOriginalAndNormalizedText() {
        ComplaintAnalysis a = ANALYZER.analyze("電錶黑屏😡", null);
        assertEquals("電錶黑屏😡", a.original());
        assertEquals("电表黑屏", a.normalized());
        assertFalse(a.tokens().isEmpty());
    }

    @Test
    void keywordsAreAtMostTenDistinctAndLeaveOutStopWords() {
        ComplaintAnalysis a = ANALYZER.analyze(
                "客户来电反映：家中智能电表黑屏，电表读数看不到，电费也高，要求尽快处理，客户情绪激动，要求上门检查更换电表，并且说明原因", null);
        assertTrue(a.keywords().size() <= 10);
        assertEquals(a.keywords().size(), a.keywords().stream().distinct().count());
        assertTrue(a.keywords().contains("智能电表") || a.keywords().contains("电表"), a.keywords().toString());
        assertFalse(a.keywords().contains("客户"));
        assertFalse(a.keywords().contains("要求"));
    }

    @Test
    void analyzerSurvivesSerializationAndStillWorks() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(ANALYZER);
        }
        assertTrue(bytes.size() < 1024, "serialized analyzer is " + bytes.size() + " bytes");
        ComplaintAnalyzer copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ComplaintAnalyzer) in.readObject();
        }
        assertEquals(Topic.EV_CHARGING, copy.analyze("小区充电桩扫码后一直充不上电", null).primaryTopic());
    }

    @Test
    void concurrentAnalysesGiveTheSameResultsAsSequentialOnes() throws Exception {
        List<String> texts = List.of("不是电表的问题，是电压太低", "停电一整天了还没来电", "交电费排队排了一个小时",
                "電線桿快倒了，很危險", "光伏并网申请一直没批");
        List<ComplaintAnalysis> expected = texts.stream().map(t -> ANALYZER.analyze(t, null)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int k = 0; k < 200; k++) {
                int i = k % texts.size();
                futures.add(pool.submit(() -> ANALYZER.analyze(texts.get(i), null).equals(expected.get(i))));
            }
            for (Future<Boolean> f : futures) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void editedRulesFileIsUsedWithoutRebuilding(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.tsv");
        Files.writeString(rules, "@threshold\t1\nSAFETY_HAZARD\t5\t鸟窝\n");
        ComplaintAnalyzer custom = ComplaintAnalyzer.withRulesFile(rules);
        assertEquals(Topic.SAFETY_HAZARD, custom.analyze("电线杆上有个鸟窝", null).primaryTopic());
    }

    @Test
    void brokenRulesLineIsReportedWithItsLineNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TopicRules.parse(new StringReader("# c\nNOT_A_TOPIC\t2\t电表\n"), "rules.tsv"));
        assertTrue(e.getMessage().contains("rules.tsv:2"), e.getMessage());
    }

    @Test
    void hanlpWritesNoCacheFiles(@TempDir Path dir) throws Exception {
        HanLpRuntime.ReadOnlyClasspathAdapter adapter = new HanLpRuntime.ReadOnlyClasspathAdapter();
        Path target = dir.resolve("data/dictionary/tc/t2s.txt.bin");
        try (var out = adapter.create(target.toString())) {
            out.write(new byte[] {1, 2, 3});
        }
        assertFalse(Files.exists(target));
    }
}
