package io.multilane.exec.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;

import io.multilane.exec.context.RecordingTxContext;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.testing.ProgramOps;
import io.multilane.exec.testing.TestChain;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LaneResult#applyTo}: the recorded writes and credits go to committed state all together, or, when a
 * credit would overflow the committed value, nothing is written ({@link ReasonCodes#CREDIT_OVERFLOW}) and
 * {@link LaneCommitter} re-executes the transaction, which gives the serial receipt.
 */
class LaneApplyTest {
    /** Receives credits; 1500 below 2^128. */
    private static final long WHALE = 30;

    @TempDir
    Path dir;

    private static void genesis(final TestChain chain) {
        ProgramOps.seed(chain);
        chain.fundU128(WHALE, ProgramOps.MAX.subtract(BigInteger.valueOf(1500)));
    }

    @Test
    void appliesEveryWriteAndCreditAsTheSerialExecutorDoes() {
        try (LaneHarness h = new LaneHarness(dir, LaneApplyTest::genesis)) {
            h.oracle().helperFee(7).coinTransfer(10, 11, 1000);
            h.takeBlock();
            final LaneResult r = h.executed(h.newLane(), 0);
            final Map<String, String> before = h.snapshot();
            assertEquals(ReasonCodes.NONE, r.applyTo(h.committed(), creditScratch()));
            assertEquals(h.oracle().snapshot(), h.snapshot(), "sender debited, receiver and fee collector credited");
            assertNotEquals(before, h.snapshot());
        }
    }

    @Test
    void aCreditThatWouldOverflowWritesNothingAndIsReexecuted() {
        try (LaneHarness h = new LaneHarness(dir, LaneApplyTest::genesis)) {
            h.oracle().helperFee(7).coinTransfer(11, WHALE, 1000).coinTransfer(10, WHALE, 1000);
            h.takeBlock();
            final LaneResult second = h.executeSecondBeforeFirstCommits();
            assertEquals(TxStatus.SUCCESS, second.status(), "the lane saw the whale 1500 below the top");
            assertEquals(LaneResult.MATCH, h.validate(1, second), "the whale was credited, never read");
            final Map<String, String> before = h.snapshot();
            assertEquals(ReasonCodes.CREDIT_OVERFLOW,
                    second.applyTo(h.committed(), creditScratch()));
            assertEquals(before, h.snapshot(), "neither the sender's debit nor the fee collector's credit was written");
            assertEquals(LaneCommitter.REEXECUTED, h.commit(1, second));
            assertEquals(ReasonCodes.CREDIT_OVERFLOW, h.receipts().reason(1));
            h.assertMatchesOracle("credit overflow");
        }
    }

    private static UnsafeBuffer creditScratch() {
        return new UnsafeBuffer(new byte[32 * RecordingTxContext.MAX_CREDITS]);
    }
}
