package io.multilane.exec.tx;

import static io.multilane.exec.tx.TxDescriptor.ORDER;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes version-1 transactions ({@link TxDescriptor}) for tests, workloads and clients:
 * {@link #wrap} a destination, set the header, write arguments with the {@code arg*} methods,
 * then {@link #signatureOffset()} tells where the signature goes (see
 * {@link io.multilane.exec.sig.TxSigner}). Allocation-free; one thread per encoder.
 */
public final class TxEncoder {
    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Starts a transaction at {@code offset}, zeroing its fixed header.
     *
     * @param buffer destination
     * @param offset start
     * @return this
     */
    public TxEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        buffer.setMemory(offset, TxDescriptor.ARGS_OFFSET, (byte) 0);
        buffer.putByte(offset + TxDescriptor.VERSION_OFFSET, (byte) TxDescriptor.VERSION_1);
        return this;
    }

    /**
     * Sets the header fields.
     *
     * @param sender sender account id
     * @param nonce sender nonce
     * @param fee fee in coin units
     * @param programId program
     * @param instruction instruction
     * @param argsLength argument bytes that will follow (0..MAX_ARGS_LENGTH)
     * @return this
     */
    public TxEncoder header(final long sender, final long nonce, final long fee, final int programId,
            final int instruction, final int argsLength) {
        if (argsLength < 0 || argsLength > TxDescriptor.MAX_ARGS_LENGTH) {
            throw new IllegalArgumentException("argsLength " + argsLength);
        }
        buffer.putShort(offset + TxDescriptor.PROGRAM_OFFSET, (short) programId, ORDER);
        buffer.putShort(offset + TxDescriptor.INSTRUCTION_OFFSET, (short) instruction, ORDER);
        buffer.putShort(offset + TxDescriptor.ARGS_LENGTH_OFFSET, (short) argsLength, ORDER);
        buffer.putLong(offset + TxDescriptor.SENDER_OFFSET, sender, ORDER);
        buffer.putLong(offset + TxDescriptor.NONCE_OFFSET, nonce, ORDER);
        buffer.putLong(offset + TxDescriptor.FEE_OFFSET, fee, ORDER);
        buffer.setMemory(offset + TxDescriptor.ARGS_OFFSET, argsLength + TxDescriptor.SIGNATURE_LENGTH, (byte) 0);
        return this;
    }

    /**
     * Copies the sender's public key into the header.
     *
     * @param key buffer holding 32 key bytes
     * @param keyOffset their offset
     * @return this
     */
    public TxEncoder publicKey(final DirectBuffer key, final int keyOffset) {
        buffer.putBytes(offset + TxDescriptor.PUBLIC_KEY_OFFSET, key, keyOffset, TxDescriptor.PUBLIC_KEY_LENGTH);
        return this;
    }

    /**
     * Writes a u64 argument at {@code argOffset} within the argument block.
     *
     * @param argOffset offset inside the arguments
     * @param value value
     * @return this
     */
    public TxEncoder argU64(final int argOffset, final long value) {
        buffer.putLong(offset + TxDescriptor.ARGS_OFFSET + argOffset, value, ORDER);
        return this;
    }

    /**
     * Writes a u128 argument as (lo, hi) at {@code argOffset} within the argument block.
     *
     * @param argOffset offset inside the arguments
     * @param hi high 64 bits
     * @param lo low 64 bits
     * @return this
     */
    public TxEncoder argU128(final int argOffset, final long hi, final long lo) {
        buffer.putLong(offset + TxDescriptor.ARGS_OFFSET + argOffset, lo, ORDER);
        buffer.putLong(offset + TxDescriptor.ARGS_OFFSET + argOffset + 8, hi, ORDER);
        return this;
    }

    /**
     * Writes a u8 argument.
     *
     * @param argOffset offset inside the arguments
     * @param value value (low 8 bits)
     * @return this
     */
    public TxEncoder argU8(final int argOffset, final int value) {
        buffer.putByte(offset + TxDescriptor.ARGS_OFFSET + argOffset, (byte) value);
        return this;
    }

    /** @return the encoded length, from the argument length in the header */
    public int length() {
        return TxDescriptor.length(buffer.getShort(offset + TxDescriptor.ARGS_LENGTH_OFFSET, ORDER) & 0xFFFF);
    }

    /** @return absolute offset of the signature in the destination buffer */
    public int signatureOffset() {
        return offset + length() - TxDescriptor.SIGNATURE_LENGTH;
    }

    public MutableDirectBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }
}
