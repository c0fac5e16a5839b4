package io.multilane.perf.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.multilane.exec.context.TxProcessor;
import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.tx.TxEncoder;
import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The run the serial-executor benchmark states share: a store in a temporary directory, a
 * {@link SerialExecutor} over it, a ring of {@link #RING} pre-encoded transactions whose nonces are
 * patched in place before each run (so the ring replays forever), and a block sealed every
 * {@link #BLOCK_TXS} transactions without fsync. A state writes its genesis into {@link #store()},
 * encodes its entries with {@link #entry} and {@link #put}, then calls {@link #open()}; nothing on
 * {@link #executeNext()}'s path allocates. Benchmark thread only.
 */
public final class SerialTxRing implements AutoCloseable {
    /** Transactions per sealed block. */
    public static final int BLOCK_TXS = 10_000;
    /** Entries in the ring (a power of two). */
    public static final int RING = 1 << 14;

    private final Path dir;
    private final StateStore store;
    private final SerialExecutor executor;
    private final ReceiptLog receipts = new ReceiptLog(BLOCK_TXS);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private final UnsafeBuffer ring = new UnsafeBuffer(new byte[RING * TxDescriptor.MAX_LENGTH]);
    private final int[] lengths = new int[RING];
    private final int[] senderOf = new int[RING];
    private final long[] nonces;
    private final long senderBase;
    private final boolean heightPerTx;
    private final InstructionEncoder encoder = new InstructionEncoder();
    private final ExpandableArrayBuffer block = new ExpandableArrayBuffer(BLOCK_TXS * 200);
    private final BlockEncoder blockEncoder = new BlockEncoder();
    private boolean blockMode;
    private long height;
    private long txHeight;
    private int inBlock;
    private int next;

    /**
     * Opens an empty store.
     *
     * @param name prefix of the temporary directory
     * @param capacity store capacity in records
     * @param senders senders, accounts {@code senderBase} to {@code senderBase + senders - 1}
     * @param senderBase account id of sender 0
     * @param heightPerTx whether every transaction runs at a new height (so each accrues interest or
     *        rewards) rather than at its block's
     * @throws IOException if the directory cannot be created
     */
    public SerialTxRing(final String name, final long capacity, final int senders, final long senderBase,
            final boolean heightPerTx) throws IOException {
        dir = Files.createTempDirectory(name);
        store = StateStores.open(StateConfig.of(dir, capacity).withSyncOnSeal(false));
        executor = new SerialExecutor(store, StandardPrograms.newRegistry(), SerialExecutor.DEFAULT_FEE_COLLECTOR, false);
        nonces = new long[senders];
        this.senderBase = senderBase;
        this.heightPerTx = heightPerTx;
    }

    /** @return the store, for genesis and for processing without applying */
    public StateStore store() {
        return store;
    }

    /** @return the 32-byte buffer the genesis and every seal write the root into */
    public UnsafeBuffer root() {
        return root;
    }

    /** @return receipts of the open block */
    public ReceiptLog receipts() {
        return receipts;
    }

    /**
     * Begins ring entry {@code i}, sent by {@code sender}.
     *
     * @param i entry
     * @param sender sender index
     * @return the encoder begun there (nonce 0, fee 1); pass the transaction it writes to {@link #put}
     */
    public InstructionEncoder entry(final int i, final int sender) {
        senderOf[i] = sender;
        return encoder.begin(ring, i * TxDescriptor.MAX_LENGTH, senderBase + sender, 0, 1);
    }

    /**
     * Records ring entry {@code i} as written by {@code tx}.
     *
     * @param i entry
     * @param tx the transaction begun with {@link #entry}
     */
    public void put(final int i, final TxEncoder tx) {
        lengths[i] = tx.length();
    }

    /** Opens the block after the genesis; transactions may run from here. */
    public void open() {
        height = store.sealedHeight() + 1;
        txHeight = height;
        executor.beginBlock(height);
    }

    /**
     * Takes the next nonce of a sender, for a transaction run outside the ring through {@link #execute}.
     *
     * @param sender sender index
     * @return its nonce
     */
    public long takeNonce(final int sender) {
        return nonces[sender]++;
    }

    /**
     * Executes the next transaction of the ring, its nonce patched.
     *
     * @return its status
     */
    public int executeNext() {
        final int i = advance(true);
        return execute(ring, i * TxDescriptor.MAX_LENGTH, lengths[i]);
    }

    /** Moves to the next entry of the ring and patches its sender's nonce in (taking it or not); returns its index. */
    private int advance(final boolean takeNonce) {
        final int i = next;
        next = (i + 1) & (RING - 1);
        final int sender = senderOf[i];
        ring.putLong(i * TxDescriptor.MAX_LENGTH + TxDescriptor.NONCE_OFFSET, nonces[sender], TxDescriptor.ORDER);
        if (takeNonce) {
            nonces[sender]++;
        }
        return i;
    }

    /**
     * Executes one transaction in the open block, sealing it and opening the next every {@link #BLOCK_TXS}.
     *
     * @param buffer holds the transaction
     * @param offset its offset
     * @param length its framed length
     * @return its status
     */
    public int execute(final DirectBuffer buffer, final int offset, final int length) {
        final long at = heightPerTx ? txHeight++ : height;
        final int status = executor.executeTx(buffer, offset, length, at, at, receipts);
        if (++inBlock == BLOCK_TXS) {
            executor.seal(height, root, 0);
            receipts.clear();
            inBlock = 0;
            height++;
            executor.beginBlock(height);
        }
        return status;
    }

    /**
     * Runs {@code n} ring transactions and fails on the first that does not succeed.
     *
     * @param n transactions
     */
    public void warm(final int n) {
        for (int k = 0; k < n; k++) {
            if (executeNext() != TxStatus.SUCCESS) {
                final int last = receipts.count() - 1;
                throw new IllegalStateException("tx " + k + " failed: " + ReasonCodes.name(receipts.reason(last)));
            }
        }
    }

    /**
     * Runs the next transaction of the ring through {@code processor} against the store without
     * applying it (its nonce patched but not taken).
     *
     * @param processor decodes and runs it
     * @return its status
     */
    public int processNext(final TxProcessor processor) {
        final int i = advance(false);
        return processor.process(store, ring, i * TxDescriptor.MAX_LENGTH, lengths[i], height, height);
    }

    /**
     * Executes the first {@link #BLOCK_TXS} entries of the ring, nonces patched, as one block through
     * {@link SerialExecutor#execute} (the oracle's block path). Must not be mixed with {@link #executeNext()}.
     *
     * @return the block status
     */
    public int executeBlock() {
        if (!blockMode) {
            executor.seal(height, root, 0);
            blockMode = true;
            inBlock = 0;
        }
        final long h = store.sealedHeight() + 1;
        final BlockEncoder enc = blockEncoder.wrap(block, 0, h, h, root, 0);
        for (int i = 0; i < BLOCK_TXS; i++) {
            final int offset = i * TxDescriptor.MAX_LENGTH;
            ring.putLong(offset + TxDescriptor.NONCE_OFFSET, nonces[senderOf[i]]++, TxDescriptor.ORDER);
            enc.appendTx(ring, offset, lengths[i]);
        }
        return executor.execute(block, 0, enc.length(), receipts, root, 0);
    }

    @Override
    public void close() throws IOException {
        if (!blockMode) {
            store.rollback();
        }
        store.close();
        DirectoryTree.delete(dir);
    }
}
