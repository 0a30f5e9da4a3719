package org.powerhotspots.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Buffers accepted signals and applies them in event-time order at each slide boundary, then
 * evaluates. Sorting the buffer makes every decision independent of arrival order; evaluating
 * only at boundaries gives the O(1) per-event cost (an append).
 */
public abstract class BufferedDetector<S> implements Detector<S> {
    private static final long serialVersionUID = 1L;

    /** The settings it was made with; never part of its state (see {@link StateCodec}). */
    protected final DetectionConfig config;
    private final long slide;
    /** The last evaluated boundary; events before it are late. */
    private long clock = Long.MIN_VALUE;
    /** Accepted signals not yet applied: pending[head..] (the slots before head are applied and cleared). */
    private final ArrayList<S> pending = new ArrayList<>();
    private int head;
    private boolean sorted = true;
    private long earliestPending = Long.MAX_VALUE;

    protected BufferedDetector(DetectionConfig config) {
        this.config = config;
        this.slide = slideOf(config);
    }

    /** The evaluation period, from the settings. */
    protected abstract long slideOf(DetectionConfig settings);

    /** Fails a restore whose settings would lay the state out differently than it was written. */
    protected static void requireSameLayout(boolean same, String what) {
        if (!same) {
            throw new IllegalStateException(what + " changed since this detector state was written: the state"
                    + " cannot be re-laid by a restart (see docs/operations.md, Upgrades)");
        }
    }

    /** Event time of a signal. */
    protected abstract long eventTime(S signal);

    /** Stable tie-break between signals with the same event time (their id). */
    protected abstract String idOf(S signal);

    /** Applies one signal to the state (called in event-time order). */
    protected abstract void apply(S signal);

    /** Evaluates the state as of {@code boundary} (all signals before it applied). */
    protected abstract List<HotspotAlert> evaluate(long boundary);

    /** True while the state must be evaluated at every boundary (baselines learn from quiet buckets too). */
    protected abstract boolean needsEveryBoundary();

    /** The earliest boundary the state itself needs (an expiry, a resolve check), or MAX_VALUE. */
    protected abstract long stateWakeup();

    /** True when the state holds nothing worth keeping. */
    protected abstract boolean stateEmpty();

    /** A signal behind the clock; by default it is late. */
    protected boolean acceptBehindClock(S signal) {
        return false;
    }

    @Override
    public final boolean accept(S signal) {
        if (clock != Long.MIN_VALUE && eventTime(signal) < clock) {
            return acceptBehindClock(signal);
        }
        if (pending.size() > head && order(pending.get(pending.size() - 1), signal) > 0) {
            sorted = false; // arrived out of order; sorted once, lazily, before the next boundary
        }
        pending.add(signal);
        earliestPending = Math.min(earliestPending, eventTime(signal));
        return true;
    }

    @Override
    public final List<HotspotAlert> advanceTo(long watermark) {
        List<HotspotAlert> alerts = new ArrayList<>();
        if (!sorted) {
            pending.subList(head, pending.size()).sort(this::order);
            sorted = true;
        }
        for (long b = nextWakeup(); b <= watermark; b = nextWakeup()) {
            // Sorted: walk forward with an index; each signal is touched once (amortised O(1)).
            while (head < pending.size() && eventTime(pending.get(head)) < b) {
                apply(pending.get(head));
                pending.set(head++, null);
            }
            earliestPending = head < pending.size() ? eventTime(pending.get(head)) : Long.MAX_VALUE;
            alerts.addAll(evaluate(b));
            clock = b;
        }
        if (head > 0 && (head == pending.size() || head >= pending.size() / 2)) {
            pending.subList(0, head).clear(); // amortised: at most once per halving
            head = 0;
        }
        return alerts;
    }

    @Override
    public final List<S> takePending() {
        List<S> rest = new ArrayList<>(pending.subList(head, pending.size()));
        rest.sort(this::order);
        pending.clear();
        head = 0;
        sorted = true;
        earliestPending = Long.MAX_VALUE;
        return rest;
    }

    /** Sets the clock of a core rebuilt from state (the last boundary it evaluated). */
    protected final void restoreClock(long evaluatedUpTo) {
        this.clock = evaluatedUpTo;
    }

    @Override
    public final long nextWakeup() {
        long next = stateWakeup();
        if (earliestPending != Long.MAX_VALUE) {
            next = Math.min(next, boundaryAfter(earliestPending));
        }
        if (clock != Long.MIN_VALUE && needsEveryBoundary()) {
            next = Math.min(next, clock + slide);
        }
        if (clock != Long.MIN_VALUE && next <= clock) {
            next = clock + slide; // never evaluate a boundary twice
        }
        return next;
    }

    private int order(S a, S b) {
        int c = Long.compare(eventTime(a), eventTime(b));
        return c != 0 ? c : idOf(a).compareTo(idOf(b));
    }

    @Override
    public final boolean isEmpty() {
        return head == pending.size() && stateEmpty();
    }

    @Override
    public final long evaluatedUpTo() {
        return clock;
    }

    /** The first slide boundary strictly after {@code time}. */
    public final long boundaryAfter(long time) {
        return Math.floorDiv(time, slide) * slide + slide;
    }

    /** The last evaluated boundary, or Long.MIN_VALUE before the first evaluation. */
    protected final long clock() {
        return clock;
    }

    protected final long slide() {
        return slide;
    }
}
