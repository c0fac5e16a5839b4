package io.multilane.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import io.multilane.affinity.CpuRole;
import io.multilane.exec.lane.LaneCommitter;
import io.multilane.exec.lane.LaneExecutor;
import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockFlyweight;
import io.multilane.state.HotAccountStore;
import io.multilane.state.StateReader;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The parallel execution engine a validator embeds. {@link #open} opens (or recovers) the store to its
 * last sealed block and reports {@link #sealedHeight()} and {@link #root}; {@link #submit} hands it an
 * ordered block and returns a future of the block's {@link BlockResult} (receipts, state root, stats),
 * bit for bit what the serial executor gives; {@link #close} finishes the submitted blocks (or, after
 * the configured timeout, rolls back the one in flight) and closes the store.
 *
 * <p>Threads: {@link #submit} may be called from any thread (submissions are serialized: the calling
 * thread starts copying the block into the ring and, while the ring is full, the lanes go on copying it as
 * they free slots: {@link RingFeed}); the engine runs one thread per lane, and the lanes take the commit role
 * in turns; results and listeners are delivered by the lane holding it. {@link #state()} may be
 * read from any thread. When the ring is full, {@code submit} waits or throws, per {@link Backpressure}.
 */
public final class Engine implements AutoCloseable {
    private static final UnsafeBuffer ZERO_ROOT = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);

    private final EngineConfig config;
    private final StateStore store;
    private final RingBuffer<TxSlot> ring;
    private final List<BatchEventProcessor<TxSlot>> processors = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CommitHandler commit;
    private final EngineStats stats = new EngineStats();
    private final WaitKind waitKind;
    private final BlockFlyweight block = new BlockFlyweight();
    private final long openedHeight;
    private final UnsafeBuffer openedRoot = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private final Object ingress = new Object();
    private final LaneGate gate;
    private final RingFeed feed;
    private final boolean ownsStore;
    private final ClosableReader guardedState;
    private volatile boolean closed;

    private Engine(final EngineConfig config, final StateStore store, final boolean ownsStore) {
        this.config = config;
        this.store = store;
        this.ownsStore = ownsStore;
        this.guardedState = new ClosableReader(store);
        this.openedHeight = store.sealedHeight();
        store.root(openedRoot, 0);
        final int lanes = config.lanes();
        this.waitKind = config.waitKind().resolve(lanes, Runtime.getRuntime().availableProcessors());
        if (config.pinning() != null) {
            for (int i = 0; i < lanes; i++) {
                config.pinning().cpusFor(CpuRole.lane(i));
            }
        }
        // a direct lane records no speculative outcome: its slots need no room for read and write sets
        final int resultCapacity = config.direct() ? 0 : config.resultCapacity();
        // Multi-producer: submit may come from any thread (the ingress lock keeps each block contiguous).
        feed = new RingFeed(lanes, !config.direct());
        ring = RingBuffer.createMultiProducer(() -> new TxSlot(resultCapacity, lanes), config.ringSize(),
                feed.pumpingBefore(waitKind.newRingStrategy()));
        feed.wire(ring);
        final Sequence cursor = new Sequence();
        final SequenceBarrier laneBarrier = ring.newBarrier();
        final Sequence[] laneSequences = new Sequence[lanes];
        // The gate reads the lanes' sequences through this array, filled in before any thread starts.
        gate = new LaneGate(feed, laneSequences);
        // The commit role keeps the fee collector's record in memory within a block (written before the seal):
        // every transaction credits it, so this saves a store read and write per transaction. Lanes read the
        // store itself; a lane that reads the fee collector sees it as of the last seal and is re-executed.
        final StateStore commitStore = new HotAccountStore(store, config.feeCollector());
        commit = new CommitHandler(commitStore, new LaneCommitter(commitStore, config.programs().get(),
                config.feeCollector(), config.verifySignatures(), config.chainId()), cursor, stats, !config.producerMode(),
                config.direct());
        commit.wire(ring, gate);
        feed.wire(commit);
        ring.addGatingSequences(commit.sequence());
        final BatchEventProcessorBuilder builder = new BatchEventProcessorBuilder();
        for (int i = 0; i < lanes; i++) {
            final LaneExecutor executor = config.direct() ? null : new LaneExecutor(store, cursor, config.programs().get(),
                    config.feeCollector(), config.verifySignatures(), config.overlayCapacity(), config.chainId());
            final LaneHandler handler = new LaneHandler(i, executor, gate, commit, config.pinning(), cursor,
                    config.maxLaneLead(), waitKind, config.direct());
            final BatchEventProcessor<TxSlot> p = builder.build(ring, laneBarrier, handler);
            laneSequences[i] = p.getSequence();
            processors.add(p);
        }
        final ExceptionHandler<TxSlot> onError = new EngineExceptionHandler();
        for (int i = 0; i < processors.size(); i++) {
            final BatchEventProcessor<TxSlot> p = processors.get(i);
            p.setExceptionHandler(onError);
            final Thread t = new Thread(p, "multilane-lane-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        for (Thread t : threads) {
            t.start();
        }
    }

    /**
     * Opens the store named by the configuration (creating it, or recovering it to its last sealed
     * block; its persistence thread runs below the lanes: {@link PersistencePriority}) and starts the engine's
     * threads.
     *
     * @param config the configuration (with a {@link io.multilane.state.StateConfig})
     * @return a running engine
     */
    public static Engine open(final EngineConfig config) {
        Objects.requireNonNull(config.state(), "config has no StateConfig: use EngineConfig.of(stateConfig)");
        final StateStore store = StateStores.open(PersistencePriority.lowered(config.state()));
        try {
            return new Engine(config, store, true);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Starts an engine on a store the caller opened: the engine's commit thread is its single writer until
     * {@link #close}, which leaves it open (with no open block) for the caller to read, dump or close.
     *
     * @param config the configuration (its StateConfig, if any, is ignored)
     * @param store an open store with no open block
     * @return a running engine
     */
    public static Engine open(final EngineConfig config, final StateStore store) {
        return new Engine(config, store, false);
    }

    /**
     * Submits one block (format: {@code docs/tx-format.md}). The bytes are copied before this returns.
     * A block with a bad header completes at once with {@link BlockStatus#BAD_HEADER}; a wrong height or
     * parent root is refused by the commit stage (status in the result, store unchanged).
     *
     * @param buffer buffer holding the block
     * @param offset its offset
     * @param length its length
     * @return the future of the block's result
     * @throws EngineException {@code CLOSED}, {@code BLOCK_TOO_LARGE}, or {@code RING_FULL} (reject mode)
     */
    public CompletableFuture<BlockResult> submit(final DirectBuffer buffer, final int offset, final int length) {
        return submitInto(buffer, offset, length, null).future();
    }

    /**
     * Submits one block into a caller-owned result made by {@link BlockResult#reusable}, so a submitter that
     * recycles a few results allocates nothing per block. Wait for it with {@link BlockResult#await()} (or a
     * {@link BlockListener}) before passing the same result again. Otherwise as {@link #submit(DirectBuffer,
     * int, int)}.
     *
     * @param buffer buffer holding the block
     * @param offset its offset
     * @param length its length
     * @param into   a reusable result that is not in flight
     * @return {@code into}
     * @throws EngineException {@code CLOSED}, {@code BLOCK_TOO_LARGE}, or {@code RING_FULL} (reject mode)
     * @throws IllegalStateException if {@code into} is still in flight
     */
    public BlockResult submit(final DirectBuffer buffer, final int offset, final int length, final BlockResult into) {
        return submitInto(buffer, offset, length, Objects.requireNonNull(into, "into"));
    }

    private BlockResult submitInto(final DirectBuffer buffer, final int offset, final int length, final BlockResult into) {
        synchronized (ingress) {
            if (closed) {
                throw new EngineException(EngineException.Reason.CLOSED, "engine is closed: block refused", null);
            }
            if (commit.halted() != null) {
                throw commit.haltedException("block refused");
            }
            if (into != null) {
                into.checkReusable();
            }
            if (length > config.maxBlockBytes()) {
                throw new EngineException(EngineException.Reason.BLOCK_TOO_LARGE,
                        "block of " + length + " bytes exceeds the maximum of " + config.maxBlockBytes(), null);
            }
            block.wrap(buffer, offset, length);
            if (!block.headerValid()) {
                final BlockResult refused = resultFor(into, 0, 0, ZERO_ROOT, 0, 0);
                refused.status = BlockStatus.BAD_HEADER;
                refused.complete();
                return refused;
            }
            // One pass over the entries, the copy itself (RingFeed): the header's count sizes the result and the
            // ring claims (an honest block states it exactly; a wrong one costs passed-over slots or a grown receipt
            // log, never a wrong result), and the feed cuts a block with more entries than allowed. Reject mode must
            // know the exact count before it claims anything, so only it counts first.
            final int maxEntries = config.maxBlockTxs();
            final int expected;
            if (config.backpressure() == Backpressure.REJECT) {
                expected = countEntries(maxEntries);
            } else {
                expected = Math.max(0, Math.min(block.declaredTxCount(), Math.min(block.maxEntries(), maxEntries)));
            }
            final BlockResult result = resultFor(into, block.height(), block.timestamp(), buffer, block.parentRootOffset(),
                    expected);
            if (feed.feed(buffer, offset, length, result, expected, maxEntries) < 0) {
                throw refuseTooMany(result, maxEntries);
            }
            return result;
        }
    }

    /** Reject mode: counts the entries and refuses the block unless they are allowed and fit the free ring now. */
    private int countEntries(final int maxEntries) {
        int entries = 0;
        while (block.nextTx()) {
            entries++;
        }
        if (entries > maxEntries) {
            throw tooMany(Integer.toString(entries), maxEntries);
        }
        final long needed = entries + 2L;
        if (needed > config.ringSize()) {
            throw new EngineException(EngineException.Reason.BLOCK_TOO_LARGE, "block of " + entries
                    + " transactions cannot fit a ring of " + config.ringSize() + " slots (reject mode)", null);
        }
        if (ring.remainingCapacity() < needed) {
            throw new EngineException(EngineException.Reason.RING_FULL, "ring full: " + ring.remainingCapacity()
                    + " free slots, block needs " + needed, null);
        }
        return entries;
    }

    /**
     * The feed cut the block at its first entry beyond the maximum: waits until the commit role has rolled back what
     * of it was committed, then fails the result and tells the caller.
     */
    private static EngineException refuseTooMany(final BlockResult result, final int maxEntries) {
        result.await();
        final EngineException e = tooMany("more than " + maxEntries, maxEntries);
        result.fail(e);
        return e;
    }

    private static EngineException tooMany(final String entries, final int maxEntries) {
        return new EngineException(EngineException.Reason.BLOCK_TOO_LARGE, "block of " + entries
                + " transactions exceeds the maximum of " + maxEntries + ": refused, nothing of it committed", null);
    }

    private static BlockResult resultFor(final BlockResult into, final long height, final long timestamp,
            final DirectBuffer parent, final int parentOffset, final int entries) {
        if (into == null) {
            return new BlockResult(height, timestamp, parent, parentOffset, entries);
        }
        into.reset(height, timestamp, parent, parentOffset);
        return into;
    }

    /**
     * Sets the listener told of every block on the commit thread (null: none).
     *
     * @param listener the listener
     */
    public void listener(final BlockListener listener) {
        commit.listener(listener);
    }

    /** @return height of the last sealed block (any thread) */
    public long sealedHeight() {
        return commit.sealedHeight();
    }

    /** @return the height the store was recovered to when the engine opened */
    public long openedHeight() {
        return openedHeight;
    }

    /**
     * Copies the state root the store had when the engine opened (the last sealed block's root).
     *
     * @param out destination
     * @param offset where
     */
    public void openedRoot(final MutableDirectBuffer out, final int offset) {
        out.putBytes(offset, openedRoot, 0, BlockDescriptor.ROOT_LENGTH);
    }

    /**
     * @return committed state, readable from any thread (includes the open block's writes) until {@link #close}; a
     *         read after close throws {@link EngineException} ({@code CLOSED}) instead of touching freed memory
     */
    public StateReader state() {
        return guardedState;
    }

    /** @return running totals */
    public EngineStats stats() {
        return stats;
    }

    /** @return the wait strategy the engine resolved its configuration to */
    public WaitKind waitKind() {
        return waitKind;
    }

    /** @return the configuration */
    public EngineConfig config() {
        return config;
    }

    /** @return the engine's threads (the lanes, which also take the commit role), e.g. to measure their allocation */
    public List<Thread> threads() {
        return List.copyOf(threads);
    }

    /**
     * Refuses further submissions, waits (up to the configured timeout) for submitted blocks to finish,
     * stops the threads (rolling back a block still in flight and failing the futures of blocks not
     * started) and closes the store if the engine opened it. Idempotent; call from any thread but an engine
     * thread.
     */
    @Override
    public void close() {
        synchronized (ingress) {
            if (closed) {
                return;
            }
            closed = true;
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.closeTimeoutMillis());
        while (commit.completed() < ring.getCursor() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000);
        }
        gate.alert();
        for (BatchEventProcessor<TxSlot> p : processors) {
            p.halt();
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        commit.shutdown();
        failUnstarted();
        guardedState.close();
        if (ownsStore) {
            store.close();
        }
    }

    private void failUnstarted() {
        final long from = commit.sequence().get() + 1;
        final long to = ring.getCursor();
        for (long s = Math.max(from, to - config.ringSize() + 1); s <= to; s++) {
            final TxSlot slot = ring.get(s);
            if (slot.kind == TxSlot.BLOCK_BEGIN && slot.block != null) {
                slot.block.fail(new EngineException(EngineException.Reason.CLOSED,
                        "engine closed before block " + slot.block.height + " started", null));
            }
        }
    }
}
