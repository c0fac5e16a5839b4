package io.multilane.state.store;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.multilane.state.root.LtHash;

/**
 * The seal's one pass over the block ({@link RootFold#foldAndCollect}) shared with threads that would otherwise
 * wait: the block's undo entries are cut into chunks of {@value #CHUNK}; the writer folds chunks from the front,
 * helpers ({@link #assist}) from the back, each claiming one at a time with a compare-and-set on one word, until
 * they meet. A helper folds into its own accumulator and record; once the writer runs out of chunks it waits for
 * the chunks helpers are still folding, adds their accumulators (LtHash addition is commutative) and appends their
 * entries in chunk order, so the record is byte for byte the one a single thread collects.
 *
 * <p>Why helpers may run beside the writer: during the seal the writer changes no record, so the table's lookups
 * ({@link FastTable#find}) and value copies see a fixed table; the only stores are the stamps' resets, and a key's
 * stamp names one undo entry, whose chunk one thread folds: each thread resets only stamps of its own chunks, and a
 * stamp it reads that names another chunk's entry means "not mine" before and after that reset. A helper enters
 * only while the writer is inside {@link #foldAndCollect}, which returns only once no helper is inside.
 *
 * <p>The writer thread calls {@link #foldAndCollect}; any thread may call {@link #assist} and {@link #open()}.
 * Allocation-free once the chunk tables and the helpers' records have grown to the largest block.
 */
final class SealShares {
    /** Undo entries per chunk: tens of microseconds of folding, so the writer never waits long for a helper. */
    static final int CHUNK = 64;
    /** Helper contexts at most (bits of {@link #free}). */
    private static final int MAX_HELPERS = 30;

    private final Helper[] helpers;
    /** Bit {@code i} set: helper context {@code i} is free. */
    private final AtomicInteger free;
    /** The chunks not yet claimed: back (exclusive) in the high 32 bits, front in the low 32. */
    private final AtomicLong range = new AtomicLong();
    /** Helpers between their check of {@link #open} and their exit. */
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean open;
    /** A thread to wake when a seal opens (the store's persistence thread, which helps when it is idle), or null. */
    private volatile Thread wake;
    /** The store's undo log (the block being sealed) and the writer's folder. */
    private final UndoLog undo;
    private final RootFold fold;
    /** The seal's number: written before {@link #open} is raised. */
    private long seal;
    /** Per chunk folded by a helper: its context, and where its entries lie in that context's record. */
    private int[] chunkHelper = new int[64];
    private int[] chunkFrom = new int[64];
    private int[] chunkTo = new int[64];
    private int[] chunkEntries = new int[64];
    /** The seal in which the chunk was folded by a helper, written once it is whole (a helper that threw leaves it). */
    private long[] chunkSeal = new long[64];
    private long chunksHelped;

    /**
     * @param table the fast tier the blocks are written to
     * @param undo the store's undo log: at each seal, the block being sealed
     * @param fold the writer's folder over {@code table}
     * @param helpers how many threads may help at once (at most {@value #MAX_HELPERS}); 0 folds on the writer only
     */
    SealShares(final FastTable table, final UndoLog undo, final RootFold fold, final int helpers) {
        this.undo = undo;
        this.fold = fold;
        final int n = Math.min(helpers, MAX_HELPERS);
        this.helpers = new Helper[n];
        for (int i = 0; i < n; i++) {
            this.helpers[i] = new Helper(table);
        }
        this.free = new AtomicInteger((1 << n) - 1);
    }

    /** Wakes {@code thread} whenever a seal opens, so that it can help (before the first seal). */
    void wakeOnSeal(final Thread thread) {
        this.wake = thread;
    }

    /** Whether a seal is open to helpers now (a volatile read: cheap enough for a wait loop). Any thread. */
    boolean open() {
        return open;
    }

    /**
     * Writer: {@link RootFold#foldAndCollect} of the whole block into {@code acc} and {@code record}, with the help of
     * whichever threads call {@link #assist} meanwhile; returns once every entry is folded and no helper is inside.
     */
    void foldAndCollect(final LtHash acc, final BlockRecord record) {
        final int chunks = (undo.count() + CHUNK - 1) / CHUNK;
        if (helpers.length == 0 || chunks < 2) {
            fold.foldAndCollect(undo, acc, record);
            return;
        }
        if (chunkHelper.length < chunks) {
            final int size = Integer.highestOneBit(chunks - 1) << 1;
            chunkHelper = new int[size];
            chunkFrom = new int[size];
            chunkTo = new int[size];
            chunkEntries = new int[size];
            chunkSeal = new long[size];
        }
        seal++;
        range.set((long) chunks << 32);
        open = true;
        final Thread helper = wake;
        if (helper != null) {
            LockSupport.unpark(helper);
        }
        int chunk;
        while ((chunk = claim(true)) >= 0) {
            foldChunk(fold, chunk, acc, record);
        }
        open = false;
        for (int spins = 0; inside.get() != 0; spins++) {
            if (spins < 1_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        // every chunk is claimed: the writer folded [0, met), helpers [met, chunks)
        final int met = (int) range.get();
        for (int c = met; c < chunks; c++) {
            if (chunkSeal[c] != seal) {
                // a helper threw inside the chunk (its stamps may be half reset): the block cannot be sealed here
                throw new IllegalStateException("a thread helping the seal failed inside chunk " + c + " of " + chunks
                    + ": the block is not sealed; roll it back");
            }
            record.append(helpers[chunkHelper[c]].record, chunkFrom[c], chunkTo[c], chunkEntries[c]);
        }
        chunksHelped += chunks - met;
        for (final Helper h : helpers) {
            if (h.seal == seal) {
                acc.addAll(h.acc);
            }
        }
    }

    /**
     * Any thread: if a seal is open, folds chunks of it from the back until none is left, then returns true; false
     * at once when no seal is open or every helper context is taken.
     */
    boolean assist() {
        if (!open) {
            return false;
        }
        inside.incrementAndGet();
        try {
            if (!open) {
                return false;
            }
            final int id = take();
            if (id < 0) {
                return false;
            }
            try {
                return foldChunks(id);
            } finally {
                release(id);
            }
        } finally {
            inside.decrementAndGet();
        }
    }

    private boolean foldChunks(final int id) {
        final Helper h = helpers[id];
        if (h.seal != seal) {
            h.seal = seal;
            h.acc.clear();
            h.record.begin(0);
        }
        boolean folded = false;
        int chunk;
        while ((chunk = claim(false)) >= 0) {
            final int from = h.record.position();
            final int before = h.record.entries();
            foldChunk(h.fold, chunk, h.acc, h.record);
            chunkHelper[chunk] = id;
            chunkFrom[chunk] = from;
            chunkTo[chunk] = h.record.position();
            chunkEntries[chunk] = h.record.entries() - before;
            chunkSeal[chunk] = seal;
            folded = true;
        }
        return folded;
    }

    /** Folds and collects the undo entries of {@code chunk} (the last one may be short). */
    private void foldChunk(final RootFold folder, final int chunk, final LtHash acc, final BlockRecord record) {
        folder.collect(undo, chunk * CHUNK, Math.min(undo.count(), (chunk + 1) * CHUNK), acc, record);
    }

    /** Claims the front chunk (the writer) or the back one (a helper); -1 once they met. */
    private int claim(final boolean front) {
        while (true) {
            final long r = range.get();
            final int lo = (int) r;
            final int hi = (int) (r >>> 32);
            if (lo >= hi) {
                return -1;
            }
            final long next = front ? r + 1 : ((long) (hi - 1) << 32) | lo;
            if (range.compareAndSet(r, next)) {
                return front ? lo : hi - 1;
            }
        }
    }

    private int take() {
        while (true) {
            final int bits = free.get();
            if (bits == 0) {
                return -1;
            }
            final int id = Integer.numberOfTrailingZeros(bits);
            if (free.compareAndSet(bits, bits & ~(1 << id))) {
                return id;
            }
        }
    }

    private void release(final int id) {
        while (true) {
            final int bits = free.get();
            if (free.compareAndSet(bits, bits | (1 << id))) {
                return;
            }
        }
    }

    /** Chunks helpers folded since the store opened (writer thread; for tests and reports). */
    long chunksHelped() {
        return chunksHelped;
    }

    /** Item hashes the helpers computed (writer thread, between seals). */
    long itemHashes() {
        long sum = 0;
        for (final Helper h : helpers) {
            sum += h.fold.itemHashes();
        }
        return sum;
    }

    /** What one helping thread folds into: its own folder (value scratch), accumulator and record. */
    private static final class Helper {
        final RootFold fold;
        final LtHash acc = new LtHash();
        final BlockRecord record = new BlockRecord();
        long seal;

        Helper(final FastTable table) {
            this.fold = new RootFold(table);
        }
    }
}
