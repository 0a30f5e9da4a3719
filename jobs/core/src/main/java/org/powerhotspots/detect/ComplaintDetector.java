package org.powerhotspots.detect;

/** A detector fed with complaints: ordered by the time they were received, ties broken by complaint id. */
public abstract class ComplaintDetector extends BufferedDetector<ComplaintSignal> {
    private static final long serialVersionUID = 1L;

    protected ComplaintDetector(DetectionConfig config) {
        super(config);
    }

    @Override
    protected final long eventTime(ComplaintSignal s) {
        return s.receivedAt();
    }

    @Override
    protected final String idOf(ComplaintSignal s) {
        return s.complaintId();
    }
}
