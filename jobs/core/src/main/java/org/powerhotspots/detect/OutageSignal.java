package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.Objects;

/**
 * An outage as the detectors see it. The same outage may arrive twice (at start, then with
 * {@code restoredAt}); detectors count it once, by {@code outageId}.
 */
public record OutageSignal(
        String outageId,
        boolean unplanned,
        long startedAt,
        Long restoredAt,
        String countyCode,
        String feederId,
        String stationAreaId,
        int customersAffected)
        implements Serializable {

    public OutageSignal {
        Objects.requireNonNull(outageId, "outageId");
        Objects.requireNonNull(countyCode, "countyCode");
        feederId = blankToNull(feederId);
        stationAreaId = blankToNull(stationAreaId);
    }

    /**
     * The event time to stamp the record with in a stream: the restore time when known, so
     * that the second arrival of an outage is not late merely because it started long ago.
     */
    public long eventTime() {
        return restoredAt != null && restoredAt > startedAt ? restoredAt : startedAt;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
