package org.powerhotspots.detect;

/** Lifecycle of one incident: OPEN once, UPDATED while it grows, RESOLVED when back to normal. */
public enum AlertStatus {
    OPEN,
    UPDATED,
    RESOLVED
}
