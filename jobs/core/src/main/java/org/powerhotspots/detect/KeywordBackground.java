package org.powerhotspots.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.powerhotspots.schema.state.KeywordWeightState;
import org.powerhotspots.text.TermBackground;

/**
 * How common each keyword is among a province's complaints lately: counts decayed with a half-life, kept to the
 * most frequent {@link #MAX_KEYWORDS} at every slide. An alert's evidence keywords are ranked by how far they are
 * over-represented among its complaints against this background, so a filler the province's complaints all share
 * (an opening, a channel's boilerplate, 一下) never leads an alert while a place or a symptom does. Until the
 * province has {@link #MIN_COMPLAINTS} complaints, the bundled corpus' term frequencies stand in.
 */
final class KeywordBackground {
    static final int MAX_KEYWORDS = 2_000;
    static final double MIN_COMPLAINTS = 300;
    private static final long HALF_LIFE = 7L * 24 * 3_600_000;

    private final HashMap<String, Double> weights = new HashMap<>();
    private double complaints;

    /** One complaint's keywords (each counted once). */
    void add(List<String> keywords) {
        complaints += 1;
        for (int i = 0; i < keywords.size(); i++) {
            String k = keywords.get(i);
            if (keywords.indexOf(k) == i) {
                weights.merge(k, 1.0, Double::sum);
            }
        }
    }

    /** Decays the counts over {@code elapsed} ms and keeps the most frequent keywords (once per slide). */
    void decay(long elapsed) {
        if (elapsed > 0) {
            double factor = Math.pow(0.5, (double) elapsed / HALF_LIFE);
            complaints *= factor;
            weights.replaceAll((k, w) -> w * factor);
        }
        weights.values().removeIf(w -> w < 0.05);
        if (weights.size() > MAX_KEYWORDS) {
            List<Map.Entry<String, Double>> all = new ArrayList<>(weights.entrySet());
            all.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            for (int i = MAX_KEYWORDS; i < all.size(); i++) {
                weights.remove(all.get(i).getKey());
            }
        }
    }

    /** The share of the province's complaints whose keywords include this one (smoothed). */
    double share(String keyword) {
        if (complaints < MIN_COMPLAINTS) {
            return TermBackground.bundled().share(keyword);
        }
        return (weights.getOrDefault(keyword, 0.0) + 0.5) / (complaints + 1.0);
    }

    List<KeywordWeightState> toState() {
        List<KeywordWeightState> out = new ArrayList<>(weights.size());
        weights.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add(new KeywordWeightState(e.getKey(), e.getValue())));
        return out;
    }

    double complaints() {
        return complaints;
    }

    static KeywordBackground fromState(List<KeywordWeightState> state, double complaints) {
        KeywordBackground b = new KeywordBackground();
        b.complaints = complaints;
        for (KeywordWeightState k : state) {
            b.weights.put(k.getKeyword(), k.getWeight());
        }
        return b;
    }
}
