package io.multilane.perf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.multilane.exec.workload.DefiMixSpec;
import io.multilane.exec.workload.DefiMixWorkload;
import io.multilane.exec.workload.MainnetLoopWorkload;
import io.multilane.exec.workload.Workload;
import io.multilane.exec.workload.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadsTest {
    @TempDir
    Path dir;

    @Test
    void everyNameCreatesThatWorkloadAtItsDefaultSize() {
        assertEquals(List.of("transfers-uniform", "transfers-zipf", "defi-mix", "hot-pool", "wasm-amm"), Workloads.NAMES);
        for (String name : Workloads.NAMES) {
            assertEquals(name, Workloads.create(name, 1).name());
        }
        assertTrue(Workloads.create(Workloads.TRANSFERS_UNIFORM, 1).stateEntries() >= Workloads.TRANSFER_ACCOUNTS);
        final DefiMixSpec defi = ((DefiMixWorkload) Workloads.create(Workloads.DEFI_MIX, 1)).spec();
        assertEquals(Workloads.DEFI_ACCOUNTS, defi.accounts());
        assertEquals(Workloads.DEFI_TOKENS, defi.tokens());
        assertEquals(100, defi.pools());
        assertEquals(10, defi.markets());
        final DefiMixSpec hot = ((DefiMixWorkload) Workloads.create(Workloads.HOT_POOL, 1)).spec();
        assertEquals(1, hot.pools());
        assertEquals(hot.swaps(), hot.totalWeight());
    }

    @Test
    void theBundledMainnetNameIsLooped() {
        assertEquals(List.of("transfers-uniform", "transfers-zipf", "defi-mix", "hot-pool", "wasm-amm", "mainnet-pevm"),
                Workloads.ALL_NAMES);
        final Workload w = Workloads.create("mainnet-pevm", 1);
        assertInstanceOf(MainnetLoopWorkload.class, w);
        assertEquals("mainnet-pevm", w.name());
        assertEquals(0, w.setupBlocks());
    }

    @Test
    void aWorkloadDirectoryIsLooped() throws IOException {
        final Path copy = BundledCopies.mainnetPevm(dir.resolve("copy"));
        final Workload w = Workloads.create(copy.toString(), 1);
        assertInstanceOf(MainnetLoopWorkload.class, w);
        assertEquals(copy.toString(), w.name());
    }

    @Test
    void anUnknownNameThatIsNoWorkloadDirectoryListsTheNames() {
        for (String bad : new String[] {"transfers", dir.toString()}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workloads.create(bad, 1));
            assertTrue(e.getMessage().contains("unknown workload '" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("transfers-uniform, transfers-zipf, defi-mix, hot-pool, wasm-amm, mainnet-pevm"),
                    e.getMessage());
        }
    }

    @Test
    void sizesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> Workloads.create(Workloads.DEFI_MIX, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new DefiMixSpec(10, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new DefiMixSpec(10, 2, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new DefiMixSpec(10, 2, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, false));
    }
}
