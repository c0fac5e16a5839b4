package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.workload.AdversarialDefiWorkload;
import io.multilane.exec.workload.Adversity;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's own threads (lanes and commit) allocate nothing per transaction or per block once warm:
 * after a warm-up, the bytes they allocate over 100k and over 1M transactions (blocks of 1000, a clean
 * DeFi mix with a hot pool) both stay under a small fixed bound, so the figure does not grow with the
 * transaction count. Measured with {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}.
 */
class ZeroAllocationTest {
    private static final int BLOCK_TXS = 1000;
    private static final long BOUND_BYTES = 64 * 1024;
    private static final AtomicInteger FAILURES_SHOWN = new AtomicInteger();

    @ParameterizedTest(name = "lanes={0}")
    @ValueSource(ints = {1, 2})
    void engineThreadsDoNotAllocateOnceWarm(final int lanes, @TempDir final Path dir) throws Exception {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);
        final AdversarialDefiWorkload generator = AdversarialDefiWorkload.of(Adversity.clean().withContention(0.3, 0.05), 42);
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final StateStore store = StateStores.open(StateConfig.of(dir, 1 << 21).withSyncOnSeal(false));
        long height = generator.writeGenesis(store, root, 0);
        final EngineConfig config = EngineConfig.forOpenStore().withLanes(lanes).withWaitKind(WaitKind.BACKOFF)
                .withVerifySignatures(false).withFeeCollector(SerialExecutor.DEFAULT_FEE_COLLECTOR).withRingSize(1024);
        try (store; Engine engine = Engine.open(config, store)) {
            final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 20);
            for (int i = 0; i < generator.setupBlocks(); i++) {
                height = run(engine, block, generator.encodeSetupBlock(i, height + 1, root, block), root);
            }
            final Runner runner = new Runner(engine, generator, block, root, height);
            runner.blocks(150);
            final long[] ids = threadIds(engine.threads());
            final long before100k = total(mx, ids);
            runner.blocks(100);
            final long small = total(mx, ids) - before100k;
            final long before1m = total(mx, ids);
            runner.blocks(1000);
            final long large = total(mx, ids) - before1m;
            System.out.printf("engine threads (%s) allocated %d bytes over 100k txs, %d bytes over 1M txs"
                    + " (re-executed %d, rebased %d, of %d)%n",
                    config, small, large,
                    engine.stats().reexecuted(), engine.stats().rebased(), engine.stats().transactions());
            assertTrue(small < BOUND_BYTES, "allocated " + small + " bytes over 100k txs");
            assertTrue(large < BOUND_BYTES, "allocated " + large + " bytes over 1M txs");
            assertTrue(engine.stats().failed() * 100 < engine.stats().transactions(),
                    "the clean mix fails under 1% (removals without shares): " + engine.stats().failed());
        }
    }

    private static long[] threadIds(final List<Thread> threads) {
        final long[] ids = new long[threads.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = threads.get(i).getId();
        }
        return ids;
    }

    private static long total(final com.sun.management.ThreadMXBean mx, final long[] ids) {
        long sum = 0;
        for (long bytes : mx.getThreadAllocatedBytes(ids)) {
            sum += bytes;
        }
        return sum;
    }

    private static long run(final Engine engine, final ExpandableArrayBuffer block, final int length, final UnsafeBuffer root)
            throws Exception {
        final BlockResult r = engine.submit(block, 0, length).get(60, TimeUnit.SECONDS);
        assertTrue(r.sealed(), r.toString());
        if (r.failed() > 0 && FAILURES_SHOWN.getAndIncrement() % 200 == 0) {
            System.out.println("block " + r.height() + " failures " + r.failedByReason());
        }
        root.putBytes(0, r.root(), 0, BlockDescriptor.ROOT_LENGTH);
        return r.height();
    }

    /** Feeds random blocks, one in flight while the next is encoded... sequentially: each names its parent's root. */
    private static final class Runner {
        private final Engine engine;
        private final AdversarialDefiWorkload generator;
        private final ExpandableArrayBuffer block;
        private final UnsafeBuffer root;
        private long height;

        Runner(final Engine engine, final AdversarialDefiWorkload generator, final ExpandableArrayBuffer block,
                final UnsafeBuffer root, final long height) {
            this.engine = engine;
            this.generator = generator;
            this.block = block;
            this.root = root;
            this.height = height;
        }

        void blocks(final int n) throws Exception {
            for (int i = 0; i < n; i++) {
                height = run(engine, block, generator.encodeBlock(height + 1, root, block, BLOCK_TXS), root);
            }
        }
    }
}
