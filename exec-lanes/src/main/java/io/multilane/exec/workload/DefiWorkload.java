package io.multilane.exec.workload;

import io.multilane.exec.program.GenesisWriter;
import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.amm.AmmInstructions;
import io.multilane.exec.program.lending.LendingInstructions;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.state.StateStore;
import io.multilane.state.U128;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The DeFi universe both DeFi samplers run in: ids, genesis and setup blocks over every native
 * program, sized by a {@link DefiMixSpec}. {@link DefiMixWorkload} samples realistic traffic in it
 * (what soak and bench run), {@link AdversarialDefiWorkload} hostile traffic (for differential tests).
 *
 * <p>Genesis writes the whale ({@link #AUTHORITY}), the users (10^30 coin units each, for fees) and
 * the tokens directly: every user holds 10^24 (10^6 units) of every token, the whale 10^30, and each
 * token's supply is the sum. Setup block 0 (whale transactions) creates the AMM pools and adds
 * liquidity, creates the lending markets, posts their price and supplies their loan token, creates
 * the staking pools and funds them; the following setup blocks give each of the first
 * {@link DefiMixSpec#positionUsers()} users a collateral position in market {@code u % markets} and a
 * stake in staking pool {@code u % stakingPools}. All of that goes through real transactions, so the
 * programs' invariants hold by construction. Pools {@code 0 .. tokens - 1} pair token {@code p} with
 * token {@code p + 1} (mod tokens): a ring a multi-hop swap can walk. One thread per instance.
 */
public abstract sealed class DefiWorkload implements Workload permits DefiMixWorkload, AdversarialDefiWorkload {
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
    /** Fee of every setup transaction (and of every realistic one). */
    public static final long FEE = 1;
    /** Each user's genesis balance of each token in whole units (10^6, i.e. 10^24). */
    public static final long USER_TOKEN_UNITS = 1_000_000;

    /** Users given positions per setup block. */
    static final int SETUP_USERS_PER_BLOCK = 2500;
    /** Collateral each user posts in setup: 1000 units (room for 8000 borrows at LLTV 0.8). */
    static final long SETUP_COLLATERAL = 1000 * Amounts.E18;
    /** One stake unit (stake and unstake move one unit). */
    static final long STAKE_UNIT = Amounts.E18;
    /** Stake units each user stakes in setup. */
    static final int SETUP_STAKE_UNITS = 10;
    /** Pool liquidity per side added by the whale: 10^9 units. */
    static final long POOL_LIQUIDITY_UNITS = 1_000_000_000;
    /** Loan tokens the whale supplies to each market: 10^9 units. */
    static final long MARKET_SUPPLY_UNITS = 1_000_000_000;
    /** Reward tokens the whale funds each staking pool with: 10^9 units. */
    static final long STAKING_FUND_UNITS = 1_000_000_000;

    /** Sizes and mix. */
    final DefiMixSpec spec;
    /** Next nonce of each user. */
    final long[] nonces;
    /** Stake units each user holds (kept by setup and by the samplers). */
    final int[] stakeUnits;
    /** The block being encoded. */
    final BlockEncoder block = new BlockEncoder();
    /** The transaction being encoded. */
    final InstructionEncoder tx = new InstructionEncoder();
    private final String name;
    private final GenesisWriter genesis = new GenesisWriter();
    private final U128 a = new U128();
    private final U128 b = new U128();
    private long authorityNonce;

    DefiWorkload(final String name, final DefiMixSpec spec) {
        this.name = name;
        this.spec = spec;
        this.nonces = new long[spec.accounts()];
        this.stakeUnits = new int[spec.accounts()];
    }

    /** @return the sizes and mix */
    public final DefiMixSpec spec() {
        return spec;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long stateEntries() {
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
    public final long writeGenesis(final StateStore store, final MutableDirectBuffer rootOut, final int rootOffset) {
        genesis.begin(store);
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
        return genesis.seal(rootOut, rootOffset);
    }

    @Override
    public final int setupBlocks() {
        return 1 + (spec.positionUsers() + SETUP_USERS_PER_BLOCK - 1) / SETUP_USERS_PER_BLOCK;
    }

    @Override
    public final int encodeSetupBlock(final int index, final long height, final long timestamp, final DirectBuffer parentRoot,
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
                    user(u, FEE).supplyCollateral(FIRST_MARKET + u % spec.markets(), 0, SETUP_COLLATERAL);
                    block.commitTx();
                }
                if (spec.stakingPools() > 0) {
                    user(u, FEE).stake(FIRST_STAKING_POOL + u % spec.stakingPools(), 0, SETUP_STAKE_UNITS * STAKE_UNIT);
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
    final long poolToken0(final int p) {
        return Math.min(FIRST_TOKEN + p % spec.tokens(), poolOther(p));
    }

    /**
     * @param p a pool index
     * @return the higher token id of pool {@code p}
     */
    final long poolToken1(final int p) {
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
            authority().createPool(FIRST_POOL + p, poolToken0(p), poolToken1(p), FIRST_LP_TOKEN + p);
            block.commitTx();
            units(a, POOL_LIQUIDITY_UNITS);
            authority().addLiquidity(FIRST_POOL + p, a.hi(), a.lo(), a.hi(), a.lo(), 0, 0);
            block.commitTx();
        }
    }

    private void createMarkets() {
        for (int m = 0; m < spec.markets(); m++) {
            final long market = FIRST_MARKET + m;
            authority().createMarket(market, marketLoanToken(m), marketCollateralToken(m), AUTHORITY, Amounts.E18 / 10 * 8,
                    Amounts.E18 / 20, 1_000_000_000L, 1_000_000_000L);
            block.commitTx();
            authority().setPrice(market, 0, Amounts.E18);
            block.commitTx();
            units(a, MARKET_SUPPLY_UNITS);
            authority().supply(market, a.hi(), a.lo(), 0, 0);
            block.commitTx();
        }
    }

    private void createStakingPools() {
        for (int s = 0; s < spec.stakingPools(); s++) {
            final long pool = FIRST_STAKING_POOL + s;
            authority().createStakingPool(pool, FIRST_TOKEN + (3L * s) % spec.tokens(),
                    FIRST_TOKEN + (3L * s + 1) % spec.tokens(), 0, Amounts.E18);
            block.commitTx();
            units(a, STAKING_FUND_UNITS);
            authority().fund(pool, a.hi(), a.lo());
            block.commitTx();
        }
    }

    /** Sets {@code dst} to {@code units} whole units (times 10^18). */
    private void units(final U128 dst, final long units) {
        dst.set(0, units);
        b.set(0, Amounts.E18);
        dst.mul(b);
    }

    private InstructionEncoder authority() {
        return tx.begin(block.beginTx(), AUTHORITY, authorityNonce++, FEE);
    }

    /**
     * Starts user {@code u}'s next transaction (its nonce counted) in the block.
     *
     * @param u a user index
     * @param fee its fee
     * @return the instruction encoder
     */
    final InstructionEncoder user(final int u, final long fee) {
        return tx.begin(block.beginTx(), FIRST_USER + u, nonces[u]++, fee);
    }
}
