package io.multilane.exec.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.function.Consumer;

import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.testing.ProgramOps;
import io.multilane.exec.testing.TestChain;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LaneResult#validate}, value validation: transaction 1 of each block is executed in a lane before
 * transaction 0 (another sender, another lane) is committed, then validated against committed state and
 * committed. A value it read that changed (or appeared, or vanished) is a {@link LaneResult#MISMATCH} and a
 * re-execution; a key it only credited, or one rewritten with the value it saw, is no conflict. Every block
 * ends equal to the serial oracle's.
 */
class LaneValidateTest {
    private static final BigInteger AMOUNT = BigInteger.valueOf(1000);
    private static final BigInteger HELD = BigInteger.valueOf(50);

    @TempDir
    Path dir;

    /** The standard universe; account 20 with coins and no tokens; 21 holding {@link #HELD} of token 503, all approved to 12. */
    private static void genesis(final TestChain chain) {
        ProgramOps.seed(chain);
        chain.fund(20, 1000, 21, 1000);
        chain.tokenOp(11, TokensInstructions.TRANSFER, 503, 21, HELD).tokenOp(21, TokensInstructions.APPROVE, 503, 12, HELD)
                .sealOk();
    }

    /**
     * Builds the block on the oracle's chain, executes transaction 1 in a lane before transaction 0 is
     * committed, and asserts the verdict, the commit path and the end state.
     */
    private void assertVerdict(final int verdict, final String scenario, final Consumer<TestChain> block) {
        try (LaneHarness h = new LaneHarness(dir, LaneValidateTest::genesis)) {
            block.accept(h.oracle());
            h.takeBlock();
            assertVerdict(h, verdict, h.executeSecondBeforeFirstCommits(), scenario);
        }
    }

    private static void assertVerdict(final LaneHarness h, final int verdict, final LaneResult second, final String scenario) {
        assertEquals(verdict, h.validate(1, second), scenario);
        assertEquals(verdict == LaneResult.MATCH ? LaneCommitter.APPLIED : LaneCommitter.REEXECUTED, h.commit(1, second),
                scenario);
        h.assertMatchesOracle(scenario);
    }

    @Test
    void matchWhenNothingItReadChanged() {
        assertVerdict(LaneResult.MATCH, "unrelated",
                c -> c.coinTransfer(12, 13, 5).tokenOp(11, TokensInstructions.TRANSFER, 500, 14, AMOUNT));
    }

    @Test
    void aKeyItOnlyCreditedMayChange() {
        assertVerdict(LaneResult.MATCH, "both credit 14's balance",
                c -> c.tokenOp(12, TokensInstructions.TRANSFER, 500, 14, AMOUNT)
                        .tokenOp(11, TokensInstructions.TRANSFER, 500, 14, AMOUNT));
    }

    @Test
    void mismatchWhenABalanceItReadChanged() {
        assertVerdict(LaneResult.MISMATCH, "11's balance, credited by 0, read by 1",
                c -> c.tokenOp(12, TokensInstructions.TRANSFER, 500, 11, AMOUNT)
                        .tokenOp(11, TokensInstructions.TRANSFER, 500, 13, AMOUNT));
    }

    @Test
    void mismatchWhenAPoolItReadChanged() {
        assertVerdict(LaneResult.MISMATCH, "pool 900, swapped by both",
                c -> c.swap(12, 500, AMOUNT, BigInteger.ZERO, 900).swap(13, 500, AMOUNT, BigInteger.ZERO, 900));
    }

    @Test
    void mismatchWhenAKeySeenAbsentNowExists() {
        try (LaneHarness h = new LaneHarness(dir, LaneValidateTest::genesis)) {
            h.oracle().tokenOp(12, TokensInstructions.TRANSFER, 503, 20, HELD)
                    .tokenOp(20, TokensInstructions.TRANSFER, 503, 13, BigInteger.ONE);
            h.takeBlock();
            final LaneResult second = h.executeSecondBeforeFirstCommits();
            assertEquals(ReasonCodes.INSUFFICIENT_BALANCE, second.reason(), "the lane saw no balance");
            assertVerdict(h, LaneResult.MISMATCH, second, "20's balance of 503 appeared");
            assertEquals(TxStatus.SUCCESS, h.receipts().status(1));
        }
    }

    @Test
    void mismatchWhenAKeySeenPresentIsNowAbsent() {
        try (LaneHarness h = new LaneHarness(dir, LaneValidateTest::genesis)) {
            h.oracle().transferFrom(12, 503, 21, 12, HELD).tokenOp(21, TokensInstructions.TRANSFER, 503, 13, BigInteger.ONE);
            h.takeBlock();
            final LaneResult second = h.executeSecondBeforeFirstCommits();
            assertEquals(TxStatus.SUCCESS, second.status(), "the lane saw 21's balance");
            final UnsafeBuffer value = new UnsafeBuffer(new byte[LaneOverlay.VALUE_STRIDE]);
            assertEquals(-1, h.committed().read(LaneHarness.tokenBalanceKey(503, 21), 0, value, 0), "emptied: absent");
            assertVerdict(h, LaneResult.MISMATCH, second, "21's balance of 503 vanished");
            assertEquals(ReasonCodes.INSUFFICIENT_BALANCE, h.receipts().reason(1));
        }
    }

    @Test
    void aKeyRewrittenWithTheValueSeenIsNoConflict() {
        assertVerdict(LaneResult.MATCH, "allowance (503, 21, 12) rewritten as it was",
                c -> c.tokenOp(21, TokensInstructions.APPROVE, 503, 12, HELD).transferFrom(12, 503, 21, 13, BigInteger.ONE));
    }
}
