package org.powerhotspots.records;

/** A decoded, validated complaint (SPEC section 2); a Flink POJO. */
public class ComplaintEvent {
    public String complaintId;
    /** Event time, epoch millis. */
    public long receivedAt;
    public String channel;
    /** County-level GB/T 2260 code, six digits. */
    public String regionCode;
    public String stationAreaId;
    public String feederId;
    public String customerId;
    public String categoryCode;
    public String text;

    public ComplaintEvent() {}

    @Override
    public String toString() {
        return "Complaint[" + complaintId + " " + regionCode + " @" + receivedAt + "]";
    }
}
