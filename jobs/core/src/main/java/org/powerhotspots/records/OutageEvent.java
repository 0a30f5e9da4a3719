package org.powerhotspots.records;

import java.util.LinkedHashMap;
import java.util.Map;
import org.powerhotspots.detect.OutageSignal;
import org.powerhotspots.domain.Times;
import org.powerhotspots.region.Region;

/** A decoded, validated outage (SPEC section 2); a Flink POJO. */
public class OutageEvent {
    public String outageId;
    /** UNPLANNED or PLANNED. */
    public String kind;
    public long startedAt;
    /** Null while the outage is ongoing. */
    public Long restoredAt;
    public String regionCode;
    public String feederId;
    public String stationAreaId;
    public int customersAffected;
    public Boolean notifiedInAdvance;
    public String cause;

    public OutageEvent() {}

    public boolean unplanned() {
        return !"PLANNED".equals(kind);
    }

    /** Event time: the restore time when known, so the restore message is not late merely because the outage started long ago. */
    public long eventTime() {
        return restoredAt != null && restoredAt > startedAt ? restoredAt : startedAt;
    }

    @Override
    public String toString() {
        return "Outage[" + outageId + " " + regionCode + " @" + startedAt + "]";
    }

    /** The detectors' view. */
    public OutageSignal toSignal() {
        return new OutageSignal(outageId, unplanned(), startedAt, restoredAt, regionCode, feederId, stationAreaId,
                customersAffected);
    }

}
