package io.multilane.exec.tx;

import java.nio.ByteOrder;

/**
 * Byte layout of a version-1 transaction, the one place its offsets live. All integers are
 * little-endian; the layout is fixed except for the argument bytes, whose length is in the header.
 *
 * <pre>
 *   0  u8        version (1)
 *   1  u8        flags (0; other values are malformed)
 *   2  u16       program id
 *   4  u16       instruction (program specific)
 *   6  u16       argument length A (0..MAX_ARGS_LENGTH)
 *   8  u64       sender account id
 *  16  u64       nonce
 *  24  u64       fee (coin units, charged even when the transaction fails)
 *  32  byte[32]  sender's Ed25519 public key
 *  64  byte[A]   arguments (layout per program and instruction, see docs/programs.md)
 *  64+A byte[64] Ed25519 signature over bytes [0, 64+A) (the canonical bytes)
 * </pre>
 *
 * Constants only; any thread.
 */
public final class TxDescriptor {
    /** Byte order of every multi-byte field. */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** The only version this build decodes. */
    public static final int VERSION_1 = 1;

    public static final int VERSION_OFFSET = 0;
    public static final int FLAGS_OFFSET = 1;
    public static final int PROGRAM_OFFSET = 2;
    public static final int INSTRUCTION_OFFSET = 4;
    public static final int ARGS_LENGTH_OFFSET = 6;
    public static final int SENDER_OFFSET = 8;
    public static final int NONCE_OFFSET = 16;
    public static final int FEE_OFFSET = 24;
    public static final int PUBLIC_KEY_OFFSET = 32;
    public static final int PUBLIC_KEY_LENGTH = 32;
    /** Where the arguments start (and the length of the fixed header). */
    public static final int ARGS_OFFSET = 64;
    public static final int SIGNATURE_LENGTH = 64;
    /** Length of a transaction without arguments: header plus signature. */
    public static final int MIN_LENGTH = ARGS_OFFSET + SIGNATURE_LENGTH;
    /** Largest encoded transaction accepted. */
    public static final int MAX_LENGTH = 512;
    /** Largest argument block: {@code MAX_LENGTH - MIN_LENGTH}. */
    public static final int MAX_ARGS_LENGTH = MAX_LENGTH - MIN_LENGTH;

    private TxDescriptor() {
    }

    /**
     * Encoded length of a transaction with the given argument length.
     *
     * @param argsLength argument bytes
     * @return total bytes including the signature
     */
    public static int length(final int argsLength) {
        return MIN_LENGTH + argsLength;
    }

    /**
     * Offset of the signature relative to the transaction start, which is also the length of
     * the signed (canonical) bytes.
     *
     * @param argsLength argument bytes
     * @return signature offset
     */
    public static int signatureOffset(final int argsLength) {
        return ARGS_OFFSET + argsLength;
    }
}
