package org.powerhotspots.detect;

/** Alert types of SPEC section 4 (mirrors the Avro enum, without its UNKNOWN fallback). */
public enum AlertType {
    OUTAGE_REPEAT,
    COMPLAINT_SURGE,
    CROSS_DISCIPLINE,
    REPEAT_COMPLAINANT,
    EMERGING_ISSUE
}
