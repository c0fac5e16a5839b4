package io.multilane.perf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.multilane.perf.report.Json;
import io.multilane.perf.workload.Workloads;
import io.multilane.pipeline.WaitKind;

class BenchRunnerTest {
    @TempDir
    Path dir;

    @Test
    void serialAndParallelRunTheSameBlocksToTheSameRoot() throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BenchConfig config = new BenchConfig(Workloads.DEFI_MIX, 3, 2_000, 8, 200, 2, WaitKind.BLOCKING, false, dir, 2);
        final Json json = new BenchRunner(config, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        final String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("serial and parallel agree"), printed);
        assertEquals(64, ((String) json.get("stateRoot")).length());
        assertTrue(((Number) json.get("serialTps")).longValue() > 0, json.toString());
        assertTrue(((Number) json.get("parallelTps")).longValue() > 0, json.toString());
        final double ratio = ((Number) json.get("ratio")).doubleValue();
        assertTrue(ratio > 0 && Double.isFinite(ratio), json.toString());
        assertTrue(printed.contains("round 2:"), printed);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, BenchRunner.median(new double[] {3, 1, 2}));
        assertEquals(2.5, BenchRunner.median(new double[] {4, 1, 3, 2}));
    }
}
