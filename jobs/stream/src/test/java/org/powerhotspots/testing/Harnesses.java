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

    public static <I, O> OneInputStreamOperatorTestHarness<I, O> of(ProcessFunction<I, O> function) throws Exception {
        return withoutGenericTypes(new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(function)));
    }

    private static <H extends AbstractStreamOperatorTestHarness<?>> H withoutGenericTypes(H harness) {
        ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
        return harness;
    }
}
