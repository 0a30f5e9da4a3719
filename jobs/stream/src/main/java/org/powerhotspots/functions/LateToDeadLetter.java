package org.powerhotspots.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.powerhotspots.records.DeadLetter;
import org.powerhotspots.domain.Times;

/** Records later than the allowed lateness become dead letters with reason LATE, counted: never dropped silently. */
public final class LateToDeadLetter<T> extends RichMapFunction<T, DeadLetter> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Names a late record and its event time. */
    public interface Describe<T> extends java.io.Serializable {
        String id(T record);

        long eventTime(T record);
    }

    private final String source;
    private final Describe<T> describe;
    private transient Counter late;
    private transient LongCounter lateTotal;

    public LateToDeadLetter(String source, Describe<T> describe) {
        this.source = source;
        this.describe = describe;
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter(source + "Late");
        lateTotal = new LongCounter();
        getRuntimeContext().addAccumulator(source + "-late", lateTotal);
    }

    @Override
    public DeadLetter map(T record) throws Exception {
        late.inc();
        lateTotal.add(1L);
        return DeadLetter.of(source, -1, -1, "LATE",
                source + " " + describe.id(record) + " at " + Times.iso(describe.eventTime(record))
                        + " arrived after the allowed lateness; stored but not counted by the detectors",
                JSON.writeValueAsBytes(record));
    }
}
