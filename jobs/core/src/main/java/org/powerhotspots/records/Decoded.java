package org.powerhotspots.records;

import org.powerhotspots.records.DeadLetter;

/** What a source yields for one message or line: exactly one of complaint, outage or dead letter. */
public class Decoded {
    public ComplaintEvent complaint;
    public OutageEvent outage;
    public DeadLetter deadLetter;

    public Decoded() {}

    public static Decoded of(ComplaintEvent c) {
        Decoded d = new Decoded();
        d.complaint = c;
        return d;
    }

    public static Decoded of(OutageEvent o) {
        Decoded d = new Decoded();
        d.outage = o;
        return d;
    }

    public static Decoded dead(DeadLetter letter) {
        Decoded d = new Decoded();
        d.deadLetter = letter;
        return d;
    }

    public boolean isDead() {
        return deadLetter != null;
    }

    /** Event time of a valid record; dead letters have none. */
    public long eventTime() {
        if (complaint != null) {
            return complaint.receivedAt;
        }
        if (outage != null) {
            return outage.eventTime();
        }
        return Long.MIN_VALUE;
    }
}
