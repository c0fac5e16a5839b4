package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.multilane.affinity.Affinity;
import io.multilane.affinity.AffinityMode;
import io.multilane.affinity.CpuLayout;
import io.multilane.affinity.CpuRole;
import io.multilane.affinity.CpuSet;
import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.workload.AdversarialDefiWorkload;
import io.multilane.exec.workload.Adversity;
import io.multilane.exec.workload.DefiMixSpec;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine lifecycle: open recovers the last sealed block and reports its height and root; listeners see
 * every block in order; a full ring rejects (reject mode) or makes submit wait (wait mode); close rolls
 * back a block still in flight and fails its future; stats add up.
 */
class EngineLifecycleTest {
    private static final DefiMixSpec SMALL = new DefiMixSpec(16, 2, 2, 0, 0, 0, 1, 1, 0, 0, 1, 0, false);
    private static final Adversity SMALL_MIX = new Adversity(1, 1, 0.5, 0.5, 0, 0, 0);
    private final BlockEncoder encoder = new BlockEncoder();
    private final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 16);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private final long[] nonces = new long[16];

    @AfterEach
    void openGate() {
        ProbeProgram.gate.countDown();
    }

    private static StateConfig stateConfig(final Path dir) {
        return StateConfig.of(dir, 1 << 14).withSyncOnSeal(false).withWriteBehindThread(false);
    }

    /** Writes the generator's genesis (16 funded accounts) and returns the sealed height. */
    private long genesis(final Path dir) {
        try (StateStore store = StateStores.open(stateConfig(dir))) {
            return new AdversarialDefiWorkload(SMALL, SMALL_MIX, 1).writeGenesis(store, root, 0);
        }
    }

    private int probeBlock(final long height, final int txs, final int instruction) {
        encoder.wrap(block, 0, height, height, root, 0);
        for (int i = 0; i < txs; i++) {
            final int from = i % 16;
            encoder.beginTx().header(AdversarialDefiWorkload.FIRST_USER + from, nonces[from]++, 1, ProbeProgram.ID, instruction,
                    ProbeProgram.ARGS).argU64(0, AdversarialDefiWorkload.FIRST_USER);
            encoder.commitTx();
        }
        return encoder.length();
    }

    private EngineConfig config(final Path dir) {
        return EngineConfig.of(stateConfig(dir)).withLanes(2).withWaitKind(WaitKind.BLOCKING).withVerifySignatures(false)
                .withPrograms(ProbeProgram::registry).withRingSize(64);
    }

    @Test
    void openRecoversTheLastSealedBlockAndReportsItsHeightAndRoot(@TempDir final Path dir) throws Exception {
        long height = genesis(dir);
        final UnsafeBuffer opened = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        try (Engine engine = Engine.open(config(dir))) {
            assertEquals(height, engine.openedHeight());
            engine.openedRoot(opened, 0);
            assertEquals(root, opened, "the root of the genesis block");
            final List<Long> seen = new CopyOnWriteArrayList<>();
            engine.listener(r -> seen.add(r.height()));
            for (int b = 0; b < 3; b++) {
                final BlockResult r = engine.submit(block, 0, probeBlock(++height, 10, ProbeProgram.THROW_IN_LANES))
                        .get(30, TimeUnit.SECONDS);
                assertTrue(r.sealed());
                root.putBytes(0, r.root(), 0, BlockDescriptor.ROOT_LENGTH);
                assertEquals(10, r.transactions());
                assertTrue(r.commitNanos() > 0 && r.executeNanos() > 0);
            }
            assertEquals(List.of(height - 2, height - 1, height), seen);
            assertEquals(30, engine.stats().transactions());
            assertEquals(3, engine.stats().blocks());
            assertEquals(height, engine.sealedHeight());
        }
        try (Engine engine = Engine.open(config(dir))) {
            assertEquals(height, engine.openedHeight(), "recovered to the last sealed block");
            engine.openedRoot(opened, 0);
            assertEquals(root, opened, "and reports its root");
        }
    }

    @Test
    void pinnedThreadsRunOnTheirLayoutsCpus(@TempDir final Path dir) throws Exception {
        final long height = genesis(dir);
        final CpuLayout layout = CpuLayout.defaults();
        final List<CpuSet> commitCpus = new CopyOnWriteArrayList<>();
        try (Engine engine = Engine.open(config(dir).withPinning(layout))) {
            engine.listener(r -> commitCpus.add(Affinity.currentThreadCpus()));
            final BlockResult r = engine.submit(block, 0, probeBlock(height + 1, 10, ProbeProgram.THROW_IN_LANES))
                    .get(30, TimeUnit.SECONDS);
            assertTrue(r.sealed());
            assertEquals(10, r.reexecuted(), "pinned lanes ran (and threw) and the commit stage re-executed");
        }
        if (Affinity.mode() == AffinityMode.NATIVE) {
            // the listener runs in the commit role, which a lane takes: on that lane's pinned CPUs
            final List<CpuSet> laneCpus = List.of(layout.cpusFor(CpuRole.lane(0)), layout.cpusFor(CpuRole.lane(1)));
            assertTrue(laneCpus.contains(commitCpus.get(0)), "the committing lane pinned itself in onStart: "
                    + commitCpus.get(0) + " not in " + laneCpus);
        }
    }

    @Test
    void rejectModeRefusesABlockWhenTheRingIsFull(@TempDir final Path dir) throws Exception {
        final long height = genesis(dir);
        ProbeProgram.gate = new CountDownLatch(1);
        try (Engine engine = Engine.open(config(dir).withBackpressure(Backpressure.REJECT))) {
            final CompletableFuture<BlockResult> first =
                    engine.submit(block, 0, probeBlock(height + 1, 40, ProbeProgram.BLOCK_IN_LANES));
            final EngineException full = assertThrows(EngineException.class,
                    () -> engine.submit(block, 0, probeBlock(height + 2, 40, ProbeProgram.THROW_IN_LANES)));
            assertEquals(EngineException.Reason.RING_FULL, full.reason());
            assertTrue(full.getMessage().contains("ring full"), full.getMessage());
            ProbeProgram.gate.countDown();
            final BlockResult r = first.get(30, TimeUnit.SECONDS);
            assertTrue(r.sealed());
            assertEquals(TxStatus.SUCCESS, r.receipts().status(39));
            root.putBytes(0, r.root(), 0, BlockDescriptor.ROOT_LENGTH);
            for (int i = 0; i < 40; i++) {
                nonces[i % 16]--;
            }
            assertTrue(engine.submit(block, 0, probeBlock(height + 2, 40, ProbeProgram.THROW_IN_LANES))
                    .get(30, TimeUnit.SECONDS).sealed(), "accepted once there is room");
        }
    }

    @Test
    void waitModeMakesSubmitWaitForRoom(@TempDir final Path dir) throws Exception {
        final long height = genesis(dir);
        ProbeProgram.gate = new CountDownLatch(1);
        try (Engine engine = Engine.open(config(dir))) {
            final CompletableFuture<BlockResult> first =
                    engine.submit(block, 0, probeBlock(height + 1, 40, ProbeProgram.BLOCK_IN_LANES));
            final ExpandableArrayBuffer second = new ExpandableArrayBuffer(1 << 16);
            final int length = probeBlock(height + 2, 40, ProbeProgram.THROW_IN_LANES);
            second.putBytes(0, block, 0, length);
            final CompletableFuture<CompletableFuture<BlockResult>> submitted = new CompletableFuture<>();
            final Thread submitter = new Thread(() -> {
                try {
                    submitted.complete(engine.submit(second, 0, length));
                } catch (RuntimeException e) {
                    submitted.completeExceptionally(e);
                }
            }, "submitter");
            submitter.start();
            awaitParked(submitter, f -> f.getClassName().startsWith("io.multilane.pipeline."), "waiting for room in submit",
                    submitted);
            assertFalse(submitted.isDone(), () -> "submit waits while the ring is full: " + submitted.handle((v, t) -> t).join());
            ProbeProgram.gate.countDown();
            assertTrue(first.get(30, TimeUnit.SECONDS).sealed());
            final BlockResult r = submitted.get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
            assertEquals(BlockStatus.PARENT_ROOT_MISMATCH, r.status(),
                    "the second block named the genesis root as parent: refused whole, as the serial executor would");
        }
    }

    @Test
    void closeRollsBackTheBlockInFlight(@TempDir final Path dir) throws Exception {
        final long height = genesis(dir);
        ProbeProgram.gate = new CountDownLatch(1);
        final Engine engine = Engine.open(config(dir).withCloseTimeoutMillis(100));
        final CompletableFuture<BlockResult> inFlight =
                engine.submit(block, 0, probeBlock(height + 1, 5, ProbeProgram.BLOCK_IN_LANES));
        final Thread closer = new Thread(engine::close, "closer");
        closer.start();
        // close gives up on the block after its 100 ms timeout and then joins the engine threads
        awaitParked(closer, f -> f.getClassName().equals(Thread.class.getName()) && f.getMethodName().equals("join"),
                "joining the engine threads", null);
        ProbeProgram.gate.countDown();
        closer.join(30_000);
        assertFalse(closer.isAlive());
        final ExecutionException e = assertThrows(ExecutionException.class, () -> inFlight.get(30, TimeUnit.SECONDS));
        assertEquals(EngineException.Reason.CLOSED, ((EngineException) e.getCause()).reason());
        try (StateStore store = StateStores.open(stateConfig(dir))) {
            assertEquals(height, store.sealedHeight(), "the block in flight was rolled back");
        }
    }

    /**
     * Waits (30 s at most) until {@code thread} is parked or waiting inside a frame {@code frame} accepts: the
     * event a test waits for, observed, instead of a sleep that hopes it happened.
     */
    private static void awaitParked(final Thread thread, final Predicate<StackTraceElement> frame, final String what,
            final CompletableFuture<?> failsEarly) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            final Thread.State state = thread.getState();
            if ((state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                    && Arrays.stream(thread.getStackTrace()).anyMatch(frame)) {
                return;
            }
            if (failsEarly != null && failsEarly.isDone()) {
                throw new AssertionError(thread.getName() + " finished instead of " + what + ": "
                        + failsEarly.handle((v, t) -> t == null ? v : t).join());
            }
            if (!thread.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(thread.getName() + " was not seen " + what + " within 30 s (state " + state + ")");
            }
            Thread.onSpinWait();
        }
    }
}
