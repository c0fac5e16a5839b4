package io.multilane.state.record;

import io.multilane.state.key.KeyType;

/**
 * Byte layout of the StakingPosition record (STAKING_POSITION): an owner's stake in one staking pool. Little-endian; u128
 * fields are (lo u64, hi u64).
 *
 * <p>Constants only; any thread may use them. The authoritative layout, documented in docs/state-layout.md.
 */
public final class StakingPositionDescriptor {
    /** Record length in bytes. */
    public static final int LENGTH = 48;
    /** The key type these records are stored under. */
    public static final KeyType KEY_TYPE = KeyType.STAKING_POSITION;
    /** staked, u128. */
    public static final int STAKED_OFFSET = 0;
    /** rewardPerTokenPaid, u128. */
    public static final int REWARD_PER_TOKEN_PAID_OFFSET = 16;
    /** rewardsOwed, u128. */
    public static final int REWARDS_OWED_OFFSET = 32;

    static {
        if (KEY_TYPE.recordLength() != LENGTH) {
            throw new ExceptionInInitializerError("StakingPosition length mismatch");
        }
    }

    private StakingPositionDescriptor() {
    }
}
