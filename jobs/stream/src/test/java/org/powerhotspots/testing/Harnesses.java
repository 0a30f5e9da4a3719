package org.powerhotspots.testing;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.api.common.typeinfo.Types;
import org.powerhotspots.detect.HotspotAlert;
import org.powerhotspots.detect.flink.DetectorFunction;
import org.powerhotspots.detect.flink.DetectorOperator;

/**
 * Operator test harnesses as the job runs them: with {@code pipeline.generic-types: false}, so a state or record
 * type that would fall back to Kryo fails the test. Not opened, so state can be restored into them first.
 */
public final class Harnesses {
    private Harnesses() {}

    public static <K, I, O> KeyedOneInputStreamOperatorTestHarness<K, I, O> keyed(KeyedProcessFunction<K, I, O> function,
            KeySelector<I, K> key, TypeInformation<K> keyType) throws Exception {
        return withoutGenericTypes(new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                key, keyType));
    }

    /** A detector function in the operator the job runs it in (which writes its changed cores before barriers). */
    public static <I> KeyedOneInputStreamOperatorTestHarness<String, I, HotspotAlert> detector(
            DetectorFunction<I> function, KeySelector<I, String> key) throws Exception {
        return withoutGenericTypes(new KeyedOneInputStreamOperatorTestHarness<>(new DetectorOperator<>(function), key,
                Types.STRING));
    }

    public static <I, O> OneInputStreamOperatorTestHarness<I, O> of(ProcessFunction<I, O> function) throws Exception {
        return withoutGenericTypes(new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(function)));
    }

    /** A checkpoint as a task takes one: the operator's pre-barrier step, then its snapshot. */
    public static org.apache.flink.runtime.checkpoint.OperatorSubtaskState checkpoint(
            AbstractStreamOperatorTestHarness<?> harness, long checkpointId) throws Exception {
        harness.prepareSnapshotPreBarrier(checkpointId);
        return harness.snapshot(checkpointId, checkpointId);
    }

    private static <H extends AbstractStreamOperatorTestHarness<?>> H withoutGenericTypes(H harness) {
        ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
        return harness;
    }
}
