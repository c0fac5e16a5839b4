package io.multilane.pipeline;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import io.multilane.exec.program.ReasonNames;
import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.tx.BlockDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The outcome of one submitted block: its status ({@link BlockStatus}), receipts, state root and stats.
 * {@link Engine#submit} (the caller's thread) allocates it with room for the block's receipts, so the
 * commit thread fills it without allocating; it is complete, and safe to read from any thread without
 * locks, once its {@link #future()} has completed (or {@link BlockListener#onBlock} is called).
 *
 * <p>A submitter that must not allocate per block (a soak at a fixed rate, a node that wants no GC at all)
 * creates a few results once with {@link #reusable}, hands one to {@link Engine#submit(DirectBuffer, int,
 * int, BlockResult)} per block, waits with {@link #await()} (or polls {@link #done()}) and reuses it once
 * done. A reusable result has no future.
 *
 * <p>Stats: {@link #reexecuted()} over {@link #transactions()} is the re-execution rate, the engine's key
 * health figure; {@link #executeNanos()} is lane time spent on the block (summed over lanes),
 * {@link #commitNanos()} commit-stage time on its transactions, {@link #sealNanos()} the seal.
 */
public final class BlockResult {
    /** Reason codes counted individually; higher codes share the last bucket. */
    public static final int REASON_BUCKETS = 1024;

    private final CompletableFuture<BlockResult> future;
    private final ReceiptLog receipts;
    private final UnsafeBuffer parentRoot = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private final int[] failedByReason = new int[REASON_BUCKETS];
    long height;
    long timestamp;
    long submitNanos;
    long ringNanos;
    long beginNanos;
    private volatile boolean done;
    private volatile Thread waiter;
    private volatile EngineException failure;
    int status = -1;
    int transactions;
    int reexecuted;
    int rebased;
    int credits;
    int failed;
    long executeNanos;
    long commitNanos;
    long sealNanos;
    long sealCpuNanos;
    long latencyNanos;

    BlockResult(final long height, final long timestamp, final DirectBuffer parent, final int parentOffset,
            final int expectedTxs) {
        this(new CompletableFuture<>(), expectedTxs);
        reset(height, timestamp, parent, parentOffset);
    }

    private BlockResult(final CompletableFuture<BlockResult> future, final int expectedTxs) {
        this.future = future;
        this.receipts = new ReceiptLog(Math.max(16, expectedTxs * 2));
    }

    /**
     * Creates a result to pass to {@link Engine#submit(DirectBuffer, int, int, BlockResult)} again and again.
     *
     * @param expectedTxs transactions per block it is sized for (larger blocks grow it once)
     * @return a result without a future, not yet submitted
     */
    public static BlockResult reusable(final int expectedTxs) {
        final BlockResult r = new BlockResult(null, expectedTxs);
        r.done = true;
        return r;
    }

    /**
     * Submitting thread, under the ingress lock: refuses a result {@link Engine#submit(DirectBuffer, int, int,
     * BlockResult)} must not take: one made by {@code submit} itself (it has a future, which completes once), or a
     * reusable one still in flight (its commit would write into the new block's receipts).
     */
    void checkReusable() {
        if (future != null) {
            throw new IllegalArgumentException("result of block " + height + " came from submit(): only a result made by"
                    + " BlockResult.reusable() can be passed in again");
        }
        if (!done) {
            throw new IllegalStateException("result of block " + height + " is still in flight");
        }
    }

    /** Prepares the result for a new block: the submitting thread, before the block enters the ring. */
    void reset(final long height, final long timestamp, final DirectBuffer parent, final int parentOffset) {
        if (!done && future == null) {
            throw new IllegalStateException("result of block " + this.height + " is still in flight");
        }
        this.height = height;
        this.timestamp = timestamp;
        this.parentRoot.putBytes(0, parent, parentOffset, BlockDescriptor.ROOT_LENGTH);
        this.receipts.clear();
        Arrays.fill(failedByReason, 0);
        status = -1;
        transactions = 0;
        reexecuted = 0;
        rebased = 0;
        credits = 0;
        failed = 0;
        executeNanos = 0;
        commitNanos = 0;
        sealNanos = 0;
        sealCpuNanos = 0;
        latencyNanos = 0;
        ringNanos = 0;
        beginNanos = 0;
        failure = null;
        waiter = null;
        done = false;
        this.submitNanos = System.nanoTime();
    }

    /** Commit thread (or the submitter, for a refused header): the block is sealed or refused. */
    void complete() {
        done = true;
        LockSupport.unpark(waiter);
        if (future != null) {
            future.complete(this);
        }
    }

    /**
     * Commit thread: the ingress refused the block part-way and what of it was committed is rolled back; the
     * submitter, waiting for this, reports why ({@link #fail}).
     */
    void handBack() {
        done = true;
        LockSupport.unpark(waiter);
    }

    /** The block failed (rolled back) or the engine closed before it ran. */
    void fail(final EngineException e) {
        failure = e;
        done = true;
        LockSupport.unpark(waiter);
        if (future != null) {
            future.completeExceptionally(e);
        }
    }

    /**
     * @return completes with this result once the block is sealed or refused; exceptionally with {@link EngineException}
     * @throws IllegalStateException for a {@link #reusable} result, which has no future
     */
    public CompletableFuture<BlockResult> future() {
        if (future == null) {
            throw new IllegalStateException("a reusable result has no future: await() it or use a BlockListener");
        }
        return future;
    }

    /** @return whether the block is sealed, refused or failed (any thread; a volatile read) */
    public boolean done() {
        return done;
    }

    /**
     * Parks the calling thread until the block is done. One waiting thread at a time; allocation-free.
     *
     * @return this result
     * @throws EngineException if the block failed at commit or the engine closed before it ran
     */
    public BlockResult await() {
        waiter = Thread.currentThread();
        while (!done) {
            LockSupport.park(this);
        }
        waiter = null;
        final EngineException e = failure;
        if (e != null) {
            throw e;
        }
        return this;
    }

    /** @return {@link BlockStatus#SEALED}, or why the block was refused (nothing changed) */
    public int status() {
        return status;
    }

    /** @return whether the block was sealed */
    public boolean sealed() {
        return status == BlockStatus.SEALED;
    }

    /** @return the block's height (from its header) */
    public long height() {
        return height;
    }

    /** @return the block's timestamp */
    public long timestamp() {
        return timestamp;
    }

    /** @return one receipt per entry, in order (empty if refused) */
    public ReceiptLog receipts() {
        return receipts;
    }

    /** @return the 32-byte state root after the block (sealed blocks) */
    public DirectBuffer root() {
        return root;
    }

    /** @return the parent root the header stated */
    public DirectBuffer parentRoot() {
        return parentRoot;
    }

    /** @return transactions committed */
    public int transactions() {
        return transactions;
    }

    /** @return transactions the commit stage re-executed (value mismatch, overflow, fault) */
    public int reexecuted() {
        return reexecuted;
    }

    /** @return transactions applied from their lane after rebasing the sender account (envelope-only conflicts) */
    public int rebased() {
        return rebased;
    }

    /** @return re-executions over transactions (0 for an empty block) */
    public double reexecutionRate() {
        return transactions == 0 ? 0 : (double) reexecuted / transactions;
    }

    /** @return commutative credits applied from lane executions */
    public int credits() {
        return credits;
    }

    /** @return transactions that did not succeed (failed or rejected) */
    public int failed() {
        return failed;
    }

    /**
     * @param reason a reason code
     * @return how many receipts carry it
     */
    public int failedWith(final int reason) {
        return failedByReason[Math.min(reason, REASON_BUCKETS - 1)];
    }

    /** @return non-success receipts by reason name (allocates; for reports) */
    public Map<String, Integer> failedByReason() {
        final Map<String, Integer> out = new TreeMap<>();
        for (int r = 0; r < REASON_BUCKETS; r++) {
            if (failedByReason[r] != 0) {
                out.put(ReasonNames.of(r), failedByReason[r]);
            }
        }
        return out;
    }

    /** @return lane time spent executing the block's transactions, summed over lanes */
    public long executeNanos() {
        return executeNanos;
    }

    /** @return commit-stage time spent on the block's transactions (validate, apply, re-execute, receipts) */
    public long commitNanos() {
        return commitNanos;
    }

    /** @return time to seal (journal, root) */
    public long sealNanos() {
        return sealNanos;
    }

    /** @return CPU time the commit thread spent sealing the block (journal, root, hand-off to persistence) */
    public long sealCpuNanos() {
        return sealCpuNanos;
    }

    /** @return from submit to sealed */
    public long latencyNanos() {
        return latencyNanos;
    }

    /** @return {@link System#nanoTime()} when the ingress had put the whole block into the ring */
    public long ringNanos() {
        return ringNanos;
    }

    /** @return {@link System#nanoTime()} when the commit role began the block (its predecessors were sealed) */
    public long beginNanos() {
        return beginNanos;
    }

    void countFailure(final int reason) {
        failed++;
        failedByReason[Math.min(reason, REASON_BUCKETS - 1)]++;
    }

    UnsafeBuffer rootBuffer() {
        return root;
    }

    @Override
    public String toString() {
        return "BlockResult{height=" + height + ", status=" + BlockStatus.name(status) + ", transactions=" + transactions
                + ", reexecuted=" + reexecuted + ", failed=" + failed + ", commitNanos=" + commitNanos + '}';
    }
}
