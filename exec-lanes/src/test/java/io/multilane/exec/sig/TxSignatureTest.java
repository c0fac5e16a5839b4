package io.multilane.exec.sig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.tx.TxEncoder;
import io.multilane.exec.tx.TxFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class TxSignatureTest {
    private final UnsafeBuffer buf = new UnsafeBuffer(new byte[512]);
    private final Ed25519Keys keys = Ed25519Keys.ofIndex(7);
    private final long sender = 1234;
    private final TxFlyweight tx = new TxFlyweight();
    private final TxVerifier verifier = new TxVerifier();

    private int signed(final long from) {
        final TxEncoder enc = new InstructionEncoder().begin(buf, 0, from, 3, 10).coinTransfer(77, 0, 500);
        new TxSigner().sign(keys, buf, 0);
        return enc.length();
    }

    @Test
    void aSignedTransactionVerifies() {
        final int length = signed(sender);
        assertEquals(ReasonCodes.NONE, verifier.verify(tx.wrap(buf, 0, length)));
    }

    @Test
    void anyChangedSignedByteBreaksTheSignature() {
        final int length = signed(sender);
        for (int i : new int[] {2, 16, 24, 64, 64 + 23, 64 + 24 + 5}) {
            buf.putByte(i, (byte) (buf.getByte(i) ^ 1));
            assertEquals(ReasonCodes.BAD_SIGNATURE, verifier.verify(tx.wrap(buf, 0, length)), "flipped byte " + i);
            buf.putByte(i, (byte) (buf.getByte(i) ^ 1));
        }
        assertEquals(ReasonCodes.NONE, verifier.verify(tx.wrap(buf, 0, length)));
    }

    @Test
    void randomSingleBitFlipsNeverVerify() {
        final int length = signed(sender);
        final java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int i = 0; i < 300; i++) {
            final int at = random.nextInt(length);
            final int bit = 1 << random.nextInt(8);
            buf.putByte(at, (byte) (buf.getByte(at) ^ bit));
            assertNotEquals(ReasonCodes.NONE, verifier.verify(tx.wrap(buf, 0, length)), "flip at " + at);
            buf.putByte(at, (byte) (buf.getByte(at) ^ bit));
        }
    }

    /**
     * The chain id is part of what is signed, not of the bytes: the same transaction signed for chain 2 does not
     * verify on chain 1, and what chain 1 signed does not verify on chain 2 (no replay across chains).
     */
    @Test
    void aSignatureForAnotherChainDoesNotVerify() {
        final TxEncoder enc = new InstructionEncoder().begin(buf, 0, sender, 3, 10).coinTransfer(77, 0, 500);
        new TxSigner().sign(keys, buf, 0, 2);
        tx.wrap(buf, 0, enc.length());
        assertEquals(ReasonCodes.BAD_SIGNATURE, verifier.verify(tx));
        assertEquals(ReasonCodes.NONE, new TxVerifier(2).verify(tx));
        new TxSigner().sign(keys, buf, 0, SignedPayload.DEFAULT_CHAIN_ID);
        assertEquals(ReasonCodes.NONE, verifier.verify(tx));
        assertEquals(ReasonCodes.BAD_SIGNATURE, new TxVerifier(2).verify(tx));
    }
}
