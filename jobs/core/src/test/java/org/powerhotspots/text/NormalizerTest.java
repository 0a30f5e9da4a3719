package org.powerhotspots.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class NormalizerTest {
    @Test
    void aRunOfOneLetterIsKeptToThreeButNumbersStayWhole() {
        assertEquals("啊啊啊,电压低", TextNormalizer.normalize("啊啊啊啊啊啊啊，电压低"));
        assertEquals("急急急", TextNormalizer.normalize("急急急急急"));
        assertEquals("哈哈哈", TextNormalizer.normalize("哈哈哈"));
        assertEquals("上月10000元", TextNormalizer.normalize("上月10000元"));
        assertEquals("啊啊啊", TextNormalizer.normalize("啊".repeat(500_000)));
    }

    @Test
    void traditionalBecomesSimplified() {
        assertEquals("电表黑屏,停电三天了", TextNormalizer.normalize("電錶黑屏，停電三天了"));
    }

    @Test
    void fullWidthBecomesHalfWidthAndLatinLowerCase() {
        assertEquals("电压才180v,app缴费!", TextNormalizer.normalize("电压才１８０Ｖ，ＡＰＰ缴费！"));
    }

    @Test
    void emojiAndZeroWidthCharactersAreRemoved() {
        assertEquals("又停电了", TextNormalizer.normalize("又停电了😡\u200b👍🏻"));
    }

    @Test
    void whitespaceIsCollapsedAndTrimmed() {
        assertEquals("停电 还没恢复", TextNormalizer.normalize("  停电\t\u3000\u3000还没恢复 \n"));
    }

    @Test
    void letterSpacedChineseIsJoined() {
        assertEquals("电表黑屏了", TextNormalizer.normalize("电  表  黑  屏  了"));
    }

    @Test
    void simplifiedTextIsUnchanged() {
        String text = "客户反映家中电压偏低,空调启动不了";
        assertEquals(text, TextNormalizer.normalize(text));
    }

    @Test
    void offsetsPointAtTheOriginalCharacters() {
        for (String text : List.of("電錶黑屏，停電三天了", "  电压才１８０Ｖ，ＡＰＰ缴费！", "又停电了😡\u200b👍🏻还没来", "电  表  黑  屏  了 谁管",
                "停电\t\u3000\u3000还没恢复 \n", "𠮷野家 门口 电线杆")) {
            TextNormalizer.Normalized n = TextNormalizer.normalizeWithOffsets(text);
            assertEquals(TextNormalizer.normalize(text), n.text());
            for (int i = 0; i < n.text().length(); i++) {
                String original = text.substring(n.start()[i], n.end()[i]);
                char c = n.text().charAt(i);
                if (c == ' ') {
                    assertTrue(original.isBlank(), text + " @" + i);
                } else if (!Character.isSurrogate(c)) {
                    assertEquals(String.valueOf(c), TextNormalizer.normalize(original), text + " @" + i);
                }
                assertTrue(i == 0 || n.start()[i] >= n.end()[i - 1] || n.start()[i] == n.start()[i - 1], text + " @" + i);
            }
        }
    }

    @Test
    void nullBecomesEmpty() {
        assertEquals("", TextNormalizer.normalize(null));
    }
}
