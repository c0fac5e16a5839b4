package io.multilane.perf.jmh.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import io.multilane.exec.context.TxProcessor;
import io.multilane.exec.program.GenesisWriter;
import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.U128;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Benchmark fixture for the serial executor: a store with funded accounts, tokens and pools, a
 * ring of pre-encoded transactions (nonces patched in place before each run, so the ring can be
 * replayed forever), and blocks sealed every {@link #BLOCK_TXS} transactions. Benchmark thread only.
 */
final class ExecBenchState implements AutoCloseable {
    static final int BLOCK_TXS = 10_000;
    static final int SENDERS = 1024;
    static final int RECEIVERS = 16_384;
    static final long SENDER_BASE = 100_000;
    static final long RECEIVER_BASE = 200_000;
    static final long TOKEN_BASE = 10;
    static final int TOKENS = 4;
    static final long POOL_BASE = 50;
    static final int POOLS = TOKENS;
    static final int RING = 1 << 14;

    private final Path dir;
    private final StateStore store;
    private final SerialExecutor executor;
    private final TxProcessor processor = new TxProcessor(StandardPrograms.newRegistry(), SerialExecutor.DEFAULT_FEE_COLLECTOR,
            false);
    private final ReceiptLog receipts = new ReceiptLog(BLOCK_TXS);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer ring = new UnsafeBuffer(new byte[RING * TxDescriptor.MAX_LENGTH]);
    private final int[] lengths = new int[RING];
    private final int[] senderOf = new int[RING];
    private final long[] nonces = new long[SENDERS];
    private final InstructionEncoder encoder = new InstructionEncoder();
    private final ExpandableArrayBuffer block = new ExpandableArrayBuffer(BLOCK_TXS * 200);
    private final BlockEncoder blockEncoder = new BlockEncoder();
    private boolean blockMode;
    private long height;
    private int inBlock;
    private int next;

    /** Kinds of transaction in a ring. */
    enum Family {
        COIN_TRANSFER, TOKEN_TRANSFER, SWAP, DEFI_MIX
    }

    ExecBenchState(final Family family) throws IOException {
        dir = Files.createTempDirectory("multilane-exec-bench");
        store = StateStores.open(StateConfig.of(dir, 1 << 20).withSyncOnSeal(false));
        executor = new SerialExecutor(store, StandardPrograms.newRegistry(), SerialExecutor.DEFAULT_FEE_COLLECTOR, false);
        genesis();
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < RING; i++) {
            final Family f = family == Family.DEFI_MIX ? mixPick(random.nextInt(10)) : family;
            senderOf[i] = random.nextInt(SENDERS);
            lengths[i] = encode(f, i, senderOf[i], random);
        }
        height = store.sealedHeight() + 1;
        executor.beginBlock(height);
    }

    private static Family mixPick(final int r) {
        return r < 4 ? Family.TOKEN_TRANSFER : r < 7 ? Family.SWAP : Family.COIN_TRANSFER;
    }

    private int encode(final Family f, final int i, final int sender, final SplittableRandom random) {
        encoder.begin(ring, i * TxDescriptor.MAX_LENGTH, SENDER_BASE + sender, 0, 1);
        final long to = RECEIVER_BASE + random.nextInt(RECEIVERS);
        switch (f) {
            case COIN_TRANSFER:
                return encoder.coinTransfer(to, 0, 1 + random.nextInt(1000)).length();
            case TOKEN_TRANSFER:
                final long token = TOKEN_BASE + random.nextInt(TOKENS);
                return encoder.tokenTransfer(token, to, 0, 1 + random.nextInt(1000)).length();
            default:
                final int hops = 1 + random.nextInt(2);
                final int first = random.nextInt(POOLS);
                // pool p trades token p for token p+1 (mod TOKENS): a path walks the ring of tokens
                final long[] path = {POOL_BASE + first, POOL_BASE + (first + 1) % POOLS};
                return encoder.swap(TOKEN_BASE + first, 0, 1_000_000 + random.nextInt(1_000_000), 0, 0, path, 0, hops)
                        .length();
        }
    }

    private void genesis() {
        final U128 big = new U128(1L << 40, 0);
        final GenesisWriter genesis = new GenesisWriter().begin(store);
        for (int s = 0; s < SENDERS; s++) {
            genesis.account(SENDER_BASE + s, big.hi(), big.lo());
            for (int t = 0; t < TOKENS; t++) {
                genesis.tokenBalance(TOKEN_BASE + t, SENDER_BASE + s, big.hi(), big.lo());
            }
        }
        for (int t = 0; t < TOKENS; t++) {
            genesis.token(TOKEN_BASE + t, 0, 0, 0);
            final long pool = POOL_BASE + t;
            final long a = TOKEN_BASE + t;
            final long b = TOKEN_BASE + (t + 1) % TOKENS;
            genesis.pool(pool, Math.min(a, b), Math.max(a, b), big.hi(), big.lo(), big.hi(), big.lo());
            genesis.tokenBalance(a, pool, big.hi(), big.lo());
            genesis.tokenBalance(b, pool, big.hi(), big.lo());
        }
        genesis.seal(root, 0);
    }

    /**
     * Executes the next transaction of the ring (sealing a block every {@link #BLOCK_TXS}).
     *
     * @return its status
     */
    int executeNext() {
        final int i = next;
        next = (i + 1) & (RING - 1);
        final int offset = i * TxDescriptor.MAX_LENGTH;
        ring.putLong(offset + TxDescriptor.NONCE_OFFSET, nonces[senderOf[i]]++, TxDescriptor.ORDER);
        final int status = executor.executeTx(ring, offset, lengths[i], height, height, receipts);
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
     * Runs the next transaction of the ring through a {@link TxProcessor} (decode, envelope, program,
     * recording) against the store without applying it: the executor's own cost without store writes.
     *
     * @return its status
     */
    int processNext() {
        final int i = next;
        next = (i + 1) & (RING - 1);
        final int offset = i * TxDescriptor.MAX_LENGTH;
        ring.putLong(offset + TxDescriptor.NONCE_OFFSET, nonces[senderOf[i]], TxDescriptor.ORDER);
        return processor.process(store, ring, offset, lengths[i], height, height);
    }

    /**
     * Executes one whole block of {@link #BLOCK_TXS} transactions (the first {@code BLOCK_TXS} of the
     * ring, nonces patched) through {@link SerialExecutor#execute}, the oracle's block path. Must not
     * be mixed with {@link #executeNext()} on the same instance.
     *
     * @return the block status
     */
    int executeBlock() {
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

    /** @return receipts of the open block (for checks) */
    ReceiptLog receipts() {
        return receipts;
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
