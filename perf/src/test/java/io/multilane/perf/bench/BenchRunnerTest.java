package io.multilane.perf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.multilane.exec.workload.Workloads;
import io.multilane.perf.report.Json;
import io.multilane.pipeline.WaitKind;
import io.multilane.state.Writeback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRunnerTest {
    @TempDir
    Path dir;

    @Test
    void serialAndParallelRunTheSameBlocksToTheSameRoot() throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BenchConfig config = new BenchConfig(Workloads.DEFI_MIX, 3, 2_000, 8, 200, 2, false, WaitKind.BLOCKING, false,
                Writeback.PACED, dir, 2);
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
    void perStageCpuIsMeasuredForEveryEngineThreadAndTheSerialExecutor() throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BenchConfig config = new BenchConfig(Workloads.DEFI_MIX, 5, 2_000, 6, 200, 2, false, WaitKind.BLOCKING, false,
                Writeback.PACED, dir, 1);
        final Json json = new BenchRunner(config, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        final Json cpu = (Json) json.get("cpuNanosPerTx");
        // every stage did work in the window: a zero would mean a thread was not found or not measured
        for (String stage : new String[] {"ingress", "lanes", "commit", "seal", "persistence", "serial",
            "serialPersistence"}) {
            assertTrue(((Number) cpu.get(stage)).doubleValue() > 0, stage + " in " + json);
        }
        final double engine = ((Number) cpu.get("engineTotal")).doubleValue();
        final double sum = ((Number) cpu.get("ingress")).doubleValue() + ((Number) cpu.get("lanes")).doubleValue()
                + ((Number) cpu.get("commit")).doubleValue() + ((Number) cpu.get("seal")).doubleValue()
                + ((Number) cpu.get("persistence")).doubleValue();
        assertEquals(sum, engine, 1.0, json.toString());
        final double serialTotal = ((Number) cpu.get("serialTotal")).doubleValue();
        assertEquals(((Number) cpu.get("serial")).doubleValue() + ((Number) cpu.get("serialPersistence")).doubleValue(),
                serialTotal, 1.0, json.toString());
        // seals are shared with waiting threads: what they did is part of the seal, the rest ran in the commit role
        final double seal = ((Number) cpu.get("seal")).doubleValue();
        final double helped = ((Number) cpu.get("sealHelped")).doubleValue();
        assertTrue(helped >= 0 && helped <= seal, json.toString());
        final double commitThread = ((Number) cpu.get("commit")).doubleValue() + seal - helped;
        final double largest = Math.max(commitThread, Math.max(((Number) cpu.get("ingress")).doubleValue(),
                ((Number) cpu.get("persistence")).doubleValue()));
        // the model ceiling is 1e9 over the largest single-threaded stage (the JSON rounds each figure to 0.1 ns)
        assertEquals(1e9 / largest, ((Number) cpu.get("ceilingTps")).doubleValue(), 1e9 / largest * 0.01, json.toString());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("CPU per transaction"));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, BenchRunner.median(new double[] {3, 1, 2}));
        assertEquals(2.5, BenchRunner.median(new double[] {4, 1, 3, 2}));
    }
}
