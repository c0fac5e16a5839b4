package io.multilane.pipeline;

import java.nio.file.Path;

import io.multilane.exec.workload.Adversity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak tier ({@code -Psoak}): more than 10 000 random blocks through the engine against the serial
 * oracle, over 1, 2, 4 and 8 lanes, non-spinning wait strategies, light and hot contention.
 */
@Tag("soak")
class EngineSoakTest {
    @Test
    void tenThousandRandomBlocksMatchSerial(@TempDir final Path dir) {
        final int[] lanes = {1, 2, 4, 8};
        final WaitKind[] kinds = {WaitKind.BACKOFF, WaitKind.BLOCKING};
        int run = 0;
        for (int n : lanes) {
            for (WaitKind kind : kinds) {
                final Adversity mix = run % 2 == 0 ? Adversity.defaults() : Adversity.hot();
                EngineDifferentialTest.run(dir.resolve("run" + run), n, kind, true, mix, 1300, 100, "soak " + run);
                run++;
            }
        }
    }
}
