package io.multilane.exec.sig;

import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * Binds account ids to Ed25519 public keys without state: the id of a key is the first eight
 * bytes (big-endian) of SHA-256 of the 32 key bytes. A transaction's sender must equal the id
 * of the key it carries, so signature checking stays stateless and parallel. Sixty-four bits make
 * a second preimage cost about 2^64 hash evaluations; ids of honest keys collide by the birthday
 * bound only past about 2^32 accounts. Not thread-safe: one instance per thread (it reuses a digest).
 */
public final class AccountIds {
    private final SHA256Digest digest = new SHA256Digest();
    private final byte[] out = new byte[32];

    /**
     * Derives the account id of a public key.
     *
     * @param key array holding the key
     * @param keyOffset offset of its 32 bytes
     * @return the account id
     */
    public long fromPublicKey(final byte[] key, final int keyOffset) {
        digest.update(key, keyOffset, 32);
        digest.doFinal(out, 0);
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = (id << 8) | (out[i] & 0xFF);
        }
        return id;
    }
}
