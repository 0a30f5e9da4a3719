package org.powerhotspots.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.powerhotspots.HotspotJob;
import org.powerhotspots.config.HotspotConfig;

/**
 * The job's restart strategy (HotspotJob.environment) rides out transient faults however many there are
 * over its life, as long as they are spaced: the backoff and the attempt count reset after a stable
 * period. A burst of faults without a pause still ends the job (FAILED, checkpoints kept).
 */
class RestartStrategyIT {
    private static final int FAULTS = 12; // more than the ten restarts the job used to allow in all

    @RegisterExtension
    static final MiniClusterExtension FLINK = PipelineFixtures.miniCluster();

    static final AtomicInteger FAILURES = new AtomicInteger();
    static final AtomicLong LAST_FAILURE = new AtomicLong();

    @BeforeEach
    void reset() {
        FAILURES.set(0);
        LAST_FAILURE.set(System.currentTimeMillis());
    }

    /** Fails every record once {@code spacingMillis} have passed since the last fault, {@link #FAULTS} times. */
    static final class TransientFault implements MapFunction<Long, Long> {
        private final long spacingMillis;

        TransientFault(long spacingMillis) {
            this.spacingMillis = spacingMillis;
        }

        @Override
        public Long map(Long value) throws Exception {
            Thread.sleep(1);
            long now = System.currentTimeMillis();
            if (FAILURES.get() < FAULTS && now - LAST_FAILURE.get() >= spacingMillis) {
                FAILURES.incrementAndGet();
                LAST_FAILURE.set(now);
                throw new IllegalStateException("injected transient fault " + FAILURES.get());
            }
            return value;
        }
    }

    private static void runWithFaults(HotspotConfig config, long spacingMillis) throws Exception {
        StreamExecutionEnvironment env = HotspotJob.environment(config.with("job.parallelism", "1"));
        env.fromSequence(1, 2_000).map(new TransientFault(spacingMillis)).name("transient faults")
                .sinkTo(new DiscardingSink<>());
        env.execute("restart strategy IT");
    }

    private static HotspotConfig restarts(String resetAfter) {
        return HotspotConfig.defaults()
                .with("job.restart.initial-backoff", "10ms")
                .with("job.restart.max-backoff", "50ms")
                .with("job.restart.reset-after", resetAfter)
                .with("job.restart.max-attempts", "3");
    }

    @Test
    void spacedTransientFaultsBeyondTheAttemptLimitNeverEndTheJob() throws Exception {
        // Each fault comes after a stable period longer than reset-after: the attempt count starts again.
        runWithFaults(restarts("100ms"), 300);
        assertEquals(FAULTS, FAILURES.get());
    }

    @Test
    void aBurstOfFaultsWithoutAStablePeriodFailsTheJobAfterMaxAttempts() {
        assertThrows(Exception.class, () -> runWithFaults(restarts("1h"), 0));
        assertEquals(4, FAILURES.get(), "the first run and three restarts, then FAILED");
    }
}
