package io.multilane.perf.workload;

import java.util.SplittableRandom;

import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.amm.AmmInstructions;
import io.multilane.exec.program.lending.LendingInstructions;
import io.multilane.exec.program.staking.StakingInstructions;
import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.tx.TxEncoder;
import io.multilane.state.StateStore;
import io.multilane.state.U128;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A DeFi workload over every native program ({@code defi-mix}, {@code hot-pool}; sizes and mix in
 * {@link DefiMixSpec}, description in {@code docs/workloads.md}).
 *
 * <p>Genesis writes the whale ({@link #AUTHORITY}), the users (10^30 coin units each, for fees) and
 * the tokens directly: every user holds 10^24 (10^6 units) of every token, the whale
 * 10^30, and each token's supply is the sum. Setup block 0 (whale transactions)
 * creates the AMM pools and adds liquidity, creates the lending markets, posts their price and
 * supplies their loan token, creates the staking pools and funds them; the following setup blocks
 * give each of the first {@link DefiMixSpec#positionUsers()} users a collateral position in market
 * {@code u % markets} and a stake in staking pool {@code u % stakingPools}. All of that goes through
 * real transactions, so the programs' invariants hold by construction.
 *
 * <p>Workload blocks draw each transaction's kind by weight and its sender uniformly. To keep almost
 * every transaction successful the workload remembers, per user and in preallocated primitive
 * arrays, its nonce, its outstanding borrows, its stake units and its liquidity adds: a repay,
 * unstake, claim or remove is only generated when the user has something to give back, otherwise
 * the opposite operation is generated. Borrows, repays, unstakes and claims are sent by position
 * users (drawn again, uniformly among them). One thread per instance.
 */
public final class DefiMixWorkload implements Workload {
    /** The whale: creates pools, markets and staking pools, is the markets' oracle. */
    public static final long AUTHORITY = 2;
    /** First token id. */
    public static final long FIRST_TOKEN = 100;
    /** First AMM pool id (pool ids share the account namespace). */
    public static final long FIRST_POOL = 10_000;
    /** First LP token id. */
    public static final long FIRST_LP_TOKEN = 20_000;
    /** First lending market id. */
    public static final long FIRST_MARKET = 30_000;
    /** First staking pool id. */
    public static final long FIRST_STAKING_POOL = 40_000;
    /** First user account id. */
    public static final long FIRST_USER = 100_000;
    /** Fee of every transaction. */
    public static final long FEE = 1;
    /** Each user's genesis balance of each token in whole units (10^6, i.e. 10^24). */
    public static final long USER_TOKEN_UNITS = 1_000_000;
    /** The whale's genesis balance of each token: 10^30. */

    /** Users given positions per setup block. */
    static final int SETUP_USERS_PER_BLOCK = 2500;
    /** Largest amount of a transfer, swap, supply or stake: one whole unit. */
    static final long MAX_AMOUNT = Amounts.E18;
    /** Assets of every borrow and repay. */
    static final long BORROW_ASSETS = Amounts.E18 / 10;
    /** Borrows a user may have outstanding before the workload repays instead. */
    static final int MAX_BORROWS = 1000;
    /** Collateral each user posts in setup: 1000 units (room for 8000 borrows at LLTV 0.8). */
    static final long SETUP_COLLATERAL = 1000 * Amounts.E18;
    /** One stake unit (stake and unstake move one unit). */
    static final long STAKE_UNIT = Amounts.E18;
    /** Stake units each user stakes in setup. */
    static final int SETUP_STAKE_UNITS = 10;
    /** LP shares of every remove (an add of at least 0.1 unit mints far more). */
    static final long REMOVE_SHARES = Amounts.E18 / 100;
    /** Smallest amount of each side of a liquidity add. */
    static final long MIN_ADD = Amounts.E18 / 10;
    /** Pool liquidity per side added by the whale: 10^9 units. */
    static final long POOL_LIQUIDITY_UNITS = 1_000_000_000;
    /** Loan tokens the whale supplies to each market: 10^9 units. */
    static final long MARKET_SUPPLY_UNITS = 1_000_000_000;
    /** Reward tokens the whale funds each staking pool with: 10^9 units. */
    static final long STAKING_FUND_UNITS = 1_000_000_000;

    private final String name;
    private final DefiMixSpec spec;
    private final SplittableRandom random;
    private final ZipfSampler poolPopularity;
    private final long[] nonces;
    private final int[] borrows;
    private final int[] stakeUnits;
    private final int[] lpAdds;
    private long authorityNonce;
    private long swapCount;
    private final BlockEncoder block = new BlockEncoder();
    private final GenesisWriter genesis = new GenesisWriter();
    private final U128 a = new U128();
    private final U128 b = new U128();

    /**
     * @param name the name reported by {@link #name()}
     * @param spec sizes and mix
     * @param seed the seed
     */
    public DefiMixWorkload(final String name, final DefiMixSpec spec, final long seed) {
        this.name = name;
        this.spec = spec;
        this.random = new SplittableRandom(seed);
        this.poolPopularity = new ZipfSampler(spec.pools(), spec.poolExponent());
        this.nonces = new long[spec.accounts()];
        this.borrows = new int[spec.accounts()];
        this.stakeUnits = new int[spec.accounts()];
        this.lpAdds = new int[spec.accounts()];
    }

    /** @return the sizes and mix */
    public DefiMixSpec spec() {
        return spec;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long stateEntries() {
        final long perUser = 1L + spec.tokens() + 3;
        return spec.accounts() * perUser * 5 / 4 + 16L * (spec.tokens() + spec.pools() + spec.markets() + spec.stakingPools())
                + 4096;
    }

    /** @return the longest transaction plus its entry prefix in the block */
    @Override
    public int maxTxBytes() {
        return BlockDescriptor.ENTRY_PREFIX
                + TxDescriptor.length(Math.max(LendingInstructions.CREATE_LENGTH, AmmInstructions.swapLength(1)));
    }

    @Override
    public long writeGenesis(final StateStore store, final MutableDirectBuffer rootOut, final int rootOffset) {
        final long height = store.sealedHeight() + 1;
        store.beginBlock(height);
        genesis.on(store);
        genesis.account(AUTHORITY, Amounts.E30_HI, Amounts.E30_LO);
        for (int u = 0; u < spec.accounts(); u++) {
            genesis.account(FIRST_USER + u, Amounts.E30_HI, Amounts.E30_LO);
        }
        final U128 user = new U128(0, Amounts.E18);
        user.mul(new U128(0, USER_TOKEN_UNITS));
        final U128 supply = new U128(0, spec.accounts());
        supply.mul(user);
        supply.add(new U128(Amounts.E30_HI, Amounts.E30_LO));
        for (int t = 0; t < spec.tokens(); t++) {
            final long token = FIRST_TOKEN + t;
            genesis.token(token, supply.hi(), supply.lo(), AUTHORITY);
            genesis.tokenBalance(token, AUTHORITY, Amounts.E30_HI, Amounts.E30_LO);
            for (int u = 0; u < spec.accounts(); u++) {
                genesis.tokenBalance(token, FIRST_USER + u, user.hi(), user.lo());
            }
        }
        store.seal(height, rootOut, rootOffset);
        return height;
    }

    @Override
    public int setupBlocks() {
        return 1 + (spec.positionUsers() + SETUP_USERS_PER_BLOCK - 1) / SETUP_USERS_PER_BLOCK;
    }

    @Override
    public int encodeSetupBlock(final int index, final long height, final long timestamp, final DirectBuffer parentRoot,
            final int rootOffset, final MutableDirectBuffer out, final int outOffset) {
        if (index < 0 || index >= setupBlocks()) {
            throw new IllegalArgumentException("setup block " + index + " of " + setupBlocks());
        }
        block.wrap(out, outOffset, height, timestamp, parentRoot, rootOffset);
        if (index == 0) {
            createPools();
            createMarkets();
            createStakingPools();
        } else {
            final int from = (index - 1) * SETUP_USERS_PER_BLOCK;
            final int to = Math.min(spec.positionUsers(), from + SETUP_USERS_PER_BLOCK);
            for (int u = from; u < to; u++) {
                if (spec.markets() > 0) {
                    user(u, ProgramIds.LENDING, LendingInstructions.SUPPLY_COLLATERAL, LendingInstructions.COLLATERAL_LENGTH)
                            .argU64(LendingInstructions.COLLATERAL_MARKET, FIRST_MARKET + u % spec.markets())
                            .argU128(LendingInstructions.COLLATERAL_AMOUNT, 0, SETUP_COLLATERAL);
                    block.commitTx();
                }
                if (spec.stakingPools() > 0) {
                    user(u, ProgramIds.STAKING, StakingInstructions.STAKE, StakingInstructions.AMOUNT_LENGTH)
                            .argU64(StakingInstructions.AMOUNT_POOL, FIRST_STAKING_POOL + u % spec.stakingPools())
                            .argU128(StakingInstructions.AMOUNT_VALUE, 0, SETUP_STAKE_UNITS * STAKE_UNIT);
                    block.commitTx();
                    stakeUnits[u] = SETUP_STAKE_UNITS;
                }
            }
        }
        return block.length();
    }

    /**
     * @param p a pool index
     * @return the lower token id of pool {@code p}
     */
    long poolToken0(final int p) {
        return Math.min(FIRST_TOKEN + p % spec.tokens(), poolOther(p));
    }

    /**
     * @param p a pool index
     * @return the higher token id of pool {@code p}
     */
    long poolToken1(final int p) {
        return Math.max(FIRST_TOKEN + p % spec.tokens(), poolOther(p));
    }

    private long poolOther(final int p) {
        final int t = spec.tokens();
        final int distance = 1 + (p / t) % (t - 1);
        return FIRST_TOKEN + (p % t + distance) % t;
    }

    private long marketLoanToken(final int m) {
        return FIRST_TOKEN + (2L * m) % spec.tokens();
    }

    private long marketCollateralToken(final int m) {
        return FIRST_TOKEN + (2L * m + 1) % spec.tokens();
    }

    private void createPools() {
        for (int p = 0; p < spec.pools(); p++) {
            authority(ProgramIds.AMM, AmmInstructions.CREATE_POOL, AmmInstructions.CREATE_LENGTH)
                    .argU64(AmmInstructions.CREATE_POOL_ID, FIRST_POOL + p)
                    .argU64(AmmInstructions.CREATE_TOKEN_A, poolToken0(p))
                    .argU64(AmmInstructions.CREATE_TOKEN_B, poolToken1(p))
                    .argU64(AmmInstructions.CREATE_LP_TOKEN, FIRST_LP_TOKEN + p);
            block.commitTx();
            units(a, POOL_LIQUIDITY_UNITS);
            authority(ProgramIds.AMM, AmmInstructions.ADD_LIQUIDITY, AmmInstructions.ADD_LENGTH)
                    .argU64(AmmInstructions.ADD_POOL, FIRST_POOL + p)
                    .argU128(AmmInstructions.ADD_AMOUNT0, a.hi(), a.lo())
                    .argU128(AmmInstructions.ADD_AMOUNT1, a.hi(), a.lo())
                    .argU128(AmmInstructions.ADD_MIN_SHARES, 0, 0);
            block.commitTx();
        }
    }

    private void createMarkets() {
        for (int m = 0; m < spec.markets(); m++) {
            final long market = FIRST_MARKET + m;
            authority(ProgramIds.LENDING, LendingInstructions.CREATE_MARKET, LendingInstructions.CREATE_LENGTH)
                    .argU64(LendingInstructions.CREATE_MARKET_ID, market)
                    .argU64(LendingInstructions.CREATE_LOAN_TOKEN, marketLoanToken(m))
                    .argU64(LendingInstructions.CREATE_COLLATERAL_TOKEN, marketCollateralToken(m))
                    .argU64(LendingInstructions.CREATE_ORACLE, AUTHORITY)
                    .argU64(LendingInstructions.CREATE_LLTV, Amounts.E18 / 10 * 8)
                    .argU64(LendingInstructions.CREATE_BONUS, Amounts.E18 / 20)
                    .argU64(LendingInstructions.CREATE_BASE_RATE, 1_000_000_000L)
                    .argU64(LendingInstructions.CREATE_SLOPE, 1_000_000_000L);
            block.commitTx();
            authority(ProgramIds.LENDING, LendingInstructions.SET_PRICE, LendingInstructions.PRICE_LENGTH)
                    .argU64(LendingInstructions.PRICE_MARKET, market)
                    .argU128(LendingInstructions.PRICE_VALUE, 0, Amounts.E18);
            block.commitTx();
            units(a, MARKET_SUPPLY_UNITS);
            authority(ProgramIds.LENDING, LendingInstructions.SUPPLY, LendingInstructions.AMOUNT_LENGTH)
                    .argU64(LendingInstructions.AMOUNT_MARKET, market)
                    .argU128(LendingInstructions.AMOUNT_ASSETS, a.hi(), a.lo())
                    .argU128(LendingInstructions.AMOUNT_SHARES, 0, 0);
            block.commitTx();
        }
    }

    private void createStakingPools() {
        for (int s = 0; s < spec.stakingPools(); s++) {
            final long pool = FIRST_STAKING_POOL + s;
            authority(ProgramIds.STAKING, StakingInstructions.CREATE_POOL, StakingInstructions.CREATE_LENGTH)
                    .argU64(StakingInstructions.CREATE_POOL_ID, pool)
                    .argU64(StakingInstructions.CREATE_STAKE_TOKEN, FIRST_TOKEN + (3L * s) % spec.tokens())
                    .argU64(StakingInstructions.CREATE_REWARD_TOKEN, FIRST_TOKEN + (3L * s + 1) % spec.tokens())
                    .argU128(StakingInstructions.CREATE_RATE, 0, Amounts.E18);
            block.commitTx();
            units(a, STAKING_FUND_UNITS);
            authority(ProgramIds.STAKING, StakingInstructions.FUND, StakingInstructions.AMOUNT_LENGTH)
                    .argU64(StakingInstructions.AMOUNT_POOL, pool)
                    .argU128(StakingInstructions.AMOUNT_VALUE, a.hi(), a.lo());
            block.commitTx();
        }
    }

    /** Sets {@code dst} to {@code units} whole units (times 10^18). */
    private void units(final U128 dst, final long units) {
        dst.set(0, units);
        b.set(0, Amounts.E18);
        dst.mul(b);
    }

    private TxEncoder authority(final int program, final int instruction, final int argsLength) {
        return block.beginTx().header(AUTHORITY, authorityNonce++, FEE, program, instruction, argsLength);
    }

    private TxEncoder user(final int u, final int program, final int instruction, final int argsLength) {
        return block.beginTx().header(FIRST_USER + u, nonces[u]++, FEE, program, instruction, argsLength);
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
        user(u, ProgramIds.TOKENS, TokensInstructions.TRANSFER, TokensInstructions.LENGTH)
                .argU64(TokensInstructions.TOKEN, FIRST_TOKEN + random.nextInt(spec.tokens()))
                .argU64(TokensInstructions.TO, FIRST_USER + random.nextInt(spec.accounts()))
                .argU128(TokensInstructions.AMOUNT, 0, amount());
    }

    private void swap(final int u) {
        final int p = spec.pools() == 1 ? 0 : poolPopularity.sample(random);
        final boolean forward = spec.alternateSwaps() ? (swapCount++ & 1) == 0 : random.nextBoolean();
        user(u, ProgramIds.AMM, AmmInstructions.SWAP_EXACT_IN, AmmInstructions.swapLength(1))
                .argU64(AmmInstructions.SWAP_TOKEN_IN, forward ? poolToken0(p) : poolToken1(p))
                .argU128(AmmInstructions.SWAP_AMOUNT_IN, 0, amount())
                .argU128(AmmInstructions.SWAP_MIN_OUT, 0, 0)
                .argU8(AmmInstructions.SWAP_HOPS, 1)
                .argU64(AmmInstructions.SWAP_PATH, FIRST_POOL + p);
    }

    /**
     * 30% supply (random market) and 20% more collateral (own market) by the drawn user; 30% borrow and
     * 20% repay by a position user in its market.
     */
    private void lending(final int u) {
        final int r = random.nextInt(10);
        final long ownMarket = FIRST_MARKET + u % spec.markets();
        if (r < 3) {
            user(u, ProgramIds.LENDING, LendingInstructions.SUPPLY, LendingInstructions.AMOUNT_LENGTH)
                    .argU64(LendingInstructions.AMOUNT_MARKET, FIRST_MARKET + random.nextInt(spec.markets()))
                    .argU128(LendingInstructions.AMOUNT_ASSETS, 0, amount())
                    .argU128(LendingInstructions.AMOUNT_SHARES, 0, 0);
        } else if (r < 5) {
            user(u, ProgramIds.LENDING, LendingInstructions.SUPPLY_COLLATERAL, LendingInstructions.COLLATERAL_LENGTH)
                    .argU64(LendingInstructions.COLLATERAL_MARKET, ownMarket)
                    .argU128(LendingInstructions.COLLATERAL_AMOUNT, 0, amount());
        } else {
            final int p = random.nextInt(spec.positionUsers());
            final boolean repay = borrows[p] >= MAX_BORROWS || (r >= 8 && borrows[p] > 0);
            borrows[p] += repay ? -1 : 1;
            user(p, ProgramIds.LENDING, repay ? LendingInstructions.REPAY : LendingInstructions.BORROW,
                    LendingInstructions.AMOUNT_LENGTH)
                    .argU64(LendingInstructions.AMOUNT_MARKET, FIRST_MARKET + p % spec.markets())
                    .argU128(LendingInstructions.AMOUNT_ASSETS, 0, BORROW_ASSETS)
                    .argU128(LendingInstructions.AMOUNT_SHARES, 0, 0);
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
            user(u, ProgramIds.STAKING, StakingInstructions.STAKE, StakingInstructions.AMOUNT_LENGTH)
                    .argU64(StakingInstructions.AMOUNT_POOL, pool)
                    .argU128(StakingInstructions.AMOUNT_VALUE, 0, STAKE_UNIT);
        } else if (r < 7) {
            stakeUnits[u]--;
            user(u, ProgramIds.STAKING, StakingInstructions.UNSTAKE, StakingInstructions.AMOUNT_LENGTH)
                    .argU64(StakingInstructions.AMOUNT_POOL, pool)
                    .argU128(StakingInstructions.AMOUNT_VALUE, 0, STAKE_UNIT);
        } else {
            user(u, ProgramIds.STAKING, StakingInstructions.CLAIM, StakingInstructions.CLAIM_LENGTH)
                    .argU64(StakingInstructions.CLAIM_POOL, pool);
        }
    }

    /** On the user's own pool ({@code u % pools}): 60% add (0.1 to 1 unit a side), 40% remove when it has added. */
    private void liquidity(final int u) {
        final long pool = FIRST_POOL + u % spec.pools();
        if (lpAdds[u] > 0 && random.nextInt(5) < 2) {
            lpAdds[u]--;
            user(u, ProgramIds.AMM, AmmInstructions.REMOVE_LIQUIDITY, AmmInstructions.REMOVE_LENGTH)
                    .argU64(AmmInstructions.REMOVE_POOL, pool)
                    .argU128(AmmInstructions.REMOVE_SHARES, 0, REMOVE_SHARES)
                    .argU128(AmmInstructions.REMOVE_MIN0, 0, 0)
                    .argU128(AmmInstructions.REMOVE_MIN1, 0, 0);
        } else {
            lpAdds[u]++;
            final long amount = MIN_ADD + random.nextLong(MAX_AMOUNT - MIN_ADD);
            user(u, ProgramIds.AMM, AmmInstructions.ADD_LIQUIDITY, AmmInstructions.ADD_LENGTH)
                    .argU64(AmmInstructions.ADD_POOL, pool)
                    .argU128(AmmInstructions.ADD_AMOUNT0, 0, amount)
                    .argU128(AmmInstructions.ADD_AMOUNT1, 0, amount)
                    .argU128(AmmInstructions.ADD_MIN_SHARES, 0, 0);
        }
    }
}
