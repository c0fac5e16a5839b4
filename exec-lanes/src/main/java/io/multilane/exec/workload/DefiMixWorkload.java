package io.multilane.exec.workload;

import java.util.SplittableRandom;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The realistic DeFi sampler ({@code defi-mix}, {@code hot-pool}; sizes and mix in
 * {@link DefiMixSpec}, universe in {@link DefiWorkload}, description in {@code docs/workloads.md}):
 * what the soak and the bench run.
 *
 * <p>Workload blocks draw each transaction's kind by weight and its sender uniformly. To keep almost
 * every transaction successful the workload remembers, per user and in preallocated primitive
 * arrays, its nonce, its outstanding borrows, its stake units and its liquidity adds: a repay,
 * unstake, claim or remove is only generated when the user has something to give back, otherwise
 * the opposite operation is generated. Borrows, repays, unstakes and claims are sent by position
 * users (drawn again, uniformly among them). One thread per instance.
 */
public final class DefiMixWorkload extends DefiWorkload {
    /** Largest amount of a transfer, swap, supply or stake: one whole unit. */
    static final long MAX_AMOUNT = Amounts.E18;
    /** Assets of every borrow and repay. */
    static final long BORROW_ASSETS = Amounts.E18 / 10;
    /** Borrows a user may have outstanding before the workload repays instead. */
    static final int MAX_BORROWS = 1000;
    /** LP shares of every remove (an add of at least 0.1 unit mints far more). */
    static final long REMOVE_SHARES = Amounts.E18 / 100;
    /** Smallest amount of each side of a liquidity add. */
    static final long MIN_ADD = Amounts.E18 / 10;

    private final SplittableRandom random;
    private final ZipfSampler poolPopularity;
    private final int[] borrows;
    private final int[] lpAdds;
    private long swapCount;

    /**
     * @param name the name reported by {@link #name()}
     * @param spec sizes and mix
     * @param seed the seed
     */
    public DefiMixWorkload(final String name, final DefiMixSpec spec, final long seed) {
        super(name, spec);
        this.random = new SplittableRandom(seed);
        this.poolPopularity = new ZipfSampler(spec.pools(), spec.poolExponent());
        this.borrows = new int[spec.accounts()];
        this.lpAdds = new int[spec.accounts()];
    }

    @Override
    public int encodeBlock(final long height, final long timestamp, final DirectBuffer parentRoot, final int rootOffset,
            final MutableDirectBuffer out, final int outOffset, final int txs) {
        block.wrap(out, outOffset, height, timestamp, parentRoot, rootOffset);
        final int total = spec.totalWeight();
        for (int n = 0; n < txs; n++) {
            final int u = random.nextInt(spec.accounts());
            int pick = random.nextInt(total);
            if ((pick -= spec.tokenTransfers()) < 0) {
                tokenTransfer(u);
            } else if ((pick -= spec.swaps()) < 0) {
                swap(u);
            } else if ((pick -= spec.lending()) < 0) {
                lending(u);
            } else if ((pick -= spec.staking()) < 0) {
                staking(u);
            } else {
                liquidity(u);
            }
            block.commitTx();
        }
        return block.length();
    }

    private long amount() {
        return 1 + random.nextLong(MAX_AMOUNT);
    }

    private void tokenTransfer(final int u) {
        final long token = FIRST_TOKEN + random.nextInt(spec.tokens());
        final long to = FIRST_USER + random.nextInt(spec.accounts());
        user(u, FEE).tokenTransfer(token, to, 0, amount());
    }

    private void swap(final int u) {
        final int p = spec.pools() == 1 ? 0 : poolPopularity.sample(random);
        final boolean forward = spec.alternateSwaps() ? (swapCount++ & 1) == 0 : random.nextBoolean();
        user(u, FEE).swap(forward ? poolToken0(p) : poolToken1(p), 0, amount(), 0, 0, FIRST_POOL + p);
    }

    /**
     * 30% supply (random market) and 20% more collateral (own market) by the drawn user; 30% borrow and
     * 20% repay by a position user in its market.
     */
    private void lending(final int u) {
        final int r = random.nextInt(10);
        final long ownMarket = FIRST_MARKET + u % spec.markets();
        if (r < 3) {
            final long market = FIRST_MARKET + random.nextInt(spec.markets());
            user(u, FEE).supply(market, 0, amount(), 0, 0);
        } else if (r < 5) {
            user(u, FEE).supplyCollateral(ownMarket, 0, amount());
        } else {
            final int p = random.nextInt(spec.positionUsers());
            final boolean repay = borrows[p] >= MAX_BORROWS || (r >= 8 && borrows[p] > 0);
            borrows[p] += repay ? -1 : 1;
            final long market = FIRST_MARKET + p % spec.markets();
            if (repay) {
                user(p, FEE).repay(market, 0, BORROW_ASSETS, 0, 0);
            } else {
                user(p, FEE).borrow(market, 0, BORROW_ASSETS, 0, 0);
            }
        }
    }

    /**
     * 40% stake by the drawn user, 30% unstake, 30% claim by a position user (who stakes instead when it
     * has no stake left).
     */
    private void staking(final int drawn) {
        final int r = random.nextInt(10);
        final int u = r < 4 ? drawn : random.nextInt(spec.positionUsers());
        final long pool = FIRST_STAKING_POOL + u % spec.stakingPools();
        if (r < 4 || stakeUnits[u] == 0) {
            stakeUnits[u]++;
            user(u, FEE).stake(pool, 0, STAKE_UNIT);
        } else if (r < 7) {
            stakeUnits[u]--;
            user(u, FEE).unstake(pool, 0, STAKE_UNIT);
        } else {
            user(u, FEE).claim(pool);
        }
    }

    /** On the user's own pool ({@code u % pools}): 60% add (0.1 to 1 unit a side), 40% remove when it has added. */
    private void liquidity(final int u) {
        final long pool = FIRST_POOL + u % spec.pools();
        if (lpAdds[u] > 0 && random.nextInt(5) < 2) {
            lpAdds[u]--;
            user(u, FEE).removeLiquidity(pool, 0, REMOVE_SHARES, 0, 0, 0, 0);
        } else {
            lpAdds[u]++;
            final long amount = MIN_ADD + random.nextLong(MAX_AMOUNT - MIN_ADD);
            user(u, FEE).addLiquidity(pool, 0, amount, 0, amount, 0, 0);
        }
    }
}
