package io.multilane.exec.program.staking;

import static io.multilane.exec.program.lending.DefiHarness.hi;
import static io.multilane.exec.program.lending.DefiHarness.lo;

import java.math.BigInteger;

import io.multilane.exec.program.lending.DefiHarness;
import io.multilane.exec.program.lending.DefiHarness.Outcome;
import io.multilane.state.key.KeyType;

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
        return chain.send(sender, t -> t.createStakingPool(pool, stakeToken, rewardToken, hi(rate), lo(rate)));
    }

    /** @return the receipt of fund / stake / unstake */
    public Outcome amount(final int instruction, final long sender, final long pool, final BigInteger amount) {
        return chain.send(sender, t -> {
            switch (instruction) {
                case StakingInstructions.FUND -> t.fund(pool, hi(amount), lo(amount));
                case StakingInstructions.STAKE -> t.stake(pool, hi(amount), lo(amount));
                case StakingInstructions.UNSTAKE -> t.unstake(pool, hi(amount), lo(amount));
                default -> throw new IllegalArgumentException("not an amount instruction: " + instruction);
            }
        });
    }

    /** @return the receipt of a claim */
    public Outcome claim(final long sender, final long pool) {
        return chain.send(sender, t -> t.claim(pool));
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
