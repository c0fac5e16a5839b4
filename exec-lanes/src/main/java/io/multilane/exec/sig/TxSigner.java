package io.multilane.exec.sig;

import io.multilane.exec.tx.TxDescriptor;
import org.agrona.MutableDirectBuffer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Signs encoded transactions in place: writes the key's public key into the header, then the
 * Ed25519 signature over the canonical bytes. For clients, tests and workload generators (not
 * the engine). One instance per thread (it reuses a scratch array).
 */
public final class TxSigner {
    private final byte[] scratch = new byte[TxDescriptor.MAX_LENGTH];
    private final byte[] signature = new byte[TxDescriptor.SIGNATURE_LENGTH];

    /**
     * Sets the public key and signs the transaction at {@code offset}; its header (argument length
     * included) and arguments must already be written.
     *
     * @param keys the sender's key pair
     * @param buffer buffer holding the transaction
     * @param offset its start
     */
    public void sign(final Ed25519Keys keys, final MutableDirectBuffer buffer, final int offset) {
        final int argsLength = buffer.getShort(offset + TxDescriptor.ARGS_LENGTH_OFFSET, TxDescriptor.ORDER) & 0xFFFF;
        final int signed = TxDescriptor.signatureOffset(argsLength);
        buffer.putBytes(offset + TxDescriptor.PUBLIC_KEY_OFFSET, keys.publicKeyBytes());
        buffer.getBytes(offset, scratch, 0, signed);
        Ed25519.sign(keys.secretBytes(), 0, keys.publicKeyBytes(), 0, scratch, 0, signed, signature, 0);
        buffer.putBytes(offset + signed, signature);
    }
}
