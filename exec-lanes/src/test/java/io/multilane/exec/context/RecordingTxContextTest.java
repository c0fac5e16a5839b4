package io.multilane.exec.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;

import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.testing.TestChain;
import io.multilane.exec.tx.TxFlyweight;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingTxContextTest {
    @TempDir
    Path dir;
    private TestChain chain;
    private final RecordingTxContext ctx = new RecordingTxContext();
    private final TxFlyweight tx = new TxFlyweight();

    @BeforeEach
    void open() {
        chain = new TestChain(dir).fund(10, 100, 11, 5);
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[256]);
        final int length = new InstructionEncoder().begin(buf, 0, 10, 0, 0).coinTransfer(0, 0, 0).length();
        tx.wrap(buf, 0, length);
        ctx.begin(chain.store(), tx, 7, 8);
    }

    @AfterEach
    void close() {
        chain.close();
    }

    @Test
    void readsAreRecordedOnceAndSeeTheTransactionsOwnWrites() {
        final int s = ctx.read(KeyType.ACCOUNT, 10, 0, 0);
        assertTrue(ctx.exists(s));
        ctx.records().putLong(ctx.recordOffset(s), 42);
        ctx.markWritten(s);
        assertEquals(s, ctx.read(KeyType.ACCOUNT, 10, 0, 0));
        assertEquals(42, ctx.records().getLong(ctx.recordOffset(ctx.read(KeyType.ACCOUNT, 10, 0, 0))));
        final int absent = ctx.read(KeyType.ACCOUNT, 99, 0, 0);
        assertFalse(ctx.exists(absent));
        assertEquals(2, ctx.readCount());
        assertEquals(100, ctx.seenValues().getLong(s * RecordingTxContext.SLOT_STRIDE), "value seen is kept");
        assertTrue(ctx.readsMatch(chain.store()));
    }

    @Test
    void aCreditIsBlindUntilReadThenFoldsIntoTheSlot() {
        assertTrue(ctx.credit(KeyType.ACCOUNT, 11, 0, new U128(0, 3)));
        assertTrue(ctx.credit(KeyType.ACCOUNT, 11, 0, new U128(0, 4)));
        assertEquals(0, ctx.readCount(), "credits do not read");
        assertEquals(1, ctx.creditCount());
        final int s = ctx.read(KeyType.ACCOUNT, 11, 0, 0);
        assertEquals(0, ctx.creditCount());
        assertEquals(12, ctx.records().getLong(ctx.recordOffset(s)));
        assertTrue(ctx.isWritten(s));
    }

    @Test
    void applyWritesSlotsAndCreditsOrNothingOnCreditOverflow() {
        chain.fundU128(12, BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
        ctx.begin(chain.store(), tx, 7, 8);
        final int s = ctx.read(KeyType.ACCOUNT, 10, 0, 0);
        ctx.records().putLong(ctx.recordOffset(s), 50);
        ctx.markWritten(s);
        ctx.credit(KeyType.ACCOUNT, 12, 0, new U128(0, 1));
        chain.store().beginBlock(chain.store().sealedHeight() + 1);
        assertEquals(ReasonCodes.CREDIT_OVERFLOW, ctx.applyTo(chain.store()));
        assertEquals(BigInteger.valueOf(100), chain.coin(10), "nothing written");
        ctx.discardEffects();
        assertEquals(100, ctx.records().getLong(ctx.recordOffset(s)), "slot restored to the value seen");
        ctx.credit(KeyType.ACCOUNT, 13, 0, new U128(0, 9));
        assertEquals(ReasonCodes.NONE, ctx.applyTo(chain.store()));
        assertEquals(BigInteger.valueOf(9), chain.coin(13));
        chain.store().rollback();
    }

    @Test
    void readsMatchDetectsAChangedValue() {
        ctx.read(KeyType.ACCOUNT, 11, 0, 0);
        assertTrue(ctx.readsMatch(chain.store()));
        chain.coinTransfer(10, 11, 1).sealOk();
        assertFalse(ctx.readsMatch(chain.store()));
    }

    @Test
    void tooManyKeysIsAStickyFault() {
        for (int i = 0; i < RecordingTxContext.MAX_SLOTS + 3; i++) {
            ctx.read(KeyType.ACCOUNT, 1000 + i, 0, 0);
        }
        assertEquals(ReasonCodes.TOO_MANY_KEYS, ctx.fault());
        assertEquals(RecordingTxContext.MAX_SLOTS, ctx.readCount());
    }
}
