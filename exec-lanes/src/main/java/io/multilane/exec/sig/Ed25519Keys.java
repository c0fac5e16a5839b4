package io.multilane.exec.sig;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * One Ed25519 key pair held as raw bytes (32-byte seed, 32-byte public key), created from a
 * seed so tests and workloads are reproducible. Immutable after construction; any thread.
 */
public final class Ed25519Keys {
    private final byte[] secret;
    private final byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];

    /**
     * Derives the key pair of a 32-byte seed (the RFC 8032 private key).
     *
     * @param seed 32 bytes, copied
     */
    public Ed25519Keys(final byte[] seed) {
        if (seed.length != Ed25519.SECRET_KEY_SIZE) {
            throw new IllegalArgumentException("seed must be 32 bytes");
        }
        this.secret = seed.clone();
        Ed25519.generatePublicKey(secret, 0, publicKey, 0);
    }

    /**
     * A deterministic key pair for tests and workloads: the seed is {@code n} as 8 little-endian
     * bytes followed by zeros.
     *
     * @param n any number
     * @return the key pair
     */
    public static Ed25519Keys ofIndex(final long n) {
        final byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
        for (int i = 0; i < 8; i++) {
            seed[i] = (byte) (n >>> (8 * i));
        }
        return new Ed25519Keys(seed);
    }

    /** @return a copy of the public key */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    byte[] secretBytes() {
        return secret;
    }

    byte[] publicKeyBytes() {
        return publicKey;
    }
}
