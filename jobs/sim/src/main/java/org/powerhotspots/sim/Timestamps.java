package org.powerhotspots.sim;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** ISO-8601 with the +08:00 offset the utility's systems use. */
public final class Timestamps {
    public static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private Timestamps() {}

    public static String iso(long epochMillis) {
        return ISO.format(Instant.ofEpochMilli(epochMillis).atOffset(CHINA));
    }

    /** Parses ISO-8601 with offset, or epoch milliseconds given as digits. */
    public static long parse(String text) {
        String t = text.trim();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(t);
        }
        return OffsetDateTime.parse(t).toInstant().toEpochMilli();
    }
}
