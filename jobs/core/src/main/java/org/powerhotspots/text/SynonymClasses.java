package org.powerhotspots.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The synonym classes of 同义词词林 as HanLP's portable jar ships it ({@code CoreSynonym.txt}): a word maps to the
 * code of the class of true synonyms it belongs to ("=" lines), so a feature learned from 缓慢 also fires for
 * 迟迟 and 磨蹭. Related-but-different classes ("#": 电费 beside 学费) and singletons ("@") are left out.
 * Loaded once per JVM.
 */
final class SynonymClasses {
    static final String RESOURCE = "data/dictionary/synonym/CoreSynonym.txt";
    private static volatile Map<String, String[]> classes;

    private SynonymClasses() {}

    /** The synonym class codes of a word (at most three senses), or null when 词林 has none. */
    static String[] of(String word) {
        return load().get(word);
    }

    static Map<String, String[]> load() {
        Map<String, String[]> c = classes;
        if (c == null) {
            synchronized (SynonymClasses.class) {
                if (classes == null) {
                    classes = read();
                }
                c = classes;
            }
        }
        return c;
    }

    private static Map<String, String[]> read() {
        InputStream in = SynonymClasses.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing " + RESOURCE + " (HanLP portable jar)");
        }
        Map<String, String[]> out = new HashMap<>(80_000);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] cols = line.strip().split(" ");
                if (cols.length < 3 || cols[0].length() != 8 || cols[0].charAt(7) != '=') {
                    continue; // a class of one word says nothing about other words
                }
                String code = cols[0].substring(0, 7);
                for (int i = 1; i < cols.length; i++) {
                    String[] known = out.get(cols[i]);
                    if (known == null) {
                        out.put(cols[i], new String[] {code});
                    } else if (known.length < 3) {
                        String[] more = java.util.Arrays.copyOf(known, known.length + 1);
                        more[known.length] = code;
                        out.put(cols[i], more);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return out; // a HashMap: Map.copyOf's probing is several times slower on 55,000 words
    }
}
