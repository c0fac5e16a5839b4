package io.multilane.exec.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;

import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.testing.ProgramOps;
import io.multilane.exec.testing.TestChain;
import io.multilane.state.U128;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link LaneExecutor#execute} leaves in a {@link LaneResult} and in the lane's overlay, for one
 * transaction on committed state: the serial executor's status, reason, fee and events, the read set and the
 * credits; what is final (stateless rejections) and what must be re-executed at commit (too big to record,
 * program faults, lane errors). Each scenario is then committed and compared with the serial oracle.
 */
class LaneResultCaptureTest {
    private static final long COINS = 1_000_000_000L;
    private static final BigInteger TOKENS = BigInteger.TEN.pow(30);
    private static final long FEE = 7;

    @TempDir
    Path dir;

    @Test
    void coinTransferReadsTheSenderAndCreditsTheReceiverAndTheFeeCollector() {
        try (LaneHarness h = new LaneHarness(dir, ProgramOps::seed)) {
            h.oracle().helperFee(FEE).coinTransfer(10, 11, 1000);
            h.takeBlock();
            final LaneExecutor lane = h.newLane();
            // reads: the sender's account (envelope, then the program's debit); credits: the fee and the amount
            final LaneResult r = executedAsOracle(h, lane, 0, TxStatus.SUCCESS, 1, 2);
            assertEquals(2, lane.overlay().size(), "the sender's write and the receiver's credit, never the fee collector's");
            assertEquals(BigInteger.valueOf(COINS - 1007), overlayBalance(lane, LaneHarness.accountKey(10)));
            assertEquals(BigInteger.valueOf(COINS + 1000), overlayBalance(lane, LaneHarness.accountKey(11)),
                    "a credit is materialized as the lane's view plus the amount");
            assertEquals(-1, lane.overlay().find(LaneHarness.accountKey(LaneHarness.FEE_COLLECTOR), 0));
            assertEquals(h.sequence(0), lane.overlay().sequence(lane.overlay().find(LaneHarness.accountKey(10), 0)));
            assertEquals(LaneCommitter.APPLIED, h.commit(0, r));
            h.assertMatchesOracle("coin transfer");
        }
    }

    @Test
    void tokenTransferReadsTheSendersBalanceAndCreditsTheReceivers() {
        try (LaneHarness h = new LaneHarness(dir, ProgramOps::seed)) {
            h.oracle().helperFee(FEE).tokenOp(11, TokensInstructions.TRANSFER, 500, 12, BigInteger.valueOf(1000));
            h.takeBlock();
            final LaneExecutor lane = h.newLane();
            // reads: the sender's account (envelope) and token balance (program); credits: the fee, the receiver's balance
            final LaneResult r = executedAsOracle(h, lane, 0, TxStatus.SUCCESS, 2, 2);
            assertEquals(3, lane.overlay().size());
            assertEquals(TOKENS.subtract(BigInteger.valueOf(1000)), overlayBalance(lane, LaneHarness.tokenBalanceKey(500, 11)));
            assertEquals(TOKENS.add(BigInteger.valueOf(1000)), overlayBalance(lane, LaneHarness.tokenBalanceKey(500, 12)));
            assertEquals(LaneCommitter.APPLIED, h.commit(0, r));
            h.assertMatchesOracle("token transfer");
        }
    }

    @Test
    void failuresKeepTheEnvelopeAndNoEventsAndABadNonceChangesNothing() {
        try (LaneHarness h = new LaneHarness(dir, ProgramOps::seed)) {
            h.oracle().helperFee(FEE).tokenOp(11, TokensInstructions.TRANSFER, 500, 12, ProgramOps.MAX)
                    .resetNonce(12, 9).tokenOp(12, TokensInstructions.TRANSFER, 500, 13, BigInteger.ONE);
            h.takeBlock();
            final LaneExecutor lane = h.newLane();
            // the read that failed stays in the read set; a bad nonce is rejected before the fee: it only read the account
            final LaneResult insufficient = executedAsOracle(h, lane, 0, TxStatus.FAILED, 2, 1);
            final LaneResult badNonce = executedAsOracle(h, lane, 1, TxStatus.REJECTED, 1, 0);
            assertEquals(ReasonCodes.INSUFFICIENT_BALANCE, insufficient.reason());
            assertEquals(ReasonCodes.BAD_NONCE, badNonce.reason());
            assertEquals(0, insufficient.eventCount() + badNonce.eventCount());
            assertEquals(1, lane.overlay().size(), "the first sender's account (fee, nonce), nothing else");
            assertEquals(LaneCommitter.APPLIED, h.commit(0, insufficient));
            assertEquals(LaneCommitter.APPLIED, h.commit(1, badNonce));
            h.assertMatchesOracle("failures");
        }
    }

    @Test
    void stateDependentRejectionsAreRecordedForValidationNotFinal() {
        try (LaneHarness h = new LaneHarness(dir, c -> {
            ProgramOps.seed(c);
            c.fund(20, FEE - 1);
        })) {
            h.oracle().helperFee(FEE).coinTransfer(777, 11, 1).coinTransfer(20, 11, 1);
            h.takeBlock();
            // the sender's state decided it: its account, as seen, is validated at commit
            assertRejectedAndApplied(h, LaneResult.EXECUTED, 1, ReasonCodes.UNKNOWN_SENDER, ReasonCodes.FEE_UNPAYABLE);
            h.assertMatchesOracle("state-dependent rejections");
        }
    }

    @Test
    void malformedBytesAreStatelessRejectionsWithTheSerialReason() {
        try (LaneHarness h = new LaneHarness(dir, ProgramOps::seed)) {
            final TestChain chain = h.oracle();
            final UnsafeBuffer bytes = new UnsafeBuffer(new byte[512]);
            final int length = new InstructionEncoder().begin(bytes, 0, 13, 0, FEE).coinTransfer(11, 0, 1).length();
            chain.raw(bytes, 0, 10);
            bytes.putByte(0, (byte) 9);
            chain.raw(bytes, 0, length);
            chain.tx(13, FEE, 40, 1, 0, t -> { })
                    .tx(13, FEE, ProgramIds.ACCOUNTS, 99, 0, t -> { })
                    .tx(13, FEE, ProgramIds.ACCOUNTS, AccountsInstructions.TRANSFER, 8, t -> t.argU64(0, 11));
            assertEquals(5, h.takeBlock());
            assertRejectedAndApplied(h, LaneResult.STATELESS_REJECT, 0, ReasonCodes.MALFORMED, ReasonCodes.BAD_VERSION,
                    ReasonCodes.UNKNOWN_PROGRAM, ReasonCodes.UNKNOWN_INSTRUCTION, ReasonCodes.BAD_ARGS);
            h.assertMatchesOracle("malformed");
        }
    }

    @Test
    void aResultThatDoesNotFitItsCapacityIsReexecuted() {
        try (LaneHarness h = new LaneHarness(dir, ProgramOps::seed)) {
            h.oracle().helperFee(FEE).tokenOp(10, TokensInstructions.TRANSFER, 500, 11, BigInteger.valueOf(1000));
            h.takeBlock();
            final LaneResult full = new LaneResult(LaneResult.DEFAULT_CAPACITY);
            h.execute(h.newLane(), 0, full);
            // documented layout: read entries of 40 + version (16) + seen + written bytes (account 64, token balance 16),
            // credits of 48 + the version (16) and value (64) of the lane's read of the credited key
            final int used = (56 + 64 + 64) + (56 + 16 + 16) + 2 * 128;
            assertEquals(used, full.usedBytes());
            final LaneResult exact = new LaneResult(used);
            h.execute(h.newLane(), 0, exact);
            assertEquals(LaneResult.EXECUTED, exact.outcome(), "a result of exactly its capacity fits");
            final LaneExecutor lane = h.newLane();
            final LaneResult creditsShort = new LaneResult(used - 1);
            h.execute(lane, 0, creditsShort);
            assertEquals(LaneResult.REEXECUTE, creditsShort.outcome(), "the last credit does not fit");
            final LaneResult readsShort = new LaneResult(100);
            h.execute(lane, 0, readsShort);
            assertEquals(LaneResult.REEXECUTE, readsShort.outcome(), "the first read entry does not fit");
            assertEquals(0, lane.overlay().size(), "nothing recorded for a result the commit stage re-executes");
            assertEquals(LaneCommitter.REEXECUTED, h.commit(0, creditsShort));
            h.assertMatchesOracle("too big");
        }
    }

    /** The most credits a transaction may make (the fee's and 31 others) are recorded, not sent to re-execution. */
    @Test
    void everyCreditATransactionMayMakeFitsTheDefaultCapacity() {
        try (LaneHarness h = new LaneHarness(dir, () -> FaultyProgram.registry(FaultyProgram.Mode.SOUND), ProgramOps::seed)) {
            FaultyProgram.creditMany(h.oracle(), 10, FEE, 100);
            h.takeBlock();
            final LaneResult r = new LaneResult(LaneResult.DEFAULT_CAPACITY);
            h.execute(h.newLane(FaultyProgram.registry(FaultyProgram.Mode.SOUND)), 0, r);
            assertEquals(LaneResult.EXECUTED, r.outcome(), "all " + (FaultyProgram.MANY + 1) + " credits recorded");
            assertEquals(LaneCommitter.APPLIED, h.commit(0, r));
            h.assertMatchesOracle("every credit");
        }
    }

    @Test
    void aLaneFaultIsReexecutedAndNeverReachesAReceipt() {
        try (LaneHarness h = new LaneHarness(dir, () -> FaultyProgram.registry(FaultyProgram.Mode.SOUND), ProgramOps::seed)) {
            FaultyProgram.credit(h.oracle(), 10, FEE, 12);
            FaultyProgram.credit(h.oracle(), 11, FEE, 13);
            h.takeBlock();
            final LaneExecutor throwing = h.newLane(FaultyProgram.registry(FaultyProgram.Mode.THROWS));
            final LaneExecutor erring = h.newLane(FaultyProgram.registry(FaultyProgram.Mode.ERRS));
            final LaneResult fault = new LaneResult(LaneResult.DEFAULT_CAPACITY);
            final LaneResult error = new LaneResult(LaneResult.DEFAULT_CAPACITY);
            h.execute(throwing, 0, fault);
            h.execute(erring, 1, error);
            assertEquals(LaneResult.REEXECUTE, fault.outcome(), "a program exception is a fault: re-execute at commit");
            assertEquals(LaneResult.LANE_ERROR, error.outcome(), "an error out of the processor: re-execute with every check");
            assertEquals(0, throwing.errors());
            assertEquals(1, erring.errors());
            assertEquals(0, throwing.overlay().size() + erring.overlay().size());
            assertEquals(LaneCommitter.REEXECUTED, h.commit(0, fault));
            assertEquals(LaneCommitter.REEXECUTED, h.commit(1, error));
            assertEquals(TxStatus.SUCCESS, h.receipts().status(0));
            assertEquals(TxStatus.SUCCESS, h.receipts().status(1));
            h.assertMatchesOracle("lane faults");
        }
    }

    @Test
    void aProgramThatThrowsEverywhereFailsWithProgramFaultAtCommit() {
        try (LaneHarness h = new LaneHarness(dir, () -> FaultyProgram.registry(FaultyProgram.Mode.THROWS), ProgramOps::seed)) {
            FaultyProgram.credit(h.oracle(), 10, FEE, 12);
            h.takeBlock();
            final LaneResult r = new LaneResult(LaneResult.DEFAULT_CAPACITY);
            h.execute(h.newLane(), 0, r);
            assertEquals(LaneResult.REEXECUTE, r.outcome());
            assertEquals(LaneCommitter.REEXECUTED, h.commit(0, r));
            assertEquals(ReasonCodes.PROGRAM_FAULT, h.receipts().reason(0));
            h.assertMatchesOracle("program fault");
        }
    }

    @Test
    void aLaneErrorIsReexecutedWithEveryCheckTheSignatureIncluded() {
        try (LaneHarness h = new LaneHarness(dir, ProgramOps::seed)) {
            h.oracle().helperFee(FEE).coinTransfer(10, 11, 1000);
            h.takeBlock();
            final LaneCommitter verifying = new LaneCommitter(h.committed(), StandardPrograms.newRegistry(),
                    LaneHarness.FEE_COLLECTOR, true);
            final ReceiptLog receipts = new ReceiptLog(2);
            final java.util.Map<String, String> before = h.snapshot();
            final LaneResult r = new LaneResult(LaneResult.DEFAULT_CAPACITY);
            r.requireReexecution(LaneResult.LANE_ERROR);
            assertEquals(LaneCommitter.REEXECUTED, h.commit(verifying, 0, r, receipts));
            assertEquals(TxStatus.REJECTED, receipts.status(0), "unsigned: the lane may not have checked it");
            assertEquals(ReasonCodes.BAD_SIGNATURE, receipts.reason(0));
            r.requireReexecution(LaneResult.REEXECUTE);
            assertEquals(LaneCommitter.REEXECUTED, h.commit(verifying, 0, r, receipts));
            assertEquals(TxStatus.REJECTED, receipts.status(1), "REEXECUTE: the lane checked the signature, but the key's"
                    + " binding to the account is state, checked again at commit (account 10 has no key)");
            assertEquals(ReasonCodes.SENDER_KEY_MISMATCH, receipts.reason(1));
            assertEquals(before, h.snapshot(), "the rejections changed nothing");
        }
    }

    /**
     * Executes transaction {@code i} in the lane and asserts it was executed to the oracle's status, reason, fee
     * and events, with the given numbers of keys read and credited.
     */
    private static LaneResult executedAsOracle(final LaneHarness h, final LaneExecutor lane, final int i, final int status,
            final int reads, final int credits) {
        final LaneResult r = h.executed(lane, i);
        assertEquals(LaneResult.EXECUTED, r.outcome());
        assertEquals(status, r.status());
        h.assertOutcomeAsOracle(i, r);
        assertEquals(reads, r.readCount(), "keys read");
        assertEquals(credits, r.creditCount(), "keys credited");
        return r;
    }

    /**
     * Executes the block's transactions in one lane: each is rejected for its reason (as the oracle says)
     * with the given outcome and read count, no credit, nothing in the overlay, and commits as recorded.
     */
    private static void assertRejectedAndApplied(final LaneHarness h, final int outcome, final int reads,
            final int... reasons) {
        final LaneExecutor lane = h.newLane();
        for (int i = 0; i < reasons.length; i++) {
            final LaneResult r = h.executed(lane, i);
            assertEquals(outcome, r.outcome(), "entry " + i);
            assertEquals(TxStatus.REJECTED, r.status(), "entry " + i);
            assertEquals(reasons[i], r.reason(), "entry " + i);
            h.assertOutcomeAsOracle(i, r);
            assertEquals(reads, r.readCount(), "entry " + i + ": keys read");
            assertEquals(0, r.creditCount(), "entry " + i);
            assertEquals(LaneCommitter.APPLIED, h.commit(i, r), "entry " + i);
        }
        assertEquals(0, lane.overlay().size(), "a rejection writes nothing");
    }

    private static BigInteger overlayBalance(final LaneExecutor lane, final UnsafeBuffer key) {
        final int entry = lane.overlay().find(key, 0);
        assertTrue(entry >= 0, "key not in the overlay");
        final UnsafeBuffer value = new UnsafeBuffer(new byte[LaneOverlay.VALUE_STRIDE]);
        lane.overlay().read(entry, value, 0);
        return TestChain.toBig(new U128().read(value, 0));
    }
}
