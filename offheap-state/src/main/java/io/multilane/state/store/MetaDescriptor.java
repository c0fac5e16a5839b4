package io.multilane.state.store;

/**
 * Layout of the metadata record kept under the all-zero key of the Chronicle map: identifies the file as a
 * multilane state store of a given layout version and records the height and root of the last block applied.
 *
 * <p>Constants only; any thread may use them. Little-endian, documented in docs/state-layout.md.
 */
public final class MetaDescriptor {
    /** "MLSTATE1" as a little-endian u64. */
    public static final long MAGIC = 0x3145544154534C4DL;
    /** Layout version of keys, records, journal and root this build reads and writes. */
    public static final long LAYOUT_VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    /** Height of the last block whose writes are all in the map. */
    public static final int APPLIED_HEIGHT_OFFSET = 16;
    /** The entries the store was created for (StateConfig.entries). */
    public static final int ENTRIES_OFFSET = 24;
    /** The 32-byte state root at the applied height. */
    public static final int ROOT_OFFSET = 32;
    public static final int LENGTH = 64;

    private MetaDescriptor() {
    }
}
