package io.multilane.exec.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.function.Consumer;

import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.testing.ProgramOps;
import io.multilane.exec.testing.TestChain;
import io.multilane.state.StateReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LaneResult#validate}: transaction 1 of each block is executed in a lane before transaction 0 (another
 * sender, another lane) is committed, then validated against committed state and committed. A value it read that
 * changed (or appeared, or vanished) is a {@link LaneResult#MISMATCH} and a re-execution; a key it only credited, or
 * one rewritten with the value it saw, is no conflict. A key the lane read from committed state and nobody wrote
 * since is proven unchanged by its read version ({@link StateReader#unchangedSince}) and not compared again
 * ({@link LaneResult#valueChecks} counts the keys that were); a write between the lane's read and its commit makes
 * the version stale and the value comparison decides as before (a changed value re-executes, the same value
 * rewritten does not, the sender's account is rebased); keys without a version (read from the lane's own overlay,
 * or the fee collector, whose record the commit store caches) are always compared by value. Every block ends equal
 * to the serial oracle's.
 */
class LaneValidateTest {
    private static final BigInteger AMOUNT = BigInteger.valueOf(1000);
    private static final BigInteger HELD = BigInteger.valueOf(50);

    @TempDir
    Path dir;

    /**
     * The standard universe; account 20 with coins and no tokens; 21 holding {@link #HELD} of token 503, all approved
     * to 12; the fee collector with coins to send.
     */
    private static void genesis(final TestChain chain) {
        ProgramOps.seed(chain);
        chain.fund(20, 1000, 21, 1000, TestChain.FEE_COLLECTOR, 1000);
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
    void keysNobodyWroteAreProvenByVersionAlone() {
        try (LaneHarness h = new LaneHarness(dir, LaneValidateTest::genesis)) {
            h.oracle().coinTransfer(12, 13, 5).tokenOp(11, TokensInstructions.TRANSFER, 500, 14, AMOUNT);
            h.takeBlock();
            final LaneResult second = h.executeSecondBeforeFirstCommits();
            assertTrue(second.readCount() >= 2, "the token transfer read its sender's account and balance");
            assertEquals(LaneResult.MATCH, h.validate(1, second));
            assertEquals(0, second.valueChecks(), "every key read was proven unchanged by its version");
            assertEquals(LaneCommitter.APPLIED, h.commit(1, second));
            h.assertMatchesOracle("unrelated");
        }
    }

    @Test
    void mismatchWhenABalanceItReadChangedAfterTheReadVersionIsStale() {
        try (LaneHarness h = new LaneHarness(dir, LaneValidateTest::genesis)) {
            // 1 reads 11's balance of 500; 0, committed after that read, credits it
            h.oracle().tokenOp(12, TokensInstructions.TRANSFER, 500, 11, AMOUNT)
                    .tokenOp(11, TokensInstructions.TRANSFER, 500, 13, AMOUNT);
            h.takeBlock();
            final LaneResult second = h.executeSecondBeforeFirstCommits();
            assertEquals(LaneResult.MISMATCH, h.validate(1, second), "11's balance changed after the lane read it");
            assertEquals(1, second.valueChecks(), "only the stale key was compared by value: validation stops at it");
            assertEquals(LaneCommitter.REEXECUTED, h.commit(1, second));
            h.assertMatchesOracle("stale version");
        }
    }

    @Test
    void aKeyRewrittenWithTheValueSeenIsNoConflict() {
        try (LaneHarness h = new LaneHarness(dir, LaneValidateTest::genesis)) {
            // 0 approves again what 21 had approved: the store keeps the record as it was (and its version)
            h.oracle().tokenOp(21, TokensInstructions.APPROVE, 503, 12, HELD).transferFrom(12, 503, 21, 13, BigInteger.ONE);
            h.takeBlock();
            final LaneResult second = h.executeSecondBeforeFirstCommits();
            assertEquals(LaneResult.MATCH, h.validate(1, second), "allowance (503, 21, 12) rewritten as it was");
            assertEquals(0, second.valueChecks(), "a write of the same record is no write: every version still current");
            assertEquals(LaneCommitter.APPLIED, h.commit(1, second));
            h.assertMatchesOracle("rewritten as it was");
        }
    }

    @Test
    void aKeyChangedAndChangedBackIsNoConflictThoughItsVersionIsStale() {
        try (LaneHarness h = new LaneHarness(dir, LaneValidateTest::genesis)) {
            // 0 and 1 change 21's allowance to 12 and back, after 2 read it in a lane
            h.oracle().tokenOp(21, TokensInstructions.APPROVE, 503, 12, BigInteger.ONE)
                    .tokenOp(21, TokensInstructions.APPROVE, 503, 12, HELD).transferFrom(12, 503, 21, 13, BigInteger.ONE);
            h.takeBlock();
            final LaneResult third = h.executed(h.newLane(), 2);
            assertEquals(LaneCommitter.APPLIED, h.commit(0, h.executed(h.newLane(), 0)), "transaction 0");
            assertEquals(LaneCommitter.APPLIED, h.commit(1, h.executed(h.newLane(), 1)), "transaction 1");
            assertEquals(LaneResult.MATCH, h.validate(2, third), "the value seen is the committed one again");
            assertEquals(1, third.valueChecks(), "the allowance, written twice since the read, was compared by value");
            assertEquals(LaneCommitter.APPLIED, h.commit(2, third));
            h.assertMatchesOracle("changed and changed back");
        }
    }

    @Test
    void theSendersAccountWrittenSinceIsComparedByValueAndRebased() {
        try (LaneHarness h = new LaneHarness(dir, LaneValidateTest::genesis)) {
            h.oracle().helperFee(7).coinTransfer(12, 11, 500).tokenOp(11, TokensInstructions.TRANSFER, 500, 13, AMOUNT);
            h.takeBlock();
            final LaneResult second = h.executeSecondBeforeFirstCommits();
            assertEquals(LaneResult.REBASED, h.validate(1, second), "11's account changed by balance only");
            assertEquals(1, second.valueChecks(), "the sender's account only; the rest proven by version");
            assertEquals(LaneCommitter.REBASED, h.commit(1, second));
            h.assertMatchesOracle("rebase");
        }
    }

    @Test
    void aKeyReadFromTheLanesOverlayIsComparedByValue() {
        try (LaneHarness h = new LaneHarness(dir, LaneValidateTest::genesis)) {
            h.oracle().tokenOp(12, TokensInstructions.TRANSFER, 500, 11, AMOUNT)
                    .tokenOp(11, TokensInstructions.TRANSFER, 500, 13, AMOUNT);
            h.takeBlock();
            final LaneExecutor lane = h.newLane();
            final LaneResult first = h.executed(lane, 0);
            final LaneResult second = h.executed(lane, 1);
            assertEquals(TxStatus.SUCCESS, second.status());
            assertEquals(LaneCommitter.APPLIED, h.commit(0, first));
            assertEquals(LaneResult.MATCH, h.validate(1, second), "the lane saw its own write of 11's balance");
            assertEquals(1, second.valueChecks(), "that balance came from the overlay: no version");
            assertEquals(LaneCommitter.APPLIED, h.commit(1, second));
            h.assertMatchesOracle("overlay");
        }
    }

    @Test
    void theFeeCollectorsCachedRecordIsNeverProvenByItsStoreVersion() {
        try (LaneHarness h = new LaneHarness(dir, LaneValidateTest::genesis)) {
            // 0's fee goes to the collector's record cached in the commit store; the store's copy and its version stay
            h.oracle().helperFee(7).coinTransfer(12, 13, 5).coinTransfer(TestChain.FEE_COLLECTOR, 14, 5);
            h.takeBlock();
            final UnsafeBuffer key = LaneHarness.accountKey(LaneHarness.FEE_COLLECTOR);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[LaneOverlay.VALUE_STRIDE]);
            final UnsafeBuffer version = new UnsafeBuffer(new byte[StateReader.VERSION_LENGTH]);
            h.subjectStore().read(key, 0, value, 0, version, 0);
            final LaneResult second = h.executeSecondBeforeFirstCommits();
            assertTrue(h.subjectStore().unchangedSince(key, 0, version, 0), "the underlying record was not written");
            assertFalse(h.committed().unchangedSince(key, 0, version, 0), "but the commit store's (cached) one was");
            assertEquals(LaneResult.MISMATCH, h.validate(1, second), "the collector's balance changed by 0's fee");
            assertEquals(LaneCommitter.REEXECUTED, h.commit(1, second));
            h.assertMatchesOracle("fee collector");
        }
    }
}
