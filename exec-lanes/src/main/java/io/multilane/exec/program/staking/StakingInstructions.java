package io.multilane.exec.program.staking;

/**
 * Instructions of the staking program ({@code ProgramIds.STAKING}), their argument layouts (offsets
 * inside the argument block, little-endian, u128 as lo then hi) and event types. See
 * {@code docs/programs-defi.md}. Constants only; any thread.
 */
public final class StakingInstructions {
    /** Create a pool; the pool id is also its account id. */
    public static final int CREATE_POOL = 1;
    public static final int CREATE_POOL_ID = 0;
    public static final int CREATE_STAKE_TOKEN = 8;
    public static final int CREATE_REWARD_TOKEN = 16;
    /** u128 reward tokens released per block (shared by all stakers), &gt; 0. */
    public static final int CREATE_RATE = 24;
    public static final int CREATE_LENGTH = 40;

    /** Deposit reward tokens into the pool's rewardsRemaining (anyone may fund). */
    public static final int FUND = 2;
    /** Stake tokens. */
    public static final int STAKE = 3;
    /** Take staked tokens back. */
    public static final int UNSTAKE = 4;
    /** Layout shared by fund, stake and unstake. */
    public static final int AMOUNT_POOL = 0;
    public static final int AMOUNT_VALUE = 8;
    public static final int AMOUNT_LENGTH = 24;

    /** Pay the sender's owed rewards. */
    public static final int CLAIM = 5;
    public static final int CLAIM_POOL = 0;
    public static final int CLAIM_LENGTH = 8;

    /** Pool flag: set on every created pool. */
    public static final long FLAG_CREATED = 1;

    /** Event: pool created; a = pool, b = stake token, c = reward token, amount0 = rate per block. */
    public static final int EVENT_POOL_CREATED = 1;
    /** Event: funded; a = pool, b = funder, amount0 = amount. */
    public static final int EVENT_FUNDED = 2;
    /** Event: staked; a = pool, b = user, amount0 = amount. */
    public static final int EVENT_STAKED = 3;
    /** Event: unstaked; a = pool, b = user, amount0 = amount. */
    public static final int EVENT_UNSTAKED = 4;
    /** Event: rewards claimed; a = pool, b = user, amount0 = amount. */
    public static final int EVENT_CLAIMED = 5;

    private StakingInstructions() {
    }
}
