package io.multilane.exec.program.staking;

import static io.multilane.exec.program.staking.StakingInstructions.AMOUNT_POOL;
import static io.multilane.exec.program.staking.StakingInstructions.AMOUNT_VALUE;

import io.multilane.exec.program.Ledger;
import io.multilane.exec.program.Program;
import io.multilane.exec.program.ProgramAccounts;
import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.TxContext;
import io.multilane.exec.program.lending.WadMath;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.StakingPoolFlyweight;
import io.multilane.state.record.StakingPositionFlyweight;
import org.agrona.DirectBuffer;

/**
 * Staking pools with a reward-per-token accumulator (Synthetix {@code StakingRewards} style, WAD),
 * accruing by block height. A pool releases {@code rate} reward tokens per block to its stakers, but
 * only while it has stakers and funded rewards ({@code rewardsRemaining}), and never more than those:
 * every accrual takes {@code reward = min(rate * blocks, rewardsRemaining)}, raises the accumulator by
 * {@code floor(reward * WAD / totalStaked)} and takes back from {@code rewardsRemaining} only what that
 * increment distributes ({@code ceil(delta * totalStaked / WAD) <= reward}), so the sum of everything
 * ever claimable is at most the sum funded. A pool holds its tokens as {@code TOKEN_BALANCE(token, pool)}
 * records: credited when receiving, debited (read) when paying out.
 *
 * <p>Holds scratch holders and flyweights: one instance per executing thread.
 */
public final class StakingProgram implements Program {
    private final WadMath math = new WadMath();
    private final StakingPoolFlyweight pool = new StakingPoolFlyweight();
    private final StakingPositionFlyweight position = new StakingPositionFlyweight();
    private final U128 wad = new U128(0, WadMath.WAD);
    private final U128 amount = new U128();
    private final U128 total = new U128();
    private final U128 remaining = new U128();
    private final U128 reward = new U128();
    private final U128 rate = new U128();
    private final U128 delta = new U128();
    private final U128 perToken = new U128();
    private final U128 staked = new U128();
    private final U128 owed = new U128();
    private final U128 scratch = new U128();
    private int poolSlot;
    /** Why the last {@link #openForAmount} returned -1. */
    private int failure;

    @Override
    public int id() {
        return ProgramIds.STAKING;
    }

    @Override
    public int checkArgs(final int instruction, final DirectBuffer args, final int argsOffset, final int argsLength) {
        final int expected;
        switch (instruction) {
            case StakingInstructions.CREATE_POOL:
                expected = StakingInstructions.CREATE_LENGTH;
                break;
            case StakingInstructions.FUND:
            case StakingInstructions.STAKE:
            case StakingInstructions.UNSTAKE:
                expected = StakingInstructions.AMOUNT_LENGTH;
                break;
            case StakingInstructions.CLAIM:
                expected = StakingInstructions.CLAIM_LENGTH;
                break;
            default:
                return ReasonCodes.UNKNOWN_INSTRUCTION;
        }
        return argsLength == expected ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
    }

    @Override
    public int execute(final TxContext ctx) {
        switch (ctx.instruction()) {
            case StakingInstructions.CREATE_POOL:
                return createPool(ctx);
            case StakingInstructions.FUND:
                return fund(ctx);
            case StakingInstructions.STAKE:
                return stake(ctx);
            case StakingInstructions.UNSTAKE:
                return unstake(ctx);
            case StakingInstructions.CLAIM:
                return claim(ctx);
            default:
                return ReasonCodes.INVALID_ARGUMENT;
        }
    }

    private int createPool(final TxContext ctx) {
        final long id = ctx.argU64(StakingInstructions.CREATE_POOL_ID);
        final long stakeToken = ctx.argU64(StakingInstructions.CREATE_STAKE_TOKEN);
        final long rewardToken = ctx.argU64(StakingInstructions.CREATE_REWARD_TOKEN);
        ctx.argU128(StakingInstructions.CREATE_RATE, rate);
        if (rate.isZero()) {
            return ReasonCodes.INVALID_ARGUMENT;
        }
        final int claimed = ProgramAccounts.claim(ctx, id);
        if (claimed != ReasonCodes.NONE) {
            return claimed;
        }
        final int slot = ctx.read(KeyType.STAKING_POOL, id, 0, 0);
        if (!ctx.exists(ctx.read(KeyType.TOKEN, stakeToken, 0, 0)) || !ctx.exists(ctx.read(KeyType.TOKEN, rewardToken, 0, 0))) {
            return ReasonCodes.NOT_FOUND;
        }
        pool.wrap(ctx.records(), ctx.recordOffset(slot))
                .setStakeToken(stakeToken)
                .setRewardToken(rewardToken)
                .setRewardRatePerBlock(rate)
                .setLastUpdateHeight(ctx.height())
                .setFlags(StakingInstructions.FLAG_CREATED);
        ctx.markWritten(slot);
        ctx.emit(StakingInstructions.EVENT_POOL_CREATED, id, stakeToken, rewardToken, rate, null);
        return ReasonCodes.NONE;
    }

    /** Reads the pool, wraps {@link #pool} on it and accrues rewards to the block height; -1 if absent. */
    private int openPool(final TxContext ctx, final long id) {
        final int slot = ctx.read(KeyType.STAKING_POOL, id, 0, 0);
        if (!ctx.exists(slot)) {
            return -1;
        }
        pool.wrap(ctx.records(), ctx.recordOffset(slot));
        if (accrue(ctx.height())) {
            ctx.markWritten(slot);
        }
        return slot;
    }

    /**
     * Moves the pool's accumulator to {@code height}; false if the record did not change. A step whose
     * accumulator would pass 2^128-1 distributes nothing (the rewards stay in {@code rewardsRemaining}).
     */
    private boolean accrue(final long height) {
        final long last = pool.lastUpdateHeight();
        if (height <= last) {
            return false;
        }
        pool.setLastUpdateHeight(height);
        pool.totalStaked(total);
        pool.rewardsRemaining(remaining);
        if (total.isZero() || remaining.isZero()) {
            return true;
        }
        reward.setUnsigned(height - last);
        if (!reward.mul(pool.rewardRatePerBlock(rate)) || reward.compareTo(remaining) > 0) {
            reward.set(remaining);
        }
        if (!delta.mulDiv(reward, wad, total) || !pool.rewardPerTokenStored(perToken).add(delta)) {
            return true;
        }
        // delta * total / WAD <= reward, so its ceiling is too: never more than remaining
        if (!math.mulDivUp(delta, total, wad, scratch) || !remaining.sub(scratch)) {
            return true;
        }
        pool.setRewardPerTokenStored(perToken).setRewardsRemaining(remaining);
        return true;
    }

    /**
     * Reads the position (pool, owner), wraps {@link #position} and settles its earnings up to the pool's
     * accumulator into {@link #owed}; {@link #staked} holds its stake. The caller writes the slot.
     */
    private int openPosition(final TxContext ctx, final long id, final long owner) {
        final int slot = ctx.read(KeyType.STAKING_POSITION, id, owner, 0);
        position.wrap(ctx.records(), ctx.recordOffset(slot));
        pool.rewardPerTokenStored(perToken);
        position.staked(staked);
        position.rewardsOwed(owed);
        if (!scratch.set(perToken).sub(position.rewardPerTokenPaid(delta))) {
            scratch.zero(); // paid above the accumulator: only under an inconsistent read
        }
        if (!reward.mulDiv(staked, scratch, wad) || !owed.add(reward)) {
            return -1;
        }
        position.setRewardPerTokenPaid(perToken);
        return slot;
    }

    private int fund(final TxContext ctx) {
        final long id = ctx.argU64(AMOUNT_POOL);
        ctx.argU128(AMOUNT_VALUE, amount);
        final int slot = openPool(ctx, id);
        if (slot < 0) {
            return ReasonCodes.NOT_FOUND;
        }
        if (amount.isZero()) {
            return ReasonCodes.INVALID_ARGUMENT;
        }
        if (!pool.rewardsRemaining(remaining).add(amount)) {
            return ReasonCodes.OVERFLOW;
        }
        final long rewardToken = pool.rewardToken();
        final int debited = Ledger.debit(ctx, KeyType.TOKEN_BALANCE, rewardToken, ctx.sender(), amount, scratch);
        if (debited != ReasonCodes.NONE) {
            return debited;
        }
        pool.setRewardsRemaining(remaining);
        ctx.markWritten(slot);
        if (!ctx.credit(KeyType.TOKEN_BALANCE, rewardToken, id, amount)) {
            return ReasonCodes.OVERFLOW;
        }
        ctx.emit(StakingInstructions.EVENT_FUNDED, id, ctx.sender(), 0, amount, null);
        return ReasonCodes.NONE;
    }

    private int stake(final TxContext ctx) {
        final long id = ctx.argU64(AMOUNT_POOL);
        final int positionSlot = openForAmount(ctx, id);
        if (positionSlot < 0) {
            return failure;
        }
        if (!staked.add(amount) || !pool.totalStaked(total).add(amount)) {
            return ReasonCodes.OVERFLOW;
        }
        final long stakeToken = pool.stakeToken();
        final int debited = Ledger.debit(ctx, KeyType.TOKEN_BALANCE, stakeToken, ctx.sender(), amount, scratch);
        if (debited != ReasonCodes.NONE) {
            return debited;
        }
        return settle(ctx, id, positionSlot, stakeToken, id, StakingInstructions.EVENT_STAKED);
    }

    private int unstake(final TxContext ctx) {
        final long id = ctx.argU64(AMOUNT_POOL);
        final int positionSlot = openForAmount(ctx, id);
        if (positionSlot < 0) {
            return failure;
        }
        if (!staked.sub(amount) || !pool.totalStaked(total).sub(amount)) {
            return StakingReasons.INSUFFICIENT_STAKE;
        }
        final long stakeToken = pool.stakeToken();
        if (Ledger.debit(ctx, KeyType.TOKEN_BALANCE, stakeToken, id, amount, scratch) != ReasonCodes.NONE) {
            return ReasonCodes.INSUFFICIENT_LIQUIDITY;
        }
        return settle(ctx, id, positionSlot, stakeToken, ctx.sender(), StakingInstructions.EVENT_UNSTAKED);
    }

    /**
     * Stake and unstake prologue: opens the pool (accruing), reads a non-zero amount into {@link #amount}
     * and opens the sender's position; {@link #poolSlot} holds the pool's slot.
     *
     * @return the position slot, or -1 with the reason in {@link #failure}
     */
    private int openForAmount(final TxContext ctx, final long id) {
        ctx.argU128(AMOUNT_VALUE, amount);
        poolSlot = openPool(ctx, id);
        if (poolSlot < 0) {
            return fail(ReasonCodes.NOT_FOUND);
        }
        if (amount.isZero()) {
            return fail(ReasonCodes.INVALID_ARGUMENT);
        }
        final int positionSlot = openPosition(ctx, id, ctx.sender());
        return positionSlot < 0 ? fail(ReasonCodes.OVERFLOW) : positionSlot;
    }

    /** Records why {@link #openForAmount} failed; @return -1 */
    private int fail(final int reason) {
        failure = reason;
        return -1;
    }

    /** Writes the new stake to pool and position, credits {@link #amount} of {@code token} to {@code receiver}, emits. */
    private int settle(final TxContext ctx, final long id, final int positionSlot, final long token, final long receiver,
            final int event) {
        pool.setTotalStaked(total);
        ctx.markWritten(poolSlot);
        position.setStaked(staked).setRewardsOwed(owed);
        ctx.markWritten(positionSlot);
        if (!ctx.credit(KeyType.TOKEN_BALANCE, token, receiver, amount)) {
            return ReasonCodes.OVERFLOW;
        }
        ctx.emit(event, id, ctx.sender(), 0, amount, null);
        return ReasonCodes.NONE;
    }

    private int claim(final TxContext ctx) {
        final long id = ctx.argU64(StakingInstructions.CLAIM_POOL);
        final int slot = openPool(ctx, id);
        if (slot < 0) {
            return ReasonCodes.NOT_FOUND;
        }
        final int positionSlot = openPosition(ctx, id, ctx.sender());
        if (positionSlot < 0) {
            return ReasonCodes.OVERFLOW;
        }
        if (owed.isZero()) {
            return StakingReasons.NOTHING_TO_CLAIM;
        }
        final long rewardToken = pool.rewardToken();
        if (Ledger.debit(ctx, KeyType.TOKEN_BALANCE, rewardToken, id, owed, scratch) != ReasonCodes.NONE) {
            return ReasonCodes.INSUFFICIENT_LIQUIDITY;
        }
        position.setRewardsOwed(amount.zero());
        ctx.markWritten(positionSlot);
        if (!ctx.credit(KeyType.TOKEN_BALANCE, rewardToken, ctx.sender(), owed)) {
            return ReasonCodes.OVERFLOW;
        }
        ctx.emit(StakingInstructions.EVENT_CLAIMED, id, ctx.sender(), 0, owed, null);
        return ReasonCodes.NONE;
    }
}
