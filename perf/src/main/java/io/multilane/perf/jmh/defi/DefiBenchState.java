package io.multilane.perf.jmh.defi;

import java.io.IOException;

import io.multilane.exec.program.GenesisWriter;
import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.tx.TxEncoder;
import io.multilane.perf.jmh.SerialTxRing;
import io.multilane.state.U128;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Benchmark fixture for the lending and staking programs on the serial executor: a {@link SerialTxRing}
 * over a store with funded accounts and tokens, one lending market and one staking pool set up by real
 * transactions (every sender supplies, posts collateral, borrows and stakes), its ring filled with
 * transactions of one {@link Scenario}. Each sender's ring entries alternate between the two halves of a
 * pair (supply / withdraw ...), which keeps the state steady. Every transaction runs at a new block
 * height, so every one accrues interest or rewards (the worst case); blocks are sealed every
 * {@link SerialTxRing#BLOCK_TXS} transactions, seal included. Benchmark thread only.
 */
final class DefiBenchState {
    static final int SENDERS = 1024;
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

    private final SerialTxRing txs;
    private final UnsafeBuffer setupTx = new UnsafeBuffer(new byte[TxDescriptor.MAX_LENGTH]);
    private final InstructionEncoder encoder = new InstructionEncoder();
    private long adminNonce;

    DefiBenchState(final Scenario scenario) throws IOException {
        txs = new SerialTxRing("multilane-defi-bench", 1 << 16, SENDERS, SENDER_BASE, true);
        genesis();
        txs.open();
        setUpMarketAndPool(scenario == Scenario.LIQUIDATE);
        for (int i = 0; i < SerialTxRing.RING; i++) {
            txs.put(i, encode(scenario, i));
        }
    }

    private void genesis() {
        final U128 big = new U128(1L << 40, 0);
        final GenesisWriter genesis = new GenesisWriter().begin(txs.store());
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
        genesis.seal(txs.root(), 0);
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
        final long nonce = sender == ADMIN ? adminNonce++ : txs.takeNonce((int) (sender - SENDER_BASE));
        setupTx.putLong(TxDescriptor.NONCE_OFFSET, nonce, TxDescriptor.ORDER);
        if (txs.execute(setupTx, 0, TxDescriptor.length(setupTx.getShort(TxDescriptor.ARGS_LENGTH_OFFSET, TxDescriptor.ORDER)))
                != TxStatus.SUCCESS) {
            final ReceiptLog receipts = txs.receipts();
            throw new IllegalStateException("setup tx failed: " + ReasonCodes.name(receipts.reason(receipts.count() - 1)));
        }
    }

    /** Ring entry {@code i}: sender {@code i % SENDERS}, first or second half of the pair by {@code i / SENDERS}. */
    private TxEncoder encode(final Scenario scenario, final int i) {
        final int s = i % SENDERS;
        final boolean first = (i / SENDERS) % 2 == 0;
        final InstructionEncoder e = txs.entry(i, s);
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
        return tx;
    }

    /** @return the filled ring, its block open (the caller closes it) */
    SerialTxRing txs() {
        return txs;
    }
}
