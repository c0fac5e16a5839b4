package io.multilane.state.record;

import io.multilane.state.key.KeyType;

/**
 * Byte layout of the StakingPool record (STAKING_POOL): a staking pool with a reward-per-token accumulator (WAD). Little-
 * endian; u128 fields are (lo u64, hi u64).
 *
 * <p>Constants only; any thread may use them. The authoritative layout, documented in docs/state-layout.md.
 */
public final class StakingPoolDescriptor {
    /** Record length in bytes. */
    public static final int LENGTH = 96;
    /** The key type these records are stored under. */
    public static final KeyType KEY_TYPE = KeyType.STAKING_POOL;
    /** stakeToken, u64. */
    public static final int STAKE_TOKEN_OFFSET = 0;
    /** rewardToken, u64. */
    public static final int REWARD_TOKEN_OFFSET = 8;
    /** rewardRatePerBlock, u128. */
    public static final int REWARD_RATE_PER_BLOCK_OFFSET = 16;
    /** rewardPerTokenStored, u128. */
    public static final int REWARD_PER_TOKEN_STORED_OFFSET = 32;
    /** totalStaked, u128. */
    public static final int TOTAL_STAKED_OFFSET = 48;
    /** rewardsRemaining, u128. */
    public static final int REWARDS_REMAINING_OFFSET = 64;
    /** lastUpdateHeight, u64. */
    public static final int LAST_UPDATE_HEIGHT_OFFSET = 80;
    /** flags, u64. */
    public static final int FLAGS_OFFSET = 88;

    static {
        if (KEY_TYPE.recordLength() != LENGTH) {
            throw new ExceptionInInitializerError("StakingPool length mismatch");
        }
    }

    private StakingPoolDescriptor() {
    }
}
