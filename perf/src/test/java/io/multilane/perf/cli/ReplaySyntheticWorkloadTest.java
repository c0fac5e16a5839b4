package io.multilane.perf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.multilane.exec.replay.StateDump;
import io.multilane.exec.workload.DefiMixWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaySyntheticWorkloadTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private String run(final int expectedCode, final String... args) {
        final StringWriter out = new StringWriter();
        assertEquals(expectedCode, CliRun.execute(out, err, args), err.toString());
        return out.toString();
    }

    private String replay(final String name, final long seed, final Path dump) {
        return run(0, "replay", "--workload", name, "--seed", Long.toString(seed), "--blocks", "4", "--txs", "200",
                "--accounts", "500", "--engine", "serial", "--dump-state", dump.toString());
    }

    private static List<String> roots(final String printed) {
        final List<String> roots = new ArrayList<>();
        printed.lines().filter(l -> l.startsWith("block ")).forEach(roots::add);
        return roots;
    }

    @Test
    void syntheticWorkloadReplaysDeterministicallyAndDumpsSortedRowsWithNumericIds() throws Exception {
        final Path first = dir.resolve("a.csv");
        final String printed = replay("defi-mix", 3, first);
        assertEquals(4, roots(printed).size(), printed);
        assertTrue(printed.contains("transactions 800, succeeded "), printed);
        final List<String> rows = Files.readAllLines(first);
        assertEquals(StateDump.HEADER, rows.get(0));
        final String user = Long.toString(DefiMixWorkload.FIRST_USER);
        final long setupTxs = Long.parseLong(printed.lines().filter(l -> l.startsWith("setup blocks ")).findFirst().orElseThrow()
                .replaceAll(".*transactions (\\d+),.*", "$1"));
        assertEquals(2 * 100 + 3 * 10 + 2 * 5 + 2 * 50, setupTxs, "pools, markets, staking pools; 50 position users");
        assertEquals("coin,1,," + (setupTxs + 800), rows.get(1), "fee collector holds one unit per transaction");
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("coin," + user + ",,")), "users' coin rows");
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("token," + user + "," + DefiMixWorkload.FIRST_TOKEN + ",")));
        assertEquals(2 * 100, rows.stream().filter(r -> r.startsWith("reserve,")).count(), "both reserves of 100 pools");
        final List<long[]> coinIds = new ArrayList<>();
        rows.stream().filter(r -> r.startsWith("coin,")).forEach(r -> coinIds.add(new long[] {Long.parseLong(r.split(",")[1])}));
        for (int i = 1; i < coinIds.size(); i++) {
            assertTrue(coinIds.get(i - 1)[0] < coinIds.get(i)[0], "coin rows sorted by id");
        }
        final Path again = dir.resolve("b.csv");
        assertEquals(roots(printed), roots(replay("defi-mix", 3, again)));
        assertEquals(-1L, Files.mismatch(first, again), "same seed, same final state");
        assertNotEquals(roots(printed), roots(replay("defi-mix", 4, dir.resolve("c.csv"))));
    }

    @Test
    void unknownNameThatIsNoDirectoryListsTheSyntheticWorkloads() {
        run(2, "replay", "--workload", "no-such-workload");
        assertTrue(err.toString().contains("transfers-uniform, transfers-zipf, defi-mix, hot-pool"), err.toString());
    }

    @Test
    void everySyntheticWorkloadReplaysToTheSameDumpOnTheEngineAsOnTheSerialExecutor() throws Exception {
        for (String name : new String[] {"defi-mix", "hot-pool", "transfers-zipf"}) {
            final Path serial = dir.resolve(name + "-serial.csv");
            final Path parallel = dir.resolve(name + "-parallel.csv");
            final String serialOut = run(0, "replay", "--workload", name, "--seed", "9", "--blocks", "6", "--txs", "300",
                    "--accounts", "800", "--engine", "serial", "--dump-state", serial.toString());
            final String parallelOut = run(0, "replay", "--workload", name, "--seed", "9", "--blocks", "6", "--txs", "300",
                    "--accounts", "800", "--engine", "parallel", "--lanes", "2", "--dump-state", parallel.toString());
            assertEquals(roots(serialOut), roots(parallelOut), name + ": per-block roots");
            assertEquals(6, roots(parallelOut).size(), parallelOut);
            assertTrue(parallelOut.contains("parallel engine, 2 lanes"), parallelOut);
            assertEquals(Files.readString(serial), Files.readString(parallel), name + ": final state dump");
        }
    }
}
