package io.multilane.exec.sig;

import io.multilane.exec.tx.TxDescriptor;
import org.agrona.MutableDirectBuffer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Signs encoded transactions in place: writes the key's public key into the header, then the
 * Ed25519 signature over the chain id and the canonical bytes ({@link SignedPayload}). For clients, tests and workload generators (not
 * the engine). One instance per thread (it reuses a scratch array).
 */
public final class TxSigner {
    private final byte[] scratch = new byte[SignedPayload.MAX_LENGTH];
    private final byte[] signature = new byte[TxDescriptor.SIGNATURE_LENGTH];

    /**
     * Sets the public key and signs the transaction at {@code offset} for the default chain
     * ({@link SignedPayload#DEFAULT_CHAIN_ID}).
     *
     * @param keys the sender's key pair
     * @param buffer buffer holding the transaction
     * @param offset its start
     */
    public void sign(final Ed25519Keys keys, final MutableDirectBuffer buffer, final int offset) {
        sign(keys, buffer, offset, SignedPayload.DEFAULT_CHAIN_ID);
    }

    /**
     * Sets the public key and signs the transaction at {@code offset} for chain {@code chainId}
     * ({@link SignedPayload}); its header (argument length included) and arguments must already be written.
     *
     * @param keys the sender's key pair
     * @param buffer buffer holding the transaction
     * @param offset its start
     * @param chainId the chain the transaction is for
     */
    public void sign(final Ed25519Keys keys, final MutableDirectBuffer buffer, final int offset, final long chainId) {
        final int argsLength = buffer.getShort(offset + TxDescriptor.ARGS_LENGTH_OFFSET, TxDescriptor.ORDER) & 0xFFFF;
        final int signed = TxDescriptor.signatureOffset(argsLength);
        buffer.putBytes(offset + TxDescriptor.PUBLIC_KEY_OFFSET, keys.publicKeyBytes());
        final int length = SignedPayload.write(chainId, buffer, offset, signed, scratch);
        Ed25519.sign(keys.secretBytes(), 0, keys.publicKeyBytes(), 0, scratch, 0, length, signature, 0);
        buffer.putBytes(offset + signed, signature);
    }
}
