package org.powerhotspots.bench.e2e;

import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.powerhotspots.backfill.InputFormats;
import org.powerhotspots.config.HotspotConfig;
import org.powerhotspots.io.KafkaIO;
import org.powerhotspots.records.Decoded;

/**
 * The floor of any job over the same files: the backfill's file source and decoder, a keyBy on the county, and a
 * discarding sink, in batch mode. Prints {@code key=value} lines for scripts/bench.
 */
public final class NoOpPipeline {
    private NoOpPipeline() {}

    public static void main(String[] args) throws Exception {
        String complaints = args[0];
        long records = Long.parseLong(args[1]);
        int parallelism = Integer.parseInt(args[2]);
        HotspotConfig config = HotspotConfig.load(null, System.getenv(), Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(parallelism);
        FileSource<Decoded> source = FileSource.forBulkFileFormat(
                InputFormats.forKind(KafkaIO.Kind.COMPLAINT, KafkaIO.decoder(config)),
                new org.apache.flink.core.fs.Path(java.nio.file.Path.of(complaints).toAbsolutePath().toUri())).build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "complaints")
                .keyBy(d -> d.complaint != null ? d.complaint.regionCode : "dead")
                .sinkTo(new DiscardingSink<>()).name("discard");
        JobExecutionResult result = env.execute("no-op pipeline");
        double seconds = result.getNetRuntime() / 1000.0;
        System.out.printf("noop_seconds=%.2f%nnoop_per_s=%.0f%n", seconds, records / seconds);
    }
}
