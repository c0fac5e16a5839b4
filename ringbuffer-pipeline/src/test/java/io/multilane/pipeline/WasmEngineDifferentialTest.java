package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.workload.WasmAmmWorkload;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine against the serial oracle on {@code wasm-amm} blocks (WebAssembly AMM swaps on Zipf-popular
 * pools and token-contract transfers, plus the setup block that deploys a pool by transactions): with 1, 2
 * and 4 lanes, receipts, roots and the final state equal the oracle's. Contract code reaches state only
 * through the transaction context, so the lanes speculate on it and the commit stage validates it like any
 * program. The seed is printed and is in every assertion message.
 */
class WasmEngineDifferentialTest {
    private static final long BASE_SEED = Long.getLong("multilane.seed", System.nanoTime());

    @ParameterizedTest(name = "lanes={0}")
    @ValueSource(ints = {1, 2, 4})
    void wasmAmmMatchesSerial(final int lanes, @TempDir final Path dir) {
        final long seed = BASE_SEED ^ lanes;
        final String label = "wasm-amm lanes=" + lanes + " seed=" + seed + " (-Dmultilane.seed=" + BASE_SEED + ")";
        System.out.println("differential: " + label);
        final WasmAmmWorkload workload = new WasmAmmWorkload(300, 12, seed);
        final EngineConfig config = EngineConfig.forOpenStore().withLanes(lanes).withWaitKind(WaitKind.BLOCKING)
                .withRingSize(1024);
        try (Differential d = new Differential(dir, config, workload, label)) {
            for (int b = 0; b < 8; b++) {
                d.check(workload.encodeBlock(d.nextHeight(), d.root(), d.buffer(), 200));
            }
            assertTrue(d.successes(ProgramIds.WASM) >= 8 * 200, label + ": every workload call succeeds");
            System.out.printf("differential: %s: %d txs, re-executed %d (%.1f%%)%n", label, d.transactions(),
                    d.reexecuted(), 100.0 * d.reexecuted() / d.transactions());
        }
    }
}
