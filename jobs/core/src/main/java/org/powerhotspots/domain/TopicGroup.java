package org.powerhotspots.domain;

/** Groups of complaint topics; SUPPLY topics take part in cross-discipline alerts. */
public enum TopicGroup {
    SUPPLY,
    METERING_BILLING,
    SERVICE,
    ENGINEERING,
    NEW_SERVICES,
    OTHER
}
