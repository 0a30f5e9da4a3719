package org.powerhotspots.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentationEvaluationTest {
    @Test
    void aWordCountsWhenBothEndsMatchAndPunctuationIsLeftOut() {
        // gold: 共同 创造 美好 ， 新 世纪 ; system: 共同 创造美好 ， 新 世 纪
        String line = "共同创造美好，新世纪";
        String[] gold = {"共同", "创造", "美好", "，", "新", "世纪"};
        List<int[]> system = List.of(new int[] {0, 2}, new int[] {2, 6}, new int[] {6, 7}, new int[] {7, 8},
                new int[] {8, 9}, new int[] {9, 10});
        SegmentationEvaluation.Counts c = SegmentationEvaluation.score(line, gold, system);
        assertEquals(new SegmentationEvaluation.Counts(5, 5, 2), c);
        assertEquals(0.4, c.precision(), 1e-9);
        assertEquals(0.4, c.recall(), 1e-9);
    }

    @Test
    void spacesInTheTestLineDoNotShiftOffsets() {
        String line = "电表 黑屏";
        String[] gold = {"电表", "黑屏"};
        SegmentationEvaluation.Counts c = SegmentationEvaluation.score(line, gold,
                List.of(new int[] {0, 2}, new int[] {3, 5}));
        assertEquals(new SegmentationEvaluation.Counts(2, 2, 2), c);
    }

    @Test
    void goldWordsOfADifferentlySpelledLineArePlacedByAlignment() {
        // the gold line lost the opening quote: its words still line up with the test line
        String line = "“远望号”测量船";
        String[] gold = {"远望", "号", "”", "测量船"};
        SegmentationEvaluation.Counts c = SegmentationEvaluation.score(line, gold,
                List.of(new int[] {0, 1}, new int[] {1, 3}, new int[] {3, 4}, new int[] {4, 5}, new int[] {5, 8}));
        assertEquals(new SegmentationEvaluation.Counts(3, 3, 3), c);
    }

    @Test
    void punctuationIsUnicodePunctuationOnly() {
        assertTrue(SegmentationEvaluation.isPunctuation("，"));
        assertTrue(SegmentationEvaluation.isPunctuation("———"));
        assertTrue(SegmentationEvaluation.isPunctuation("……"));
        assertFalse(SegmentationEvaluation.isPunctuation("℃"));
        assertFalse(SegmentationEvaluation.isPunctuation("９０％"));
        assertFalse(SegmentationEvaluation.isPunctuation("“东方红三号”卫星"));
    }
}
