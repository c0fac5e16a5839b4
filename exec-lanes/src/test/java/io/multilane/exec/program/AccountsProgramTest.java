package io.multilane.exec.program;

import static java.math.BigInteger.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.receipt.EventDescriptor;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.testing.TestChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsProgramTest {
    @TempDir
    Path dir;
    private TestChain chain;

    @BeforeEach
    void open() {
        chain = new TestChain(dir).fund(10, 1_000, 11, 50);
    }

    @AfterEach
    void close() {
        chain.close();
    }

    @Test
    void transferMovesCoinsChargesTheFeeBumpsTheNonceAndEmitsAnEvent() {
        chain.send(10, 7, t -> t.coinTransfer(12, 0, 300));
        final ReceiptLog r = chain.sealOk();
        assertEquals(TxStatus.SUCCESS, r.status(0));
        assertEquals(7, r.fee(0));
        assertEquals(valueOf(693), chain.coin(10));
        assertEquals(valueOf(300), chain.coin(12));
        assertEquals(valueOf(7), chain.coin(TestChain.FEE_COLLECTOR));
        assertEquals(1, chain.nonceOf(10));
        assertEquals(1, r.eventCount(0));
        assertEquals(AccountsInstructions.EVENT_TRANSFER, r.buffer().getShort(r.eventOffset(0, 0) + EventDescriptor.TYPE_OFFSET));
        assertEquals(12, r.buffer().getLong(r.eventOffset(0, 0) + EventDescriptor.B_OFFSET));
    }

    @Test
    void insufficientBalanceFailsButChargesTheFeeAndBumpsTheNonce() {
        chain.send(11, 5, t -> t.coinTransfer(12, 0, 46));
        final ReceiptLog r = chain.sealOk();
        assertEquals(TxStatus.FAILED, r.status(0));
        assertEquals(ReasonCodes.INSUFFICIENT_BALANCE, r.reason(0));
        assertEquals(5, r.fee(0));
        assertEquals(0, r.eventCount(0));
        assertEquals(valueOf(45), chain.coin(11));
        assertEquals(valueOf(0), chain.coin(12));
        assertEquals(1, chain.nonceOf(11));
    }

    @Test
    void badNonceUnknownSenderAndUnpayableFeeAreRejectedChangingNothing() {
        chain.resetNonce(10, 5).send(10, 2, t -> t.coinTransfer(12, 0, 1));
        chain.coinTransfer(99, 12, 1);
        chain.send(11, 51, t -> t.coinTransfer(12, 0, 1));
        final ReceiptLog r = chain.sealOk();
        assertEquals(TxStatus.REJECTED, r.status(0), "a nonce ahead (or behind) is rejected: no fee, no bump");
        assertEquals(ReasonCodes.BAD_NONCE, r.reason(0));
        assertEquals(0, r.fee(0));
        assertEquals(valueOf(1000), chain.coin(10));
        assertEquals(0, chain.nonceOf(10));
        assertEquals(TxStatus.REJECTED, r.status(1));
        assertEquals(ReasonCodes.UNKNOWN_SENDER, r.reason(1));
        assertEquals(TxStatus.REJECTED, r.status(2));
        assertEquals(ReasonCodes.FEE_UNPAYABLE, r.reason(2));
        assertEquals(0, r.fee(2));
        assertEquals(0, chain.nonceOf(11));
        assertEquals(valueOf(0), chain.coin(12));
    }

    @Test
    void selfTransferNeedsTheBalanceAndChangesNothingElse() {
        chain.coinTransfer(11, 11, 50).coinTransfer(11, 11, 51);
        final ReceiptLog r = chain.sealOk();
        assertEquals(TxStatus.SUCCESS, r.status(0));
        assertEquals(ReasonCodes.INSUFFICIENT_BALANCE, r.reason(1));
        assertEquals(valueOf(50), chain.coin(11));
        assertEquals(2, chain.nonceOf(11));
    }

    @Test
    void createFundsANewAccountOnceAndRefusesAnExistingOne() {
        chain.send(10, 0, t -> t.createAccount(20, 0, 100));
        chain.send(10, 0, t -> t.createAccount(20, 0, 100));
        // one byte short of the layout: refused with BAD_ARGS
        chain.tx(10, 0, ProgramIds.ACCOUNTS, AccountsInstructions.CREATE, AccountsInstructions.CREATE_LENGTH - 1,
            t -> t.argU64(AccountsInstructions.CREATE_ACCOUNT, 21).argU128(AccountsInstructions.CREATE_AMOUNT, 0, 100));
        final ReceiptLog r = chain.sealOk();
        assertEquals(TxStatus.SUCCESS, r.status(0));
        assertEquals(ReasonCodes.ALREADY_EXISTS, r.reason(1));
        assertEquals(ReasonCodes.BAD_ARGS, r.reason(2));
        assertEquals(valueOf(100), chain.coin(20));
        assertEquals(valueOf(900), chain.coin(10));
        assertEquals(AccountsInstructions.FLAG_CREATED, chain.u64(io.multilane.state.key.KeyType.ACCOUNT, 20, 0, 0, 24));
    }

    @Test
    void creditOverflowIsDecidedAtCommitAndKeepsOnlyTheEnvelope() {
        final java.math.BigInteger max = java.math.BigInteger.ONE.shiftLeft(128).subtract(java.math.BigInteger.ONE);
        chain.fundU128(30, max);
        chain.send(10, 3, t -> t.coinTransfer(30, 0, 1));
        final ReceiptLog r = chain.sealOk();
        assertEquals(TxStatus.FAILED, r.status(0));
        assertEquals(ReasonCodes.CREDIT_OVERFLOW, r.reason(0));
        assertEquals(3, r.fee(0));
        assertEquals(valueOf(997), chain.coin(10));
        assertEquals(1, chain.nonceOf(10));
        assertEquals(max, chain.coin(30));
        assertEquals(valueOf(3), chain.coin(TestChain.FEE_COLLECTOR));
    }

    @Test
    void unknownProgramAndInstructionAreRejectedWithoutANonceBump() {
        chain.tx(10, 1, 60, 1, 0, t -> { });
        chain.tx(10, 1, ProgramIds.ACCOUNTS, 9, 0, t -> { });
        final ReceiptLog r = chain.sealOk();
        assertEquals(ReasonCodes.UNKNOWN_PROGRAM, r.reason(0));
        assertEquals(ReasonCodes.UNKNOWN_INSTRUCTION, r.reason(1));
        assertEquals(0, chain.nonceOf(10));
        assertEquals(valueOf(1000), chain.coin(10));
    }
}
