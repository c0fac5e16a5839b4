package io.multilane.exec.sig;

import io.multilane.exec.tx.TxDescriptor;
import org.agrona.DirectBuffer;

/**
 * What an Ed25519 transaction signature covers: the chain id (u64 little-endian, the chain's configuration, not
 * carried in the transaction), then the transaction's canonical bytes (everything before the signature). Binding
 * the chain id into the signed message, as Cosmos' sign documents do, makes a transaction signed for one chain
 * (a testnet, a fork, another deployment) fail {@code bad_signature} on every other, at no cost in transaction
 * bytes. Used by {@link TxSigner} and {@link TxVerifier}, so signing and verifying cannot disagree. Stateless; any
 * thread.
 */
public final class SignedPayload {
    /** The chain id a chain gets when its configuration names none. */
    public static final long DEFAULT_CHAIN_ID = 1;
    /** Bytes of the chain id in front of the transaction bytes. */
    public static final int CHAIN_ID_LENGTH = 8;
    /** The longest signed message: the chain id and a transaction of the maximum length. */
    public static final int MAX_LENGTH = CHAIN_ID_LENGTH + TxDescriptor.MAX_LENGTH;

    private SignedPayload() {
    }

    /**
     * Writes the signed message into {@code out}.
     *
     * @param chainId the chain's id
     * @param tx buffer holding the transaction
     * @param offset its start
     * @param signedLength bytes of it the signature covers (everything before the signature)
     * @param out at least {@link #MAX_LENGTH} bytes
     * @return the message length
     */
    public static int write(final long chainId, final DirectBuffer tx, final int offset, final int signedLength,
            final byte[] out) {
        long id = chainId;
        for (int i = 0; i < CHAIN_ID_LENGTH; i++) {
            out[i] = (byte) id;
            id >>>= 8;
        }
        tx.getBytes(offset, out, CHAIN_ID_LENGTH, signedLength);
        return CHAIN_ID_LENGTH + signedLength;
    }
}
