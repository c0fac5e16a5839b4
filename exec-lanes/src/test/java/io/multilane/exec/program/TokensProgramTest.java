package io.multilane.exec.program;

import static java.math.BigInteger.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Path;

import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.testing.TestChain;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.TokenDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensProgramTest {
    private static final long TOKEN = 500;
    @TempDir
    Path dir;
    private TestChain chain;

    @BeforeEach
    void open() {
        chain = new TestChain(dir).fund(10, 1_000, 11, 1_000, 12, 1_000);
        chain.createToken(10, TOKEN, valueOf(1_000)).sealOk();
    }

    @AfterEach
    void close() {
        chain.close();
    }

    private BigInteger supply() {
        return chain.u128(KeyType.TOKEN, TOKEN, 0, 0, TokenDescriptor.TOTAL_SUPPLY_OFFSET);
    }

    @Test
    void createGivesTheSupplyToTheCreatorAndRefusesASecondCreate() {
        assertEquals(valueOf(1_000), chain.tokenBalance(TOKEN, 10));
        assertEquals(valueOf(1_000), supply());
        assertEquals(10, chain.u64(KeyType.TOKEN, TOKEN, 0, 0, TokenDescriptor.AUTHORITY_OFFSET));
        chain.createToken(11, TOKEN, valueOf(5));
        assertEquals(ReasonCodes.ALREADY_EXISTS, chain.sealOk().reason(0));
    }

    @Test
    void onlyTheAuthorityMints() {
        chain.tokenOp(10, TokensInstructions.MINT, TOKEN, 11, valueOf(250));
        chain.tokenOp(11, TokensInstructions.MINT, TOKEN, 11, valueOf(250));
        chain.tokenOp(10, TokensInstructions.MINT, TOKEN + 1, 11, valueOf(250));
        final ReceiptLog r = chain.sealOk();
        assertEquals(TxStatus.SUCCESS, r.status(0));
        assertEquals(ReasonCodes.UNAUTHORIZED, r.reason(1));
        assertEquals(ReasonCodes.NOT_FOUND, r.reason(2));
        assertEquals(valueOf(250), chain.tokenBalance(TOKEN, 11));
        assertEquals(valueOf(1_250), supply());
    }

    @Test
    void transferMovesBalanceAndFailsWhenShort() {
        chain.tokenOp(10, TokensInstructions.TRANSFER, TOKEN, 11, valueOf(400));
        chain.tokenOp(11, TokensInstructions.TRANSFER, TOKEN, 12, valueOf(401));
        final ReceiptLog r = chain.sealOk();
        assertEquals(TxStatus.SUCCESS, r.status(0));
        assertEquals(ReasonCodes.INSUFFICIENT_BALANCE, r.reason(1));
        assertEquals(valueOf(600), chain.tokenBalance(TOKEN, 10));
        assertEquals(valueOf(400), chain.tokenBalance(TOKEN, 11));
        assertEquals(valueOf(0), chain.tokenBalance(TOKEN, 12));
    }

    @Test
    void transferFromSpendsTheAllowance() {
        chain.tokenOp(10, TokensInstructions.APPROVE, TOKEN, 11, valueOf(300));
        chain.transferFrom(11, TOKEN, 10, 12, valueOf(200));
        chain.transferFrom(11, TOKEN, 10, 12, valueOf(101));
        chain.transferFrom(12, TOKEN, 10, 12, valueOf(1));
        final ReceiptLog r = chain.sealOk();
        assertEquals(TxStatus.SUCCESS, r.status(0));
        assertEquals(TxStatus.SUCCESS, r.status(1));
        assertEquals(ReasonCodes.INSUFFICIENT_ALLOWANCE, r.reason(2));
        assertEquals(ReasonCodes.INSUFFICIENT_ALLOWANCE, r.reason(3));
        assertEquals(valueOf(200), chain.tokenBalance(TOKEN, 12));
        assertEquals(valueOf(100), chain.u128(KeyType.ALLOWANCE, TOKEN, 10, 11, 0));
    }
}
