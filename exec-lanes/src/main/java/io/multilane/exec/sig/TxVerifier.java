package io.multilane.exec.sig;

import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.tx.TxFlyweight;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Stateless signature check of one well-formed transaction with BouncyCastle's RFC 8032
 * Ed25519 (about 7x faster than the JDK 17 provider): the sender must be the id bound to the
 * carried public key ({@link AccountIds}) and the signature must verify over the canonical bytes.
 * Runs before execution, on any thread; one instance per thread (it reuses scratch arrays).
 */
public final class TxVerifier {
    static {
        Ed25519.precompute();
    }

    private final AccountIds ids = new AccountIds();
    private final byte[] message = new byte[TxDescriptor.MAX_LENGTH];
    private final byte[] key = new byte[TxDescriptor.PUBLIC_KEY_LENGTH];
    private final byte[] signature = new byte[TxDescriptor.SIGNATURE_LENGTH];

    /**
     * Verifies a transaction (its framing first, so any bytes are safe to pass).
     *
     * @param tx the transaction
     * @return {@link ReasonCodes#NONE}, a framing reason, {@link ReasonCodes#SENDER_KEY_MISMATCH} or
     *         {@link ReasonCodes#BAD_SIGNATURE}
     */
    public int verify(final TxFlyweight tx) {
        final int framing = tx.validate();
        if (framing != ReasonCodes.NONE) {
            return framing;
        }
        tx.buffer().getBytes(tx.publicKeyOffset(), key, 0, key.length);
        if (ids.fromPublicKey(key, 0) != tx.sender()) {
            return ReasonCodes.SENDER_KEY_MISMATCH;
        }
        final int signed = tx.signedLength();
        tx.buffer().getBytes(tx.offset(), message, 0, signed);
        tx.buffer().getBytes(tx.signatureOffset(), signature, 0, signature.length);
        try {
            return Ed25519.verify(signature, 0, key, 0, message, 0, signed) ? ReasonCodes.NONE : ReasonCodes.BAD_SIGNATURE;
        } catch (RuntimeException e) {
            return ReasonCodes.BAD_SIGNATURE;
        }
    }
}
