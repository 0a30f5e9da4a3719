package org.powerhotspots.sim.score;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.powerhotspots.sim.Timestamps;

/** Small helpers for reading loosely typed JSON lines. */
final class Json {
    private Json() {}

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    /** ISO-8601 with offset, or epoch milliseconds as a number or a string of digits. */
    static Long optionalTime(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        return Timestamps.parse(v.asText());
    }

    static long time(JsonNode n, String field) {
        Long t = optionalTime(n, field);
        if (t == null) {
            throw new IllegalArgumentException("missing " + field + " in " + n);
        }
        return t;
    }

    /** An alert's or a truth line's terms: strings, or objects with a "term" (and a count, not needed here). */
    static List<String> terms(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode v : array) {
                String t = v.isObject() ? text(v, "term") : v.isNull() ? null : v.asText();
                if (t != null && !t.isBlank()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> out.add(v.asText()));
        }
        return out;
    }
}
