package io.multilane.exec.program.lending;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import io.multilane.exec.context.RecordingTxContext;
import io.multilane.exec.program.Program;
import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.staking.StakingInstructions;
import io.multilane.exec.program.staking.StakingProgram;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.tx.TxEncoder;
import io.multilane.exec.tx.TxFlyweight;
import io.multilane.state.StateReader;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Lanes execute speculatively and may read records that no serial execution could produce (values
 * from different commit points). The programs must stay safe there: on arbitrary record bytes
 * (zeros, all-ones, small and random words, absent records) and arbitrary arguments, every
 * instruction returns {@code NONE} or a failure reason — it never throws and never loops.
 */
class DefiGarbageStateTest {
    private static final long[] IDS = {0, 1, 7, 700, 800, -1};
    private static final int[][] INSTRUCTIONS = {
        {ProgramIds.LENDING, LendingInstructions.CREATE_MARKET, LendingInstructions.CREATE_LENGTH},
        {ProgramIds.LENDING, LendingInstructions.SET_PRICE, LendingInstructions.PRICE_LENGTH},
        {ProgramIds.LENDING, LendingInstructions.SUPPLY, LendingInstructions.AMOUNT_LENGTH},
        {ProgramIds.LENDING, LendingInstructions.WITHDRAW, LendingInstructions.AMOUNT_LENGTH},
        {ProgramIds.LENDING, LendingInstructions.SUPPLY_COLLATERAL, LendingInstructions.COLLATERAL_LENGTH},
        {ProgramIds.LENDING, LendingInstructions.WITHDRAW_COLLATERAL, LendingInstructions.COLLATERAL_LENGTH},
        {ProgramIds.LENDING, LendingInstructions.BORROW, LendingInstructions.AMOUNT_LENGTH},
        {ProgramIds.LENDING, LendingInstructions.REPAY, LendingInstructions.AMOUNT_LENGTH},
        {ProgramIds.LENDING, LendingInstructions.LIQUIDATE, LendingInstructions.LIQUIDATE_LENGTH},
        {ProgramIds.STAKING, StakingInstructions.CREATE_POOL, StakingInstructions.CREATE_LENGTH},
        {ProgramIds.STAKING, StakingInstructions.FUND, StakingInstructions.AMOUNT_LENGTH},
        {ProgramIds.STAKING, StakingInstructions.STAKE, StakingInstructions.AMOUNT_LENGTH},
        {ProgramIds.STAKING, StakingInstructions.UNSTAKE, StakingInstructions.AMOUNT_LENGTH},
        {ProgramIds.STAKING, StakingInstructions.CLAIM, StakingInstructions.CLAIM_LENGTH},
    };

    private final LendingProgram lending = new LendingProgram();
    private final StakingProgram staking = new StakingProgram();
    private final RecordingTxContext ctx = new RecordingTxContext();
    private final TxFlyweight tx = new TxFlyweight();
    private final UnsafeBuffer txBuffer = new UnsafeBuffer(new byte[TxDescriptor.MAX_LENGTH]);

    @Property(tries = 3000)
    void anyInstructionOnAnyStateReturnsAReason(@ForAll final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] pick = INSTRUCTIONS[random.nextInt(INSTRUCTIONS.length)];
        final TxEncoder encoder = new TxEncoder().wrap(txBuffer, 0).header(IDS[random.nextInt(IDS.length)], 0, 0, pick[0],
                pick[1], pick[2]);
        for (int off = 0; off < pick[2]; off += 8) {
            encoder.argU64(off, random.nextInt(3) == 0 ? IDS[random.nextInt(IDS.length)] : word(random));
        }
        final Program program = pick[0] == ProgramIds.LENDING ? lending : staking;
        assertTrue(program.checkArgs(pick[1], txBuffer, TxDescriptor.ARGS_OFFSET, pick[2]) == ReasonCodes.NONE);
        tx.wrap(txBuffer, 0, encoder.length());
        ctx.begin(new GarbageReader(random.nextLong()), tx, random.nextInt(3) == 0 ? word(random) : random.nextInt(1000),
                0);
        final int reason = program.execute(ctx);
        assertTrue(reason == ReasonCodes.NONE || (reason >= ReasonCodes.BAD_NONCE && reason < 400),
                "instruction " + pick[1] + " of program " + pick[0] + " returned " + reason);
    }

    /** A u64 word biased to the interesting values. */
    private static long word(final SplittableRandom random) {
        switch (random.nextInt(5)) {
            case 0: return 0;
            case 1: return -1L;
            case 2: return random.nextInt(1000);
            case 3: return 1_000_000_000_000_000_000L;
            default: return random.nextLong();
        }
    }

    /** Every key reads as absent or as garbage derived from (seed, key): consistent per key within a run. */
    private static final class GarbageReader implements StateReader {
        private final long seed;

        GarbageReader(final long seed) {
            this.seed = seed;
        }

        @Override
        public int read(final DirectBuffer key, final int keyOffset, final MutableDirectBuffer dst, final int dstOffset) {
            final KeyType type = StateKeys.type(key, keyOffset);
            final SplittableRandom random = new SplittableRandom(seed ^ StateKeys.id1(key, keyOffset) * 31
                    ^ StateKeys.id2(key, keyOffset) * 17 ^ type.tag());
            if (random.nextInt(4) == 0) {
                return -1;
            }
            final int length = type.recordLength();
            for (int off = 0; off < length; off += 8) {
                dst.putLong(dstOffset + off, word(random));
            }
            return length;
        }
    }
}
