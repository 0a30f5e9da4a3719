package org.powerhotspots.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.powerhotspots.domain.Topic;

class TopicEvaluationTest {
    private static final double MIN_MICRO_F1 = 0.90;

    @Test
    void theRulesAloneReachTheMicroF1GateOnTheSetTheyWereWrittenFrom() throws Exception {
        // a regression gate of the rules; the model is trained on this set too, so it is measured by
        // cross-validation instead (TopicModelTest, scripts/train-topics)
        List<TopicEvaluation.Labelled> set = TopicEvaluation.load("text/labelled-complaints.tsv");
        TopicEvaluation.Report report = TopicEvaluation.evaluate(
                ComplaintAnalyzer.withModel(ComplaintAnalyzer.NO_MODEL), set);
        System.out.print(report.format());
        assertTrue(report.micro().f1() >= MIN_MICRO_F1,
                "micro-F1 " + report.micro().f1() + " below " + MIN_MICRO_F1 + "\n" + String.join("\n", report.errors()));
    }

    @Test
    void labelledSetCoversEveryTopicFifteenTimes() throws Exception {
        List<TopicEvaluation.Labelled> set = TopicEvaluation.load("text/labelled-complaints.tsv");
        assertTrue(set.size() >= 400, "only " + set.size() + " labelled complaints");
        Map<Topic, Long> counts = new java.util.EnumMap<>(Topic.class);
        set.forEach(l -> l.expected().forEach(t -> counts.merge(t, 1L, Long::sum)));
        for (Topic t : Topic.values()) {
            assertTrue(counts.getOrDefault(t, 0L) >= 15, t + " has " + counts.getOrDefault(t, 0L));
        }
    }
}
