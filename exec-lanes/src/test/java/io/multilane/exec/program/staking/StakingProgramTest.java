package io.multilane.exec.program.staking;

import static java.math.BigInteger.ZERO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;

import io.multilane.exec.program.lending.DefiHarness;
import io.multilane.exec.program.lending.DefiHarness.Outcome;
import io.multilane.exec.program.lending.LendingFixture;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.state.record.StakingPoolDescriptor;
import io.multilane.state.record.StakingPositionDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StakingProgramTest {
    static final long FUNDER = 20;
    static final long ALICE = 30;
    static final long BOB = 31;
    static final long STAKE = 510;
    static final long REWARD = 511;
    static final long POOL = 800;
    static final BigInteger RATE = LendingFixture.tokens(10);

    @TempDir
    Path dir;
    private DefiHarness chain;
    private StakingFixture staking;

    @BeforeEach
    void open() {
        chain = new DefiHarness(dir, new DefiHarness.Genesis()
                .account(FUNDER, 1_000_000).account(ALICE, 1_000_000).account(BOB, 1_000_000)
                .balance(REWARD, FUNDER, tokens(1_000_000))
                .balance(STAKE, ALICE, tokens(1_000)).balance(STAKE, BOB, tokens(1_000)));
        staking = new StakingFixture(chain);
    }

    @AfterEach
    void close() {
        chain.close();
    }

    private static BigInteger tokens(final long n) {
        return LendingFixture.tokens(n);
    }

    private static void ok(final Outcome o) {
        assertEquals(TxStatus.SUCCESS, o.status(), o.toString());
    }

    private static void fails(final int reason, final Outcome o) {
        assertEquals(TxStatus.FAILED, o.status(), o.toString());
        assertEquals(StakingReasons.name(reason), StakingReasons.name(o.reason()));
    }

    private void pool() {
        ok(staking.create(FUNDER, POOL, STAKE, REWARD, RATE));
    }

    @Test
    void createChecksRateTokensAndTheIdNamespace() {
        fails(ReasonCodes.INVALID_ARGUMENT, staking.create(FUNDER, POOL, STAKE, REWARD, ZERO));
        fails(ReasonCodes.NOT_FOUND, staking.create(FUNDER, POOL, STAKE, 999, RATE));
        fails(ReasonCodes.ALREADY_EXISTS, staking.create(FUNDER, ALICE, STAKE, REWARD, RATE));
        final long height = chain.nextHeight();
        pool();
        assertEquals(RATE, staking.pool(POOL, StakingPoolDescriptor.REWARD_RATE_PER_BLOCK_OFFSET));
        assertEquals(height, chain.u64(io.multilane.state.key.KeyType.STAKING_POOL, POOL, 0,
                StakingPoolDescriptor.LAST_UPDATE_HEIGHT_OFFSET));
        fails(ReasonCodes.ALREADY_EXISTS, staking.create(FUNDER, POOL, STAKE, REWARD, RATE));
    }

    @Test
    void fundStakeAndUnstakeMoveTokensAndRefuseBadAmounts() {
        pool();
        fails(ReasonCodes.NOT_FOUND, staking.amount(StakingInstructions.FUND, FUNDER, POOL + 1, tokens(1)));
        fails(ReasonCodes.INVALID_ARGUMENT, staking.amount(StakingInstructions.FUND, FUNDER, POOL, ZERO));
        fails(ReasonCodes.INSUFFICIENT_BALANCE, staking.amount(StakingInstructions.FUND, ALICE, POOL, tokens(1)));
        ok(staking.amount(StakingInstructions.FUND, FUNDER, POOL, tokens(500)));
        assertEquals(tokens(500), staking.pool(POOL, StakingPoolDescriptor.REWARDS_REMAINING_OFFSET));
        assertEquals(tokens(500), chain.balance(REWARD, POOL));

        fails(ReasonCodes.INVALID_ARGUMENT, staking.amount(StakingInstructions.STAKE, ALICE, POOL, ZERO));
        fails(ReasonCodes.INSUFFICIENT_BALANCE, staking.amount(StakingInstructions.STAKE, ALICE, POOL, tokens(1001)));
        ok(staking.amount(StakingInstructions.STAKE, ALICE, POOL, tokens(100)));
        assertEquals(tokens(100), chain.balance(STAKE, POOL));
        assertEquals(tokens(900), chain.balance(STAKE, ALICE));
        fails(StakingReasons.INSUFFICIENT_STAKE, staking.amount(StakingInstructions.UNSTAKE, ALICE, POOL, tokens(101)));
        fails(StakingReasons.INSUFFICIENT_STAKE, staking.amount(StakingInstructions.UNSTAKE, BOB, POOL, tokens(1)));
        ok(staking.amount(StakingInstructions.UNSTAKE, ALICE, POOL, tokens(60)));
        assertEquals(tokens(40), staking.position(POOL, ALICE, StakingPositionDescriptor.STAKED_OFFSET));
        assertEquals(tokens(40), staking.pool(POOL, StakingPoolDescriptor.TOTAL_STAKED_OFFSET));
        assertEquals(tokens(960), chain.balance(STAKE, ALICE));
        assertTrue(chain.supplyMismatches().isEmpty(), chain.supplyMismatches().toString());
    }

    @Test
    void rewardsSplitByStakePerBlockAsComputedByHand() {
        pool();
        ok(staking.amount(StakingInstructions.FUND, FUNDER, POOL, tokens(1000)));
        ok(staking.amount(StakingInstructions.STAKE, ALICE, POOL, tokens(100)));
        ok(staking.amount(StakingInstructions.STAKE, BOB, POOL, tokens(300)));
        // one block with Alice alone: 10 tokens to her, rewardPerToken += 10e18 * 1e18 / 100e18 = 1e17
        assertEquals(new BigInteger("100000000000000000"),
                staking.pool(POOL, StakingPoolDescriptor.REWARD_PER_TOKEN_STORED_OFFSET));
        chain.advance(3);
        // four blocks shared 100:300: 40 tokens, rewardPerToken += 40e18 * 1e18 / 400e18 = 1e17; Alice 10 + 10
        final Outcome a = staking.claim(ALICE, POOL);
        ok(a);
        assertEquals(tokens(20), a.event(StakingInstructions.EVENT_CLAIMED).amount0());
        assertEquals(tokens(20), chain.balance(REWARD, ALICE));
        assertEquals(tokens(1000 - 50), staking.pool(POOL, StakingPoolDescriptor.REWARDS_REMAINING_OFFSET));
        // one block later: 10 tokens over 400 staked, rewardPerToken += 2.5e16; Alice 100 * 2.5e16 = 2.5 tokens
        final Outcome again = staking.claim(ALICE, POOL);
        ok(again);
        assertEquals(new BigInteger("2500000000000000000"), again.event(StakingInstructions.EVENT_CLAIMED).amount0());
        // one more block: rewardPerToken = 2.5e17; Bob: 300 * (2.5e17 - 1e17) = 45 tokens
        final Outcome b = staking.claim(BOB, POOL);
        ok(b);
        assertEquals(tokens(45), b.event(StakingInstructions.EVENT_CLAIMED).amount0());
        assertEquals(tokens(1000 - 70), staking.pool(POOL, StakingPoolDescriptor.REWARDS_REMAINING_OFFSET));
        assertTrue(chain.supplyMismatches().isEmpty(), chain.supplyMismatches().toString());
    }

    @Test
    void rewardsStopAtTheFundedAmountAndPauseWithoutStakers() {
        pool();
        ok(staking.amount(StakingInstructions.FUND, FUNDER, POOL, tokens(25)));
        chain.advance(5);
        ok(staking.amount(StakingInstructions.STAKE, ALICE, POOL, tokens(100)));
        assertEquals(tokens(25), staking.pool(POOL, StakingPoolDescriptor.REWARDS_REMAINING_OFFSET),
                "nothing accrues while nobody stakes");
        chain.advance(9);
        final Outcome capped = staking.claim(ALICE, POOL);
        ok(capped);
        assertEquals(tokens(25), capped.event(StakingInstructions.EVENT_CLAIMED).amount0(), "10 blocks x 10 capped at 25");
        assertEquals(ZERO, staking.pool(POOL, StakingPoolDescriptor.REWARDS_REMAINING_OFFSET));
        assertEquals(ZERO, chain.balance(REWARD, POOL));
        chain.advance(3);
        fails(StakingReasons.NOTHING_TO_CLAIM, staking.claim(ALICE, POOL));
        ok(staking.amount(StakingInstructions.FUND, FUNDER, POOL, tokens(100)));
        ok(staking.claim(ALICE, POOL));
        assertEquals(tokens(35), chain.balance(REWARD, ALICE), "one block after refunding: 10 more");
    }

    @Test
    void claimAndUnstakeNeedAPool() {
        fails(ReasonCodes.NOT_FOUND, staking.claim(ALICE, POOL));
        fails(ReasonCodes.NOT_FOUND, staking.amount(StakingInstructions.UNSTAKE, ALICE, POOL, tokens(1)));
        pool();
        fails(StakingReasons.NOTHING_TO_CLAIM, staking.claim(ALICE, POOL));
    }
}
