package io.multilane.perf.jmh.defi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.multilane.exec.program.GenesisWriter;
import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.tx.TxEncoder;
import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.U128;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Benchmark fixture for the lending and staking programs on the serial executor: a store with
 * funded accounts and tokens, one lending market and one staking pool set up by real transactions
 * (every sender supplies, posts collateral, borrows and stakes), then a ring of pre-encoded
 * transactions of one {@link Scenario} whose nonces are patched in place, so the ring replays forever.
 * Each sender's ring entries alternate between the two halves of a pair (supply / withdraw ...), which
 * keeps the state steady. Every transaction runs at a new block height, so every one accrues interest
 * or rewards (the worst case); blocks are sealed every {@link #BLOCK_TXS} transactions, seal included.
 * Benchmark thread only.
 */
final class DefiBenchState implements AutoCloseable {
    static final int BLOCK_TXS = 10_000;
    static final int SENDERS = 1024;
    static final int RING = 1 << 14;
    static final long ADMIN = 90;
    static final long SENDER_BASE = 100_000;
    static final long LOAN = 10;
    static final long COLL = 11;
    static final long REWARD = 12;
    static final long MARKET = 70;
    static final long POOL = 80;
    static final long WAD = 1_000_000_000_000_000_000L;

    /** Transaction pairs a ring can hold. */
    enum Scenario {
        /** supply 10^21 assets / withdraw 10^21 assets. */
        SUPPLY_WITHDRAW,
        /** borrow 10^20 / repay 10^20 (with interest accruing every transaction). */
        BORROW_REPAY,
        /** supply collateral / withdraw collateral (health check against a debt). */
        COLLATERAL,
        /** liquidate 10^12 of the next sender's debt (every position is unhealthy). */
        LIQUIDATE,
        /** stake 10^21 / unstake 10^21. */
        STAKE_UNSTAKE,
        /** claim rewards (owed every block). */
        CLAIM
    }

    private final Path dir;
    private final StateStore store;
    private final SerialExecutor executor;
    private final ReceiptLog receipts = new ReceiptLog(BLOCK_TXS);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);
    private final UnsafeBuffer ring = new UnsafeBuffer(new byte[RING * TxDescriptor.MAX_LENGTH]);
    private final UnsafeBuffer setupTx = new UnsafeBuffer(new byte[TxDescriptor.MAX_LENGTH]);
    private final int[] lengths = new int[RING];
    private final long[] nonces = new long[SENDERS];
    private final InstructionEncoder encoder = new InstructionEncoder();
    private long adminNonce;
    private long height;
    private long txHeight;
    private int inBlock;
    private int next;

    DefiBenchState(final Scenario scenario) throws IOException {
        dir = Files.createTempDirectory("multilane-defi-bench");
        store = StateStores.open(StateConfig.of(dir, 1 << 16).withSyncOnSeal(false));
        executor = new SerialExecutor(store, StandardPrograms.newRegistry(), SerialExecutor.DEFAULT_FEE_COLLECTOR, false);
        genesis();
        height = store.sealedHeight() + 1;
        txHeight = height;
        store.beginBlock(height);
        setUpMarketAndPool(scenario == Scenario.LIQUIDATE);
        for (int i = 0; i < RING; i++) {
            lengths[i] = encode(scenario, i);
        }
    }

    private void genesis() {
        final U128 big = new U128(1L << 40, 0);
        final GenesisWriter genesis = new GenesisWriter().begin(store);
        for (int s = -1; s < SENDERS; s++) {
            final long account = s < 0 ? ADMIN : SENDER_BASE + s;
            genesis.account(account, big.hi(), big.lo());
            for (long token = LOAN; token <= REWARD; token++) {
                genesis.tokenBalance(token, account, big.hi(), big.lo());
            }
        }
        final U128 supply = new U128(1L << 40, 0);
        supply.mul(new U128(0, SENDERS + 1));
        for (long token = LOAN; token <= REWARD; token++) {
            genesis.token(token, supply.hi(), supply.lo(), ADMIN);
        }
        genesis.seal(root, 0);
    }

    /** Market (LLTV 0.8, bonus 5%, base 1e-9, slope 1e-8 per block) and pool, filled by every sender. */
    private void setUpMarketAndPool(final boolean crashPrice) {
        setup(ADMIN).createMarket(MARKET, LOAN, COLL, ADMIN, 8 * WAD / 10, WAD / 20, WAD / 1_000_000_000,
                WAD / 100_000_000);
        runSetup(ADMIN);
        price(WAD);
        setup(ADMIN).supply(MARKET, 1L << 40, 0, 0, 0);
        runSetup(ADMIN);
        setup(ADMIN).createStakingPool(POOL, LOAN, REWARD, hi(1000), lo(1000));
        runSetup(ADMIN);
        setup(ADMIN).fund(POOL, 1L << 38, 0);
        runSetup(ADMIN);
        for (int s = 0; s < SENDERS; s++) {
            final long sender = SENDER_BASE + s;
            setup(sender).supply(MARKET, hi(1000), lo(1000), 0, 0);
            runSetup(sender);
            setup(sender).supplyCollateral(MARKET, hi(1000), lo(1000));
            runSetup(sender);
            setup(sender).borrow(MARKET, hi(100), lo(100), 0, 0);
            runSetup(sender);
            setup(sender).stake(POOL, hi(1000), lo(1000));
            runSetup(sender);
        }
        if (crashPrice) {
            price(WAD / 1000);
        }
    }

    /** @return high word of n tokens of 10^18 units */
    private static long hi(final long n) {
        return Math.multiplyHigh(n, WAD);
    }

    /** @return low word of n tokens of 10^18 units */
    private static long lo(final long n) {
        return n * WAD;
    }

    private void price(final long price) {
        setup(ADMIN).setPrice(MARKET, 0, price);
        runSetup(ADMIN);
    }

    /** Starts a setup transaction of {@code sender} (nonce set by {@link #runSetup}). */
    private InstructionEncoder setup(final long sender) {
        return encoder.begin(setupTx, 0, sender, 0, 1);
    }

    private void runSetup(final long sender) {
        final long nonce = sender == ADMIN ? adminNonce++ : nonces[(int) (sender - SENDER_BASE)]++;
        setupTx.putLong(TxDescriptor.NONCE_OFFSET, nonce, TxDescriptor.ORDER);
        if (run(setupTx, 0, TxDescriptor.length(setupTx.getShort(TxDescriptor.ARGS_LENGTH_OFFSET, TxDescriptor.ORDER)))
                != TxStatus.SUCCESS) {
            throw new IllegalStateException("setup tx failed: " + ReasonCodes.name(receipts.reason(receipts.count() - 1)));
        }
    }

    /** Ring entry {@code i}: sender {@code i % SENDERS}, first or second half of the pair by {@code i / SENDERS}. */
    private int encode(final Scenario scenario, final int i) {
        final int s = i % SENDERS;
        final boolean first = (i / SENDERS) % 2 == 0;
        final InstructionEncoder e = encoder.begin(ring, i * TxDescriptor.MAX_LENGTH, SENDER_BASE + s, 0, 1);
        final TxEncoder tx;
        switch (scenario) {
            case SUPPLY_WITHDRAW:
                tx = first ? e.supply(MARKET, hi(1000), lo(1000), 0, 0) : e.withdraw(MARKET, hi(1000), lo(1000), 0, 0);
                break;
            case BORROW_REPAY:
                tx = first ? e.borrow(MARKET, hi(100), lo(100), 0, 0) : e.repay(MARKET, hi(100), lo(100), 0, 0);
                break;
            case COLLATERAL:
                tx = first ? e.supplyCollateral(MARKET, hi(100), lo(100)) : e.withdrawCollateral(MARKET, hi(100), lo(100));
                break;
            case LIQUIDATE:
                tx = e.liquidate(MARKET, SENDER_BASE + (s + 1) % SENDERS, 0, 1_000_000_000_000L, 0, 0);
                break;
            case STAKE_UNSTAKE:
                tx = first ? e.stake(POOL, hi(1000), lo(1000)) : e.unstake(POOL, hi(1000), lo(1000));
                break;
            default:
                tx = e.claim(POOL);
                break;
        }
        return tx.length();
    }

    /**
     * Executes the next transaction of the ring at the next block height (sealing a store block every
     * {@link #BLOCK_TXS}).
     *
     * @return its status
     */
    int executeNext() {
        final int i = next;
        next = (i + 1) & (RING - 1);
        final int offset = i * TxDescriptor.MAX_LENGTH;
        ring.putLong(offset + TxDescriptor.NONCE_OFFSET, nonces[i % SENDERS]++, TxDescriptor.ORDER);
        return run(ring, offset, lengths[i]);
    }

    private int run(final UnsafeBuffer buffer, final int offset, final int length) {
        final int status = executor.executeTx(buffer, offset, length, txHeight, txHeight, receipts);
        txHeight++;
        if (++inBlock == BLOCK_TXS) {
            store.seal(height, root, 0);
            receipts.clear();
            inBlock = 0;
            height++;
            store.beginBlock(height);
        }
        return status;
    }

    /**
     * Runs {@code n} ring transactions and fails on the first that does not succeed.
     *
     * @param n transactions
     */
    void warm(final int n) {
        for (int k = 0; k < n; k++) {
            if (executeNext() != TxStatus.SUCCESS) {
                final int last = receipts.count() - 1;
                throw new IllegalStateException("tx " + k + " failed: " + ReasonCodes.name(receipts.reason(last)));
            }
        }
    }

    @Override
    public void close() throws IOException {
        store.rollback();
        store.close();
        DirectoryTree.delete(dir);
    }
}
