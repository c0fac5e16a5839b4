package io.multilane.exec.tx;

import static io.multilane.exec.tx.TxDescriptor.ORDER;

import io.multilane.exec.receipt.ReasonCodes;
import org.agrona.DirectBuffer;

/**
 * Read-only view of one encoded transaction ({@link TxDescriptor}) in a buffer. {@link #wrap}
 * then {@link #validate()} checks the framing without allocating or throwing; getters read the
 * fields in place. A flyweight is reused across transactions and owned by one thread.
 */
public final class TxFlyweight {
    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Points this flyweight at a transaction.
     *
     * @param buffer the buffer holding it
     * @param offset where it starts
     * @param length how many bytes the framing says it has
     * @return this
     */
    public TxFlyweight wrap(final DirectBuffer buffer, final int offset, final int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * Checks the framing: length bounds, version, flags, and that the argument length in the
     * header matches the bytes present. Needs no state and never throws.
     *
     * @return {@link ReasonCodes#NONE} if well formed, otherwise a rejection reason
     */
    public int validate() {
        if (buffer == null || offset < 0 || length < TxDescriptor.MIN_LENGTH || length > TxDescriptor.MAX_LENGTH
                || length > buffer.capacity() - offset) {
            return ReasonCodes.MALFORMED;
        }
        if (version() != TxDescriptor.VERSION_1) {
            return ReasonCodes.BAD_VERSION;
        }
        if (flags() != 0) {
            return ReasonCodes.BAD_FLAGS;
        }
        if (TxDescriptor.length(argsLength()) != length) {
            return ReasonCodes.MALFORMED;
        }
        return ReasonCodes.NONE;
    }

    /** @return whether the fixed header (up to the arguments) lies inside the frame, so its fields can be read */
    public boolean headerReadable() {
        return buffer != null && offset >= 0 && length >= TxDescriptor.ARGS_OFFSET && length <= buffer.capacity() - offset;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public int version() {
        return buffer.getByte(offset + TxDescriptor.VERSION_OFFSET) & 0xFF;
    }

    public int flags() {
        return buffer.getByte(offset + TxDescriptor.FLAGS_OFFSET) & 0xFF;
    }

    public int programId() {
        return buffer.getShort(offset + TxDescriptor.PROGRAM_OFFSET, ORDER) & 0xFFFF;
    }

    public int instruction() {
        return buffer.getShort(offset + TxDescriptor.INSTRUCTION_OFFSET, ORDER) & 0xFFFF;
    }

    public int argsLength() {
        return buffer.getShort(offset + TxDescriptor.ARGS_LENGTH_OFFSET, ORDER) & 0xFFFF;
    }

    public long sender() {
        return buffer.getLong(offset + TxDescriptor.SENDER_OFFSET, ORDER);
    }

    public long nonce() {
        return buffer.getLong(offset + TxDescriptor.NONCE_OFFSET, ORDER);
    }

    public long fee() {
        return buffer.getLong(offset + TxDescriptor.FEE_OFFSET, ORDER);
    }

    /** @return absolute offset of the 32-byte public key in {@link #buffer()} */
    public int publicKeyOffset() {
        return offset + TxDescriptor.PUBLIC_KEY_OFFSET;
    }

    /** @return absolute offset of the arguments in {@link #buffer()} */
    public int argsOffset() {
        return offset + TxDescriptor.ARGS_OFFSET;
    }

    /** @return absolute offset of the 64-byte signature in {@link #buffer()} */
    public int signatureOffset() {
        return offset + TxDescriptor.signatureOffset(argsLength());
    }

    /** @return length of the signed (canonical) bytes, which start at {@link #offset()} */
    public int signedLength() {
        return TxDescriptor.signatureOffset(argsLength());
    }
}
