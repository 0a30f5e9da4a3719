package org.powerhotspots.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SurgeOracleTest {
    private static final long MINUTE = 60_000L;
    static Simulator sim;
    static Simulator.Result world;
    static SurgeOracle oracle;

    @BeforeAll
    static void simulate() {
        sim = new Simulator(new Simulator.Config("61", LocalDate.of(2026, 3, 2), 4, 5, 4000, Optional.empty()));
        world = sim.run();
        oracle = new SurgeOracle(sim, world, 15 * MINUTE, 30 * MINUTE, 12 * 60 * MINUTE, 7 * 24 * 60 * MINUTE);
    }

    @Test
    void theTrueIntensityAccountsForTheOrdinaryComplaints() {
        double expected = 0;
        for (int c = 0; c < sim.counties().size(); c++) {
            for (org.powerhotspots.domain.Topic t : org.powerhotspots.domain.Topic.values()) {
                for (int h = 0; h < sim.days() * 24; h++) {
                    expected += sim.trueIntensity(c, t, h);
                }
            }
        }
        long ordinary = world.complaints().stream().filter(x -> x.incidentId() == null).count();
        assertTrue(Math.abs(ordinary - expected) < 0.02 * expected,
                "ordinary complaints " + ordinary + " against a true intensity summing to " + expected);
    }

    @Test
    void aStricterFalseAlarmRateGivesAHigherThreshold() {
        double lax = oracle.calibrate(0.2, 4, 1);
        double strict = oracle.calibrate(0.01, 4, 1);
        assertTrue(strict > lax, "threshold at 0.01/county-month " + strict + " vs at 0.2 " + lax);
    }

    @Test
    void theOracleFindsEveryInjectedCountySurgeInItsCountyAndTopicAfterItStarts() {
        List<SurgeOracle.Alarm> alarms = oracle.run(oracle.calibrate(0.05, 4, 1));
        for (Incident i : world.incidents()) {
            if (!"county_surge".equals(i.scenario)) {
                continue;
            }
            boolean found = alarms.stream().anyMatch(a -> a.regionCode().equals(i.regionCode)
                    && a.topic() == i.topic && a.detectedAt() > i.start && a.detectedAt() <= i.end + 6 * 60 * MINUTE);
            assertTrue(found, "no oracle alarm for " + i.id() + " " + i.regionCode + " " + i.topic);
        }
    }
}
