package org.powerhotspots.records;

import java.util.LinkedHashMap;
import java.util.Map;
import org.powerhotspots.detect.OutageSignal;
import org.powerhotspots.io.Times;
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

    /** Fields of the hotspot-outages document (docs/elasticsearch.md); {@code region} is the county. */
    public Map<String, Object> toDocument(Region region) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outage_id", outageId);
        m.put("kind", kind);
        m.put("started_at", Times.iso(startedAt));
        m.put("restored_at", restoredAt == null ? null : Times.iso(restoredAt));
        m.put("duration_minutes", restoredAt == null ? null : (restoredAt - startedAt) / 60_000.0);
        m.put("region_code", regionCode);
        m.put("region_name", region.name());
        m.put("city_code", region.cityCode());
        m.put("city_name", region.cityName());
        m.put("province_code", region.provinceCode());
        m.put("feeder_id", feederId);
        m.put("station_area_id", stationAreaId);
        m.put("customers_affected", customersAffected);
        m.put("notified_in_advance", notifiedInAdvance);
        m.put("cause", cause);
        if (region.lat() != null && region.lon() != null) {
            m.put("location", Map.of("lat", region.lat(), "lon", region.lon()));
        }
        return m;
    }
}
