package io.multilane.state.record;

import io.multilane.state.U128;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over a StakingPosition record (STAKING_POSITION): an owner's stake in one staking pool. Layout in {@link
 * StakingPositionDescriptor}.
 *
 * <p>Reusable and allocation-free; not thread-safe: one thread uses an instance at a time.
 */
public final class StakingPositionFlyweight extends RecordFlyweight {
    @Override
    public StakingPositionFlyweight wrap(final MutableDirectBuffer buf, final int offset) {
        super.wrap(buf, offset);
        return this;
    }

    @Override
    public StakingPositionFlyweight wrapForRead(final DirectBuffer buf, final int offset) {
        super.wrapForRead(buf, offset);
        return this;
    }

    @Override
    public int length() {
        return StakingPositionDescriptor.LENGTH;
    }

    /** Reads staked into {@code dst} and returns it. */
    public U128 staked(final U128 dst) {
        return getU128(StakingPositionDescriptor.STAKED_OFFSET, dst);
    }

    public StakingPositionFlyweight setStaked(final U128 value) {
        putU128(StakingPositionDescriptor.STAKED_OFFSET, value);
        return this;
    }

    /** Reads rewardPerTokenPaid into {@code dst} and returns it. */
    public U128 rewardPerTokenPaid(final U128 dst) {
        return getU128(StakingPositionDescriptor.REWARD_PER_TOKEN_PAID_OFFSET, dst);
    }

    public StakingPositionFlyweight setRewardPerTokenPaid(final U128 value) {
        putU128(StakingPositionDescriptor.REWARD_PER_TOKEN_PAID_OFFSET, value);
        return this;
    }

    /** Reads rewardsOwed into {@code dst} and returns it. */
    public U128 rewardsOwed(final U128 dst) {
        return getU128(StakingPositionDescriptor.REWARDS_OWED_OFFSET, dst);
    }

    public StakingPositionFlyweight setRewardsOwed(final U128 value) {
        putU128(StakingPositionDescriptor.REWARDS_OWED_OFFSET, value);
        return this;
    }
}
