package io.multilane.perf.jmh.exec;

import java.io.IOException;
import java.util.SplittableRandom;

import io.multilane.exec.program.GenesisWriter;
import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.tx.TxEncoder;
import io.multilane.perf.jmh.SerialTxRing;
import io.multilane.state.U128;

/**
 * Benchmark fixture for the serial executor: a {@link SerialTxRing} over a store with funded
 * accounts, tokens and pools, its ring filled with transactions of one {@link Family}, blocks sealed
 * every {@link SerialTxRing#BLOCK_TXS} transactions. Benchmark thread only.
 */
final class ExecBenchState {
    static final int SENDERS = 1024;
    static final int RECEIVERS = 16_384;
    static final long SENDER_BASE = 100_000;
    static final long RECEIVER_BASE = 200_000;
    static final long TOKEN_BASE = 10;
    static final int TOKENS = 4;
    static final long POOL_BASE = 50;
    static final int POOLS = TOKENS;

    private final SerialTxRing txs;

    /** Kinds of transaction in a ring. */
    enum Family {
        COIN_TRANSFER, TOKEN_TRANSFER, SWAP, DEFI_MIX
    }

    ExecBenchState(final Family family) throws IOException {
        txs = new SerialTxRing("multilane-exec-bench", 1 << 20, SENDERS, SENDER_BASE, false);
        genesis();
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < SerialTxRing.RING; i++) {
            final Family f = family == Family.DEFI_MIX ? mixPick(random.nextInt(10)) : family;
            final int sender = random.nextInt(SENDERS);
            txs.put(i, encode(f, txs.entry(i, sender), random));
        }
        txs.open();
    }

    private static Family mixPick(final int r) {
        return r < 4 ? Family.TOKEN_TRANSFER : r < 7 ? Family.SWAP : Family.COIN_TRANSFER;
    }

    private static TxEncoder encode(final Family f, final InstructionEncoder e, final SplittableRandom random) {
        final long to = RECEIVER_BASE + random.nextInt(RECEIVERS);
        switch (f) {
            case COIN_TRANSFER:
                return e.coinTransfer(to, 0, 1 + random.nextInt(1000));
            case TOKEN_TRANSFER:
                final long token = TOKEN_BASE + random.nextInt(TOKENS);
                return e.tokenTransfer(token, to, 0, 1 + random.nextInt(1000));
            default:
                final int hops = 1 + random.nextInt(2);
                final int first = random.nextInt(POOLS);
                // pool p trades token p for token p+1 (mod TOKENS): a path walks the ring of tokens
                final long[] path = {POOL_BASE + first, POOL_BASE + (first + 1) % POOLS};
                return e.swap(TOKEN_BASE + first, 0, 1_000_000 + random.nextInt(1_000_000), 0, 0, path, 0, hops);
        }
    }

    private void genesis() {
        final U128 big = new U128(1L << 40, 0);
        final GenesisWriter genesis = new GenesisWriter().begin(txs.store());
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
        genesis.seal(txs.root(), 0);
    }

    /** @return the filled ring, its block open (the caller closes it) */
    SerialTxRing txs() {
        return txs;
    }
}
