package org.powerhotspots.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprintIndexTest {
    @Test
    void everyWordAddedIsFoundUnderItsOwnEntryAndOthersAreNot() {
        // 60,000 distinct words of one to three chars, as a large model vocabulary has
        List<String> words = new ArrayList<>();
        for (char a = '\u4e00'; words.size() < 60_000; a++) {
            words.add(String.valueOf(a));
            words.add(a + "电");
            words.add(a + "表" + a);
        }
        FingerprintIndex index = new FingerprintIndex(words.size());
        for (int i = 0; i < words.size(); i++) {
            assertEquals(i, index.add(words.get(i)));
        }
        assertEquals(words.size(), index.size());
        for (int i = 0; i < words.size(); i++) {
            assertEquals(i, index.find(words.get(i)), words.get(i));
        }
        assertEquals(-1, index.find("电表没电"));
        assertEquals(-1, index.find(""));
        assertEquals(-1, index.add(words.get(7)), "a word added twice keeps its first entry");
        assertEquals(7, index.find(words.get(7)));
    }

    @Test
    void anIndexRefusesMoreWordsThanItWasSizedFor() {
        FingerprintIndex index = new FingerprintIndex(2);
        index.add("停电");
        index.add("电压");
        assertThrows(IllegalStateException.class, () -> index.add("电费"));
    }
}
