package org.powerhotspots.functions;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.powerhotspots.records.DeadLetter;
import org.powerhotspots.records.Decoded;

/** Valid records go on; dead letters go to a side output, counted. */
public final class SplitDeadLetters<T> extends ProcessFunction<Decoded, T> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    /** Picks the record out of a decoded envelope. */
    public interface Pick<T> extends java.io.Serializable {
        T from(Decoded d);
    }

    private final String what;
    private final Pick<T> pick;
    private transient Counter recordsIn;
    private transient Counter deadLettered;
    private transient ProgressLog progress;
    private transient LongCounter readTotal;
    private transient LongCounter deadTotal;

    private final long from;
    private final long to;

    public SplitDeadLetters(String what, Pick<T> pick) {
        this(what, pick, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Records with event time outside [from, to) are skipped (a backfill's period), not dead-lettered. */
    public SplitDeadLetters(String what, Pick<T> pick, long from, long to) {
        this.what = what;
        this.pick = pick;
        this.from = from;
        this.to = to;
    }

    @Override
    public void open(OpenContext openContext) {
        recordsIn = getRuntimeContext().getMetricGroup().counter(what + "RecordsIn");
        deadLettered = getRuntimeContext().getMetricGroup().counter(what + "DeadLettered");
        // Accumulators give a job's totals to its client (the backfill summary).
        readTotal = new LongCounter();
        deadTotal = new LongCounter();
        getRuntimeContext().addAccumulator(what + "-read", readTotal);
        getRuntimeContext().addAccumulator(what + "-deadlettered", deadTotal);
        progress = ProgressLog.forSubtask(what, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                getRuntimeContext().getGlobalJobParameters());
    }

    @Override
    public void processElement(Decoded value, Context ctx, Collector<T> out) {
        recordsIn.inc();
        readTotal.add(1L);
        if (value.isDead()) {
            deadLettered.inc();
            deadTotal.add(1L);
            ctx.output(DEAD_LETTERS, value.deadLetter);
        } else if (value.eventTime() >= from && value.eventTime() < to) {
            out.collect(pick.from(value));
        }
        progress.maybeLog(recordsIn.getCount(), deadLettered.getCount(), ctx.timerService().currentWatermark());
    }
}
