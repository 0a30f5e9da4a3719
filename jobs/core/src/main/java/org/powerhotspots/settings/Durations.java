package org.powerhotspots.settings;

import java.util.Locale;

/** The one duration grammar of the configuration: 500ms, 30s, 15m, 6h, 30d, 2w (fractions allowed), or plain milliseconds. */
public final class Durations {
    private Durations() {}

    /** The duration in milliseconds; IllegalArgumentException naming {@code text} when it is not one. */
    public static long parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        long unit;
        String number;
        if (s.endsWith("ms")) {
            unit = 1;
            number = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            unit = 1_000;
            number = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unit = 60_000;
            number = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            unit = 3_600_000;
            number = s.substring(0, s.length() - 1);
        } else if (s.endsWith("d")) {
            unit = 86_400_000;
            number = s.substring(0, s.length() - 1);
        } else if (s.endsWith("w")) {
            unit = 7 * 86_400_000L;
            number = s.substring(0, s.length() - 1);
        } else {
            unit = 1;
            number = s;
        }
        try {
            return Math.round(Double.parseDouble(number.trim()) * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration like 500ms, 30s, 15m, 6h, 7d or 2w: '" + text + "'");
        }
    }

    /** The same, with the key in the message. */
    public static long parse(String key, String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }
}
