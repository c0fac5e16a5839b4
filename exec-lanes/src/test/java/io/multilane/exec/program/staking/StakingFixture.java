package io.multilane.exec.program.staking;

import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.lending.DefiHarness;
import io.multilane.exec.program.lending.DefiHarness.Args;
import io.multilane.exec.program.lending.DefiHarness.Outcome;
import io.multilane.state.key.KeyType;
import java.math.BigInteger;

/**
 * Staking transactions and state reads over a {@link DefiHarness}. Test thread only.
 */
public final class StakingFixture {
    private final DefiHarness chain;

    /**
     * @param chain the harness
     */
    public StakingFixture(final DefiHarness chain) {
        this.chain = chain;
    }

    /** @return the receipt of a pool creation */
    public Outcome create(final long sender, final long pool, final long stakeToken, final long rewardToken,
            final BigInteger rate) {
        return chain.exec(sender, ProgramIds.STAKING, StakingInstructions.CREATE_POOL,
                new Args(StakingInstructions.CREATE_LENGTH).u64(StakingInstructions.CREATE_POOL_ID, pool)
                        .u64(StakingInstructions.CREATE_STAKE_TOKEN, stakeToken)
                        .u64(StakingInstructions.CREATE_REWARD_TOKEN, rewardToken)
                        .u128(StakingInstructions.CREATE_RATE, rate));
    }

    /** @return the receipt of fund / stake / unstake */
    public Outcome amount(final int instruction, final long sender, final long pool, final BigInteger amount) {
        return chain.exec(sender, ProgramIds.STAKING, instruction, new Args(StakingInstructions.AMOUNT_LENGTH)
                .u64(StakingInstructions.AMOUNT_POOL, pool).u128(StakingInstructions.AMOUNT_VALUE, amount));
    }

    /** @return the receipt of a claim */
    public Outcome claim(final long sender, final long pool) {
        return chain.exec(sender, ProgramIds.STAKING, StakingInstructions.CLAIM,
                new Args(StakingInstructions.CLAIM_LENGTH).u64(StakingInstructions.CLAIM_POOL, pool));
    }

    /** @return a u128 field of the pool */
    public BigInteger pool(final long pool, final int field) {
        return chain.u128(KeyType.STAKING_POOL, pool, 0, field);
    }

    /** @return a u128 field of a position */
    public BigInteger position(final long pool, final long owner, final int field) {
        return chain.u128(KeyType.STAKING_POSITION, pool, owner, field);
    }
}
