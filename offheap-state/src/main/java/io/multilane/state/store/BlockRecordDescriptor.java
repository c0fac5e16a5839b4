package io.multilane.state.store;

/**
 * Layout of one sealed block as written to the redo journal and handed to write-behind: a header, the block's
 * final writes, the root after the block and a CRC32C. Little-endian; documented in docs/state-layout.md.
 *
 * <pre>
 *  header  0 u32 magic "MLJ1"   4 u32 entry count   8 u64 height   16 u64 payload bytes   24 u64 zero
 *  entry   0 key (32)   32 u32 value length (0 = delete)   36 u32 zero   40 value (length bytes)
 *  trailer 0 root (32)  32 u32 CRC32C of header, payload and root   36 u32 magic "MLJ$"
 * </pre>
 *
 * <p>Constants only; any thread may use them.
 */
public final class BlockRecordDescriptor {
    public static final int MAGIC = 0x314A4C4D;
    public static final int END_MAGIC = 0x244A4C4D;
    public static final int HEADER_LENGTH = 32;
    public static final int COUNT_OFFSET = 4;
    public static final int HEIGHT_OFFSET = 8;
    public static final int PAYLOAD_LENGTH_OFFSET = 16;
    public static final int ENTRY_HEADER_LENGTH = 40;
    public static final int ENTRY_LENGTH_OFFSET = 32;
    public static final int TRAILER_LENGTH = 40;
    public static final int TRAILER_CRC_OFFSET = 32;
    public static final int TRAILER_END_OFFSET = 36;

    private BlockRecordDescriptor() {
    }
}
