package org.powerhotspots.detect;

import java.io.Serializable;
import java.util.List;

/**
 * The core of one keyed detector, driven by signals and an event-time clock (the watermark).
 * Decisions depend only on event time and the input, never on wall-clock time or on arrival
 * order within the allowed lateness, so the streaming job, a backfill and a benchmark agree.
 */
public interface Detector<S> extends Serializable {
    /** Takes a signal; false if it is late (before the time this detector has already evaluated). */
    boolean accept(S signal);

    /** Evaluates every slide boundary up to and including {@code watermark}; returns the alerts emitted. */
    List<HotspotAlert> advanceTo(long watermark);

    /** The next event time at which {@link #advanceTo} has work, or {@link Long#MAX_VALUE}. */
    long nextWakeup();

    /** The last slide boundary evaluated (signals before it are late), or Long.MIN_VALUE. */
    long evaluatedUpTo();

    /**
     * Hands back the accepted signals not applied yet (after the boundaries up to the watermark were evaluated),
     * and forgets them: the caller keeps them in its own buffer, so a core's state never holds a second one.
     */
    List<S> takePending();

    /** True when nothing is worth keeping, so the caller may drop this detector's state. */
    boolean isEmpty();
}
