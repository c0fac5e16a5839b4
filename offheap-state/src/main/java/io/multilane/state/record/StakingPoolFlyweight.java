package io.multilane.state.record;

import io.multilane.state.U128;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over a StakingPool record (STAKING_POOL): a staking pool with a reward-per-token accumulator (WAD). Layout in
 * {@link StakingPoolDescriptor}.
 *
 * <p>Reusable and allocation-free; not thread-safe: one thread uses an instance at a time.
 */
public final class StakingPoolFlyweight extends RecordFlyweight {
    @Override
    public StakingPoolFlyweight wrap(final MutableDirectBuffer buf, final int offset) {
        super.wrap(buf, offset);
        return this;
    }

    @Override
    public StakingPoolFlyweight wrapForRead(final DirectBuffer buf, final int offset) {
        super.wrapForRead(buf, offset);
        return this;
    }

    @Override
    public int length() {
        return StakingPoolDescriptor.LENGTH;
    }

    public long stakeToken() {
        return getU64(StakingPoolDescriptor.STAKE_TOKEN_OFFSET);
    }

    public StakingPoolFlyweight setStakeToken(final long value) {
        putU64(StakingPoolDescriptor.STAKE_TOKEN_OFFSET, value);
        return this;
    }

    public long rewardToken() {
        return getU64(StakingPoolDescriptor.REWARD_TOKEN_OFFSET);
    }

    public StakingPoolFlyweight setRewardToken(final long value) {
        putU64(StakingPoolDescriptor.REWARD_TOKEN_OFFSET, value);
        return this;
    }

    /** Reads rewardRatePerBlock into {@code dst} and returns it. */
    public U128 rewardRatePerBlock(final U128 dst) {
        return getU128(StakingPoolDescriptor.REWARD_RATE_PER_BLOCK_OFFSET, dst);
    }

    public StakingPoolFlyweight setRewardRatePerBlock(final U128 value) {
        putU128(StakingPoolDescriptor.REWARD_RATE_PER_BLOCK_OFFSET, value);
        return this;
    }

    /** Reads rewardPerTokenStored into {@code dst} and returns it. */
    public U128 rewardPerTokenStored(final U128 dst) {
        return getU128(StakingPoolDescriptor.REWARD_PER_TOKEN_STORED_OFFSET, dst);
    }

    public StakingPoolFlyweight setRewardPerTokenStored(final U128 value) {
        putU128(StakingPoolDescriptor.REWARD_PER_TOKEN_STORED_OFFSET, value);
        return this;
    }

    /** Reads totalStaked into {@code dst} and returns it. */
    public U128 totalStaked(final U128 dst) {
        return getU128(StakingPoolDescriptor.TOTAL_STAKED_OFFSET, dst);
    }

    public StakingPoolFlyweight setTotalStaked(final U128 value) {
        putU128(StakingPoolDescriptor.TOTAL_STAKED_OFFSET, value);
        return this;
    }

    /** Reads rewardsRemaining into {@code dst} and returns it. */
    public U128 rewardsRemaining(final U128 dst) {
        return getU128(StakingPoolDescriptor.REWARDS_REMAINING_OFFSET, dst);
    }

    public StakingPoolFlyweight setRewardsRemaining(final U128 value) {
        putU128(StakingPoolDescriptor.REWARDS_REMAINING_OFFSET, value);
        return this;
    }

    public long lastUpdateHeight() {
        return getU64(StakingPoolDescriptor.LAST_UPDATE_HEIGHT_OFFSET);
    }

    public StakingPoolFlyweight setLastUpdateHeight(final long value) {
        putU64(StakingPoolDescriptor.LAST_UPDATE_HEIGHT_OFFSET, value);
        return this;
    }

    public long flags() {
        return getU64(StakingPoolDescriptor.FLAGS_OFFSET);
    }

    public StakingPoolFlyweight setFlags(final long value) {
        putU64(StakingPoolDescriptor.FLAGS_OFFSET, value);
        return this;
    }
}
