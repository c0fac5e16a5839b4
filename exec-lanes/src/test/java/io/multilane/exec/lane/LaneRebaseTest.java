package io.multilane.exec.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Path;

import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.testing.ProgramOps;
import io.multilane.exec.testing.TestChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rebase: a lane's execution whose only stale read is the sender's account, used by the envelope alone
 * (nonce check, fee debit, nonce bump), is committed as recorded with that account recomputed from its
 * committed record ({@link LaneCommitter#REBASED}); if the program used the account, the fee is no longer
 * payable, the nonce relation changed or another read changed too, it is re-executed. Every block ends
 * equal to the serial oracle's, receipts byte for byte.
 */
class LaneRebaseTest {
    private static final BigInteger AMOUNT = BigInteger.valueOf(1000);

    @TempDir
    Path dir;

    /** The standard universe, and account 20 with 100 coins and some of token 500. */
    private static void genesis(final TestChain chain) {
        ProgramOps.seed(chain);
        chain.fund(20, 100);
        chain.tokenOp(11, TokensInstructions.TRANSFER, 500, 20, AMOUNT).sealOk();
    }

    /** Asserts the rebase of transaction {@code i} is refused: a mismatch, re-executed at commit. */
    private static void assertRefused(final LaneHarness h, final int i, final LaneResult result, final String why) {
        assertEquals(LaneResult.MISMATCH, h.validate(i, result), why);
        assertEquals(LaneCommitter.REEXECUTED, h.commit(i, result), why);
    }

    @Test
    void anotherSendersCreditToTheSenderIsRebased() {
        try (LaneHarness h = new LaneHarness(dir, LaneRebaseTest::genesis)) {
            h.oracle().helperFee(7).coinTransfer(12, 11, 500).tokenOp(11, TokensInstructions.TRANSFER, 500, 13, AMOUNT);
            h.takeBlock();
            final LaneResult tokenTransfer = h.executeSecondBeforeFirstCommits();
            assertEquals(LaneResult.REBASED, h.validate(1, tokenTransfer), "11's account changed, by balance only");
            assertEquals(LaneCommitter.REBASED, h.commit(1, tokenTransfer));
            h.assertMatchesOracle("credit then token transfer");
        }
    }

    @Test
    void theSendersNextTransactionIsRebasedOnTheReexecutionOfItsPrevious() {
        try (LaneHarness h = new LaneHarness(dir, LaneRebaseTest::genesis)) {
            h.oracle().helperFee(7).coinTransfer(12, 11, 500).coinTransfer(11, 13, 100)
                    .tokenOp(11, TokensInstructions.TRANSFER, 500, 13, AMOUNT);
            h.takeBlock();
            final LaneExecutor lane = h.newLane();
            final LaneResult coinTransfer = h.executed(lane, 1);
            final LaneResult tokenTransfer = h.executed(lane, 2);
            assertEquals(TxStatus.SUCCESS, tokenTransfer.status(), "the lane saw its own write of 11's account: nonce ok");
            assertEquals(LaneCommitter.APPLIED, h.commit(0, h.executed(h.newLane(), 0)));
            assertEquals(LaneCommitter.REEXECUTED, h.commit(1, coinTransfer), "its program debited 11's coins");
            assertEquals(LaneCommitter.REBASED, h.commit(2, tokenTransfer), "11's account differs from the lane's write");
            h.assertMatchesOracle("same sender");
        }
    }

    @Test
    void refusedWhenTheProgramUsedTheSendersAccount() {
        try (LaneHarness h = new LaneHarness(dir, LaneRebaseTest::genesis)) {
            h.oracle().helperFee(7).coinTransfer(12, 11, 500).coinTransfer(11, 13, 100);
            h.takeBlock();
            final LaneResult coinTransfer = h.executeSecondBeforeFirstCommits();
            assertRefused(h, 1, coinTransfer, "the program debited the sender's coins");
            h.assertMatchesOracle("credit then coin transfer");
        }
    }

    @Test
    void refusedWhenTheNonceRelationChanged() {
        try (LaneHarness h = new LaneHarness(dir, LaneRebaseTest::genesis)) {
            h.oracle().helperFee(7).coinTransfer(11, 13, 100).tokenOp(11, TokensInstructions.TRANSFER, 500, 13, AMOUNT);
            h.takeBlock();
            final LaneResult tokenTransfer = h.executeSecondBeforeFirstCommits();
            assertEquals(ReasonCodes.BAD_NONCE, tokenTransfer.reason(), "another lane: 11's nonce not yet bumped");
            assertRefused(h, 1, tokenTransfer, "seen nonce mismatched, committed one matches");
            assertEquals(TxStatus.SUCCESS, h.receipts().status(1));
            h.assertMatchesOracle("same sender, two lanes");
        }
    }

    @Test
    void refusedWhenTheFeeIsNoLongerPayable() {
        try (LaneHarness h = new LaneHarness(dir, LaneRebaseTest::genesis)) {
            // 20 holds 100. Lane: 20's transfer of 95 fails (100 - 10 < 95), its token transfer pays 60 of the 90 left.
            // Serially 20 first receives 50 (150), the transfer succeeds (45 left) and 60 is no longer payable.
            h.oracle().helperFee(7).coinTransfer(12, 20, 50).helperFee(10).coinTransfer(20, 13, 95)
                    .helperFee(60).tokenOp(20, TokensInstructions.TRANSFER, 500, 13, BigInteger.ONE);
            h.takeBlock();
            final LaneExecutor lane = h.newLane();
            final LaneResult coinTransfer = h.executed(lane, 1);
            final LaneResult tokenTransfer = h.executed(lane, 2);
            assertEquals(ReasonCodes.INSUFFICIENT_BALANCE, coinTransfer.reason());
            assertEquals(TxStatus.SUCCESS, tokenTransfer.status());
            assertEquals(LaneCommitter.APPLIED, h.commit(0, h.executed(h.newLane(), 0)));
            assertEquals(LaneCommitter.REEXECUTED, h.commit(1, coinTransfer));
            assertRefused(h, 2, tokenTransfer, "same nonce relation, fee not payable");
            assertEquals(ReasonCodes.FEE_UNPAYABLE, h.receipts().reason(2));
            h.assertMatchesOracle("fee unpayable");
        }
    }

    @Test
    void aRebaseDoesNotExcuseAnotherChangedRead() {
        try (LaneHarness h = new LaneHarness(dir, LaneRebaseTest::genesis)) {
            h.oracle().helperFee(7).coinTransfer(12, 11, 500).tokenOp(12, TokensInstructions.TRANSFER, 500, 11, AMOUNT)
                    .tokenOp(11, TokensInstructions.TRANSFER, 500, 13, AMOUNT);
            h.takeBlock();
            final LaneResult tokenTransfer = h.executed(h.newLane(), 2);
            final LaneExecutor other = h.newLane();
            assertEquals(LaneCommitter.APPLIED, h.commit(0, h.executed(other, 0)));
            assertEquals(LaneCommitter.APPLIED, h.commit(1, h.executed(other, 1)));
            assertRefused(h, 2, tokenTransfer, "11's account and 11's token balance changed");
            h.assertMatchesOracle("sender and balance");
        }
    }
}
