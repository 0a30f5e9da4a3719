package org.powerhotspots.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Timestamps of the product: ISO-8601 with the utility's offset (+08:00) on output; ISO or epoch millis on input. */
public final class Times {
    /** China Standard Time; outputs carry it so analysts read local time. */
    public static final ZoneOffset OFFSET = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private Times() {}

    public static String iso(long epochMillis) {
        return ISO.format(Instant.ofEpochMilli(epochMillis).atOffset(OFFSET));
    }

    /**
     * Parses ISO-8601 with offset (or Z), or epoch milliseconds.
     *
     * @throws IllegalArgumentException naming what was wrong
     */
    public static long parse(String text) {
        String t = text.trim();
        if (t.matches("-?\\d{1,15}")) {
            return Long.parseLong(t);
        }
        try {
            return OffsetDateTime.parse(t, ISO).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not ISO-8601 with offset or epoch milliseconds");
        }
    }
}
