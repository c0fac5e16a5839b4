package io.multilane.exec.tx;

/**
 * Byte layout of a version-1 block: a fixed header followed by length-prefixed transactions
 * in execution order. Little-endian.
 *
 * <pre>
 *   0  u8        version (1)
 *   1  byte[3]   zero
 *   4  u32       transaction count
 *   8  u64       height
 *  16  u64       timestamp (seconds; the only clock programs see)
 *  24  byte[32]  parent state root (the store's root after block height-1)
 *  56  entries:  u16 length L, then L transaction bytes ({@link TxDescriptor}), repeated
 * </pre>
 *
 * A malformed entry (bad transaction inside a good frame) gets a rejection receipt; an entry whose
 * length prefix runs past the end of the block is one malformed transaction made of the remaining
 * bytes, and ends the block. Constants only; any thread.
 */
public final class BlockDescriptor {
    public static final int VERSION_1 = 1;
    public static final int VERSION_OFFSET = 0;
    public static final int TX_COUNT_OFFSET = 4;
    public static final int HEIGHT_OFFSET = 8;
    public static final int TIMESTAMP_OFFSET = 16;
    public static final int PARENT_ROOT_OFFSET = 24;
    public static final int ROOT_LENGTH = 32;
    /** Header length; the first entry starts here. */
    public static final int HEADER_LENGTH = 56;
    /** Bytes of an entry's length prefix. */
    public static final int ENTRY_PREFIX = 2;

    private BlockDescriptor() {
    }
}
