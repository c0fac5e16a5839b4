package io.multilane.exec.sig;

import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.tx.TxFlyweight;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Stateless signature check of one well-formed transaction with BouncyCastle's RFC 8032
 * Ed25519 (about 7x faster than the JDK 17 provider): the signature must verify, under the carried
 * public key, over the chain id and the canonical bytes ({@link SignedPayload}). That the key is the
 * one bound to the sender's account is checked by the envelope against state (docs/tx-format.md).
 * Runs before execution, on any thread; one instance per thread (it reuses scratch arrays).
 */
public final class TxVerifier {
    static {
        Ed25519.precompute();
    }

    private final long chainId;
    private final byte[] message = new byte[SignedPayload.MAX_LENGTH];
    private final byte[] key = new byte[TxDescriptor.PUBLIC_KEY_LENGTH];
    private final byte[] signature = new byte[TxDescriptor.SIGNATURE_LENGTH];

    /** A verifier for the default chain ({@link SignedPayload#DEFAULT_CHAIN_ID}). */
    public TxVerifier() {
        this(SignedPayload.DEFAULT_CHAIN_ID);
    }

    /**
     * @param chainId the chain whose transactions this verifier accepts
     */
    public TxVerifier(final long chainId) {
        this.chainId = chainId;
    }

    /**
     * Verifies a transaction (its framing first, so any bytes are safe to pass).
     *
     * @param tx the transaction
     * @return {@link ReasonCodes#NONE}, a framing reason or {@link ReasonCodes#BAD_SIGNATURE}
     */
    public int verify(final TxFlyweight tx) {
        final int framing = tx.validate();
        if (framing != ReasonCodes.NONE) {
            return framing;
        }
        tx.buffer().getBytes(tx.publicKeyOffset(), key, 0, key.length);
        final int length = SignedPayload.write(chainId, tx.buffer(), tx.offset(), tx.signedLength(), message);
        tx.buffer().getBytes(tx.signatureOffset(), signature, 0, signature.length);
        try {
            return Ed25519.verify(signature, 0, key, 0, message, 0, length) ? ReasonCodes.NONE : ReasonCodes.BAD_SIGNATURE;
        } catch (RuntimeException e) {
            return ReasonCodes.BAD_SIGNATURE;
        }
    }
}
