package org.powerhotspots.sim;

import static org.powerhotspots.sim.Simulator.MINUTE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Serialises the simulation as the input contract (SPEC section 2) in arrival order: outages sent at start and again
 * at restore, small delivery delays that reorder records, a few duplicate outage messages, optional fields sometimes
 * absent and sometimes null, and a few bad records for the dead-letter path.
 */
public final class RecordEmitter {

    /** What was sent. */
    public record Stats(
            int complaints,
            int badComplaints,
            int outageMessages,
            int outageStartMessages,
            int outageRestoreMessages,
            int duplicateOutageMessages,
            int badOutages,
            int traditionalTexts,
            int withCustomer) {}

    private record Line(long arrival, long seq, String json) {}

    static final double BAD_RATE = 0.003;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Random random;
    private long seq;

    public RecordEmitter(long seed) {
        this.random = new Random(seed * 7919 + 11);
    }

    public Stats emit(Simulator.Result result, SimulationSink sink) throws IOException {
        List<Line> complaintLines = new ArrayList<>();
        int bad = 0;
        int traditional = 0;
        int withCustomer = 0;
        for (SimComplaint c : result.complaints()) {
            long arrival = c.receivedAt() + delay();
            complaintLines.add(new Line(arrival, seq++, write(complaintJson(c))));
            if (TraditionalChinese.looksTraditional(c.text())) {
                traditional++;
            }
            if (c.customerId() != null) {
                withCustomer++;
            }
            if (random.nextDouble() < BAD_RATE) {
                complaintLines.add(new Line(arrival + 1, seq++, badComplaint(c)));
                bad++;
            }
        }
        List<Line> outageLines = new ArrayList<>();
        int starts = 0;
        int restores = 0;
        int duplicates = 0;
        int badOutages = 0;
        for (SimOutage o : result.outages()) {
            boolean sendStart = o.restoredAt() == null || random.nextDouble() >= 0.04;
            List<Line> sent = new ArrayList<>();
            if (sendStart) {
                sent.add(new Line(o.startedAt() + delay(), seq++, write(outageJson(o, false))));
                starts++;
            }
            if (o.restoredAt() != null) {
                sent.add(new Line(o.restoredAt() + delay(), seq++, write(outageJson(o, true))));
                restores++;
            }
            for (Line l : sent) {
                outageLines.add(l);
                if (random.nextDouble() < 0.005) {
                    // At-least-once delivery upstream: the same message again a little later.
                    outageLines.add(new Line(l.arrival() + random.nextInt(10) * MINUTE, seq++, l.json()));
                    duplicates++;
                }
            }
            if (random.nextDouble() < BAD_RATE * 2) {
                outageLines.add(new Line(o.startedAt() + delay(), seq++, badOutage(o)));
                badOutages++;
            }
        }
        Comparator<Line> order = Comparator.comparingLong(Line::arrival).thenComparingLong(Line::seq);
        complaintLines.sort(order);
        outageLines.sort(order);
        for (Line l : complaintLines) {
            sink.complaint(l.json(), l.arrival());
        }
        for (Line l : outageLines) {
            sink.outage(l.json(), l.arrival());
        }
        return new Stats(result.complaints().size(), bad, outageLines.size() - badOutages, starts, restores,
                duplicates, badOutages, traditional, withCustomer);
    }

    /** Usually a second to two minutes; now and then a record is held up for half an hour (out of order). */
    private long delay() {
        double u = random.nextDouble();
        if (u < 0.01) {
            return (5 + random.nextInt(35)) * MINUTE;
        }
        return 1000 + random.nextInt(120_000);
    }

    private ObjectNode complaintJson(SimComplaint c) {
        ObjectNode n = mapper.createObjectNode();
        n.put("complaint_id", c.complaintId());
        putTime(n, "received_at", c.receivedAt());
        if (random.nextDouble() < 0.99) {
            n.put("channel", c.channel());
        }
        n.put("region_code", c.regionCode());
        putOptional(n, "station_area_id", c.stationAreaId());
        putOptional(n, "feeder_id", c.feederId());
        putOptional(n, "customer_id", c.customerId());
        putOptional(n, "category_code", c.categoryCode());
        n.put("text", c.text());
        return n;
    }

    private ObjectNode outageJson(SimOutage o, boolean restored) {
        ObjectNode n = mapper.createObjectNode();
        n.put("outage_id", o.outageId());
        n.put("kind", o.planned() ? "PLANNED" : "UNPLANNED");
        putTime(n, "started_at", o.startedAt());
        if (restored) {
            putTime(n, "restored_at", o.restoredAt());
        } else if (random.nextBoolean()) {
            n.putNull("restored_at");
        }
        n.put("region_code", o.regionCode());
        putOptional(n, "feeder_id", o.feederId());
        putOptional(n, "station_area_id", o.stationAreaId());
        n.put("customers_affected", o.customersAffected());
        if (o.notifiedInAdvance() != null) {
            n.put("notified_in_advance", o.notifiedInAdvance());
        } else if (random.nextDouble() < 0.3) {
            n.putNull("notified_in_advance");
        }
        putOptional(n, "cause", random.nextDouble() < 0.8 ? o.cause() : null);
        return n;
    }

    /** Mostly ISO-8601 with +08:00; a few upstream systems send epoch milliseconds. */
    private void putTime(ObjectNode n, String field, long millis) {
        if (random.nextDouble() < 0.01) {
            n.put(field, millis);
        } else {
            n.put(field, Timestamps.iso(millis));
        }
    }

    /** Missing values are sometimes left out and sometimes sent as null. */
    private void putOptional(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        } else if (random.nextBoolean()) {
            n.putNull(field);
        }
    }

    private String badComplaint(SimComplaint c) {
        ObjectNode n = complaintJson(c);
        n.put("complaint_id", "BAD" + c.complaintId());
        return corrupt(n, "received_at", new String[] {"complaint_id", "received_at", "region_code", "text"});
    }

    private String badOutage(SimOutage o) {
        ObjectNode n = outageJson(o, false);
        n.put("outage_id", "BAD" + o.outageId());
        return corrupt(n, "started_at", new String[] {"outage_id", "started_at", "region_code"});
    }

    private String corrupt(ObjectNode n, String timeField, String[] required) {
        switch (random.nextInt(4)) {
            case 0 -> {
                String json = write(n);
                return json.substring(0, json.length() / 2 + random.nextInt(json.length() / 3));
            }
            case 1 -> n.remove(required[random.nextInt(required.length)]);
            case 2 -> n.put("region_code",
                    new String[] {"6101", "61O113", "", "陕西省西安市", "6101130"}[random.nextInt(5)]);
            default -> n.put(timeField,
                    new String[] {"2026-02-30T08:15:00+08:00", "not-a-time", "2026/03/05 08:15", "25:61"}[
                            random.nextInt(4)]);
        }
        return write(n);
    }

    private String write(ObjectNode n) {
        try {
            return mapper.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
