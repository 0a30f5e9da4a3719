package org.powerhotspots.pipeline;

import java.nio.file.Path;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.powerhotspots.schema.codec.AvroPackages;
import org.powerhotspots.sim.SimulateMain;

/** What the pipeline ITs share: one simulated province and a MiniCluster of two slots. */
final class PipelineFixtures {
    private PipelineFixtures() {}

    static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
    }

    /**
     * Simulates four weeks of a province into {@code work}/sim: two of warm-up, then incidents of every
     * type and some bad records (see docs/simulation.md). Returns that folder.
     */
    static Path simulateProvince(Path work) throws Exception {
        AvroPackages.allow();
        Path simulated = work.resolve("sim");
        SimulateMain.main(new String[] {"--out", simulated.toString(), "--weeks", "4", "--rate", "1200", "--seed", "11"});
        return simulated;
    }
}
