package org.powerhotspots.detect;

/** The place an alert names (mirrors the Avro enum, without its UNKNOWN fallback). */
public enum RegionLevel {
    PROVINCE,
    CITY,
    COUNTY,
    FEEDER,
    STATION_AREA
}
