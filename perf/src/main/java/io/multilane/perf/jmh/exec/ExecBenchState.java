package io.multilane.perf.jmh.exec;

import io.multilane.exec.context.TxProcessor;
import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.program.amm.AmmInstructions;
import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.tx.TxEncoder;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.record.AmmPoolDescriptor;
import io.multilane.state.record.TokenBalanceDescriptor;
import io.multilane.state.record.TokenDescriptor;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
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
    private final TxEncoder encoder = new TxEncoder();
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
        encoder.wrap(ring, i * TxDescriptor.MAX_LENGTH);
        final long from = SENDER_BASE + sender;
        final long to = RECEIVER_BASE + random.nextInt(RECEIVERS);
        switch (f) {
            case COIN_TRANSFER:
                encoder.header(from, 0, 1, ProgramIds.ACCOUNTS, AccountsInstructions.TRANSFER,
                        AccountsInstructions.TRANSFER_LENGTH)
                    .argU64(AccountsInstructions.TRANSFER_TO, to)
                    .argU128(AccountsInstructions.TRANSFER_AMOUNT, 0, 1 + random.nextInt(1000));
                break;
            case TOKEN_TRANSFER:
                encoder.header(from, 0, 1, ProgramIds.TOKENS, TokensInstructions.TRANSFER, TokensInstructions.LENGTH)
                    .argU64(TokensInstructions.TOKEN, TOKEN_BASE + random.nextInt(TOKENS)).argU64(TokensInstructions.TO, to)
                    .argU128(TokensInstructions.AMOUNT, 0, 1 + random.nextInt(1000));
                break;
            default:
                final int hops = 1 + random.nextInt(2);
                final int first = random.nextInt(POOLS);
                encoder.header(from, 0, 1, ProgramIds.AMM, AmmInstructions.SWAP_EXACT_IN, AmmInstructions.swapLength(hops))
                    .argU64(AmmInstructions.SWAP_TOKEN_IN, TOKEN_BASE + first)
                    .argU128(AmmInstructions.SWAP_AMOUNT_IN, 0, 1_000_000 + random.nextInt(1_000_000))
                    .argU128(AmmInstructions.SWAP_MIN_OUT, 0, 0).argU8(AmmInstructions.SWAP_HOPS, hops);
                for (int h = 0; h < hops; h++) {
                    // pool p trades token p for token p+1 (mod TOKENS): a path walks the ring of tokens
                    encoder.argU64(AmmInstructions.SWAP_PATH + 8 * h, POOL_BASE + (first + h) % POOLS);
                }
                break;
        }
        return encoder.length();
    }

    private void genesis() {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
        final U128 big = new U128(1L << 40, 0);
        store.beginBlock(store.sealedHeight() + 1);
        for (int s = 0; s < SENDERS; s++) {
            value.setMemory(0, AccountDescriptor.LENGTH, (byte) 0);
            big.write(value, AccountDescriptor.BALANCE_OFFSET);
            value.putLong(AccountDescriptor.FLAGS_OFFSET, AccountsInstructions.FLAG_CREATED, ByteOrder.LITTLE_ENDIAN);
            StateKeys.encode(key, 0, KeyType.ACCOUNT, SENDER_BASE + s, 0, 0);
            store.write(key, 0, value, 0, AccountDescriptor.LENGTH);
            for (int t = 0; t < TOKENS; t++) {
                value.setMemory(0, TokenBalanceDescriptor.LENGTH, (byte) 0);
                big.write(value, TokenBalanceDescriptor.BALANCE_OFFSET);
                StateKeys.encode(key, 0, KeyType.TOKEN_BALANCE, TOKEN_BASE + t, SENDER_BASE + s, 0);
                store.write(key, 0, value, 0, TokenBalanceDescriptor.LENGTH);
            }
        }
        for (int t = 0; t < TOKENS; t++) {
            value.setMemory(0, TokenDescriptor.LENGTH, (byte) 0);
            value.putLong(TokenDescriptor.FLAGS_OFFSET, TokensInstructions.FLAG_CREATED, ByteOrder.LITTLE_ENDIAN);
            StateKeys.encode(key, 0, KeyType.TOKEN, TOKEN_BASE + t, 0, 0);
            store.write(key, 0, value, 0, TokenDescriptor.LENGTH);
            final long pool = POOL_BASE + t;
            final long a = TOKEN_BASE + t;
            final long b = TOKEN_BASE + (t + 1) % TOKENS;
            value.setMemory(0, AmmPoolDescriptor.LENGTH, (byte) 0);
            value.putLong(AmmPoolDescriptor.TOKEN0_OFFSET, Math.min(a, b), ByteOrder.LITTLE_ENDIAN);
            value.putLong(AmmPoolDescriptor.TOKEN1_OFFSET, Math.max(a, b), ByteOrder.LITTLE_ENDIAN);
            big.write(value, AmmPoolDescriptor.RESERVE0_OFFSET);
            big.write(value, AmmPoolDescriptor.RESERVE1_OFFSET);
            value.putLong(AmmPoolDescriptor.FLAGS_OFFSET, AmmInstructions.FLAG_CREATED, ByteOrder.LITTLE_ENDIAN);
            StateKeys.encode(key, 0, KeyType.AMM_POOL, pool, 0, 0);
            store.write(key, 0, value, 0, AmmPoolDescriptor.LENGTH);
            for (long token : new long[] {a, b}) {
                value.setMemory(0, TokenBalanceDescriptor.LENGTH, (byte) 0);
                big.write(value, TokenBalanceDescriptor.BALANCE_OFFSET);
                StateKeys.encode(key, 0, KeyType.TOKEN_BALANCE, token, pool, 0);
                store.write(key, 0, value, 0, TokenBalanceDescriptor.LENGTH);
            }
        }
        store.seal(store.sealedHeight() + 1, root, 0);
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
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
