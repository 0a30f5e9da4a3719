package org.powerhotspots.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.powerhotspots.domain.Topic;

/** The learned topic model: features, training, the shipped model, and how it sits beside the rules. */
class TopicModelTest {
    private static final ComplaintAnalyzer RULES = ComplaintAnalyzer.withModel(ComplaintAnalyzer.NO_MODEL);

    /** The bundled training corpus, as scripts/train-topics --bundled reads it. */
    static List<TopicEvaluation.Labelled> bundledCorpus() throws IOException {
        List<TopicEvaluation.Labelled> set = new ArrayList<>();
        Path training = Path.of("src/test/resources/text/training");
        try (Stream<Path> files = Files.list(training)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                set.addAll(TopicEvaluation.load(f));
            }
        }
        set.addAll(TopicEvaluation.load("text/labelled-complaints.tsv"));
        return set;
    }

    @Test
    void noTrainingComplaintIsAHeldOutOne() throws IOException {
        // the held-out set measures wording the model never saw: a short blurt written twice by chance is taken out of
        // the training corpus (texts are compared, never printed)
        java.util.Set<String> heldOut = new java.util.HashSet<>();
        TopicEvaluation.load(TopicEvaluation.HELD_OUT).forEach(l -> heldOut.add(l.text()));
        long shared = bundledCorpus().stream().filter(l -> heldOut.contains(l.text())).count();
        assertEquals(0, shared, "training complaints identical to a held-out complaint");
    }

    @Test
    void theShippedModelIsWhatTheBundledCorpusTrains() throws IOException {
        // a stale model (rules, dictionary or segmentation changed since it was trained) fails here:
        // retrain it with scripts/train-topics --bundled
        TopicModel shipped = ComplaintAnalyzer.createDefault().model();
        assertNotNull(shipped);
        List<TopicEvaluation.Labelled> corpus = bundledCorpus();
        TopicModel retrained = new TopicModelTrainer(RULES, TopicModelTrainer.Settings.defaults())
                .train(corpus, shipped.threshold(), "retrained");
        int compared = 0;
        for (int i = 0; i < corpus.size(); i += 7) {
            TopicFeatures.Extracted x = RULES.features(corpus.get(i).text());
            double[] a = shipped.probabilities(x);
            double[] b = retrained.probabilities(x);
            for (int t = 0; t < a.length; t++) {
                assertEquals(b[t], a[t], 0.01, "complaint " + i + ", " + TopicModel.TOPICS[t]);
            }
            compared++;
        }
        assertTrue(compared > 200);
        assertEquals(corpus.size(), shipped.background().documents());
    }

    @Test
    void theAnalyzersFastPathReadsTheSameFeaturesAsTraining() throws IOException {
        ComplaintAnalyzer analyzer = ComplaintAnalyzer.createDefault();
        TopicModel model = analyzer.model();
        List<TopicEvaluation.Labelled> corpus = bundledCorpus();
        corpus.add(new TopicEvaluation.Labelled(EnumSet.of(Topic.OTHER), null, ""));
        corpus.add(new TopicEvaluation.Labelled(EnumSet.of(Topic.OTHER), null, "不是电表的问题，上月86这月412，app闪退"));
        for (TopicEvaluation.Labelled l : corpus) {
            double[] slow = model.probabilities(analyzer.features(l.text()));
            double[] fast = analyzer.modelProbabilities(l.text());
            for (int t = 0; t < slow.length; t++) {
                assertEquals(slow[t], fast[t], 1e-5, l.text()); // the fast path sums rows in float
            }
        }
    }

    @Test
    void aModelReadBackFromItsFileGivesTheSameTopics() throws IOException {
        TopicModel shipped = ComplaintAnalyzer.createDefault().model();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        shipped.write(bytes);
        TopicModel back = TopicModel.read(new ByteArrayInputStream(bytes.toByteArray()), "memory");
        TopicFeatures.Extracted x = RULES.features("抄表员估抄，这个月电费比上个月多了三百块");
        assertArrayEquals(shipped.probabilities(x), back.probabilities(x), 1e-6);
        assertEquals(shipped.threshold(), back.threshold());
        assertEquals(shipped.background().documentFrequency("电费"), back.background().documentFrequency("电费"));
    }

    @Test
    void aFileThatIsNotAModelIsRefusedWithItsName() {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (var gz = new java.util.zip.GZIPOutputStream(bytes)) {
                gz.write("hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            TopicModel.read(new ByteArrayInputStream(bytes.toByteArray()), "my-model.gz");
        });
        assertTrue(e.getMessage().contains("my-model.gz"), e.getMessage());
    }

    @Test
    void aDeniedWordIsADifferentFeatureAndDigitsCollapse() {
        List<String> f = RULES.features("不是电表的问题，上月86这月412").text();
        assertTrue(f.contains("!w电表"), f.toString());
        assertFalse(f.contains("w电表"), f.toString());
        assertEquals("上月0这月0", TopicFeatures.shape("上月86这月412"));
    }

    @Test
    void synonymsOfTheSameClassShareAFeature() {
        // 同义词词林 puts 缓慢 and 迟缓 in one class: what the model learns of one, it knows of the other
        String[] slow = SynonymClasses.of("缓慢");
        String[] alsoSlow = SynonymClasses.of("迟缓");
        assertNotNull(slow);
        assertNotNull(alsoSlow);
        assertTrue(java.util.Arrays.stream(slow).anyMatch(c -> java.util.Arrays.asList(alsoSlow).contains(c)));
    }

    @Test
    void aWordSeenInTrainingCarriesItsTopicToNewSentencesAndItsSynonymsToo() {
        // a made-up corpus: complaints saying 缓慢 are REPAIR_SLOW, the rest OTHER; no rule knows these sentences
        List<TopicEvaluation.Labelled> corpus = new ArrayList<>();
        String[] places = {"东街", "西村", "南湖", "北坡", "新城", "老街", "河湾", "山脚", "桥头", "镇口"};
        for (String p : places) {
            corpus.add(new TopicEvaluation.Labelled(EnumSet.of(Topic.REPAIR_SLOW), null, p + "那边的事太缓慢了"));
            corpus.add(new TopicEvaluation.Labelled(EnumSet.of(Topic.REPAIR_SLOW), null, "缓慢得很，" + p + "等不起"));
            // the same frames with other words: only 缓慢 tells the topic
            corpus.add(new TopicEvaluation.Labelled(EnumSet.of(Topic.OTHER), null, p + "那边的事太热闹了"));
            corpus.add(new TopicEvaluation.Labelled(EnumSet.of(Topic.OTHER), null, "热闹得很，" + p + "等不起"));
        }
        TopicModel m = new TopicModelTrainer(RULES, new TopicModelTrainer.Settings(30, 0.3, 1e-4, 1, 1L))
                .train(corpus, 0.5, "test");
        int slow = TopicModel.index(Topic.REPAIR_SLOW);
        double seen = m.probabilities(RULES.features("他们办事太缓慢"))[slow];
        double synonym = m.probabilities(RULES.features("他们办事太迟缓"))[slow];
        double unrelated = m.probabilities(RULES.features("他们办事太认真"))[slow];
        assertTrue(seen > 0.5, "seen word: " + seen);
        assertTrue(synonym > unrelated + 0.1, "synonym " + synonym + " vs unrelated " + unrelated);
    }

    @Test
    void crossValidationOnTheBundledCorpusShowsTheModelBeatingTheRulesAloneAndFindsWrongLabels() throws IOException {
        // 20 voltage complaints given a wrong label, as an agent's category_code sometimes is
        List<TopicEvaluation.Labelled> corpus = new ArrayList<>(bundledCorpus());
        java.util.Set<Integer> mislabelled = new java.util.HashSet<>();
        for (int i = 0; i < corpus.size() && mislabelled.size() < 20; i += 3) {
            TopicEvaluation.Labelled l = corpus.get(i);
            if (l.expected().equals(EnumSet.of(Topic.VOLTAGE_QUALITY))) {
                corpus.set(i, new TopicEvaluation.Labelled(EnumSet.of(Topic.EV_CHARGING), null, l.text()));
                mislabelled.add(i);
            }
        }
        TopicModelTrainer.CrossValidation cv = new TopicModelTrainer(RULES, TopicModelTrainer.Settings.defaults())
                .crossValidate(corpus, 3);
        System.out.printf("3-fold CV: rules alone micro-F1 %.3f, rules + model %.3f (threshold %.2f)%n",
                cv.rules().f1(), cv.model().f1(), cv.threshold());
        assertTrue(cv.model().f1() > cv.rules().f1() + 0.05, cv.toString());
        assertTrue(cv.threshold() > 0.05 && cv.threshold() < 0.95);
        // the wrong labels are among the disagreements the model is surest of: the first 2 % of the corpus
        long found = cv.disagreements().stream().limit(corpus.size() / 50)
                .filter(d -> mislabelled.contains(d.index())).count();
        assertEquals(20, mislabelled.size());
        assertTrue(found >= 16, found + " of 20 wrong labels among the most confident disagreements");
        for (int i = 1; i < cv.disagreements().size(); i++) {
            assertTrue(cv.disagreements().get(i - 1).confidence() >= cv.disagreements().get(i).confidence());
        }
    }

    @Test
    void withNoWordItKnowsAComplaintIsOther() {
        assertEquals(Topic.OTHER, ComplaintAnalyzer.createDefault().analyze("", null).primaryTopic());
        assertEquals(Topic.OTHER, ComplaintAnalyzer.createDefault().analyze("？？？", null).primaryTopic());
    }

    @Test
    void theSettingLoadsAModelFileAndRefusesAMissingOne(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = dir.resolve("province.tsv.gz");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ComplaintAnalyzer.MODEL_RESOURCE)) {
            Files.copy(in, file);
        }
        ComplaintAnalyzer fromFile = ComplaintAnalyzer.withModel(file.toString());
        assertNotNull(fromFile.model());
        assertEquals(null, ComplaintAnalyzer.withModel(ComplaintAnalyzer.NO_MODEL).model());
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> ComplaintAnalyzer.withModel(dir.resolve("missing.gz").toString()));
        assertTrue(String.valueOf(e.getMessage()).contains("missing.gz")
                || String.valueOf(e.getCause()).contains("missing.gz"), String.valueOf(e));
    }
}
