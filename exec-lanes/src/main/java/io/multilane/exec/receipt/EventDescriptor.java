package io.multilane.exec.receipt;

/**
 * Layout of one event, a fixed 64-byte little-endian record in a receipt.
 *
 * <pre>
 *   0  u16   program id
 *   2  u16   event type (per program, see docs/programs.md)
 *   4  u32   zero
 *   8  u64   a    (ids: token, pool, account ... per event type)
 *  16  u64   b
 *  24  u64   c
 *  32  u128  amount0 (lo, hi)
 *  48  u128  amount1 (lo, hi)
 * </pre>
 *
 * Constants only; any thread.
 */
public final class EventDescriptor {
    public static final int PROGRAM_OFFSET = 0;
    public static final int TYPE_OFFSET = 2;
    public static final int A_OFFSET = 8;
    public static final int B_OFFSET = 16;
    public static final int C_OFFSET = 24;
    public static final int AMOUNT0_OFFSET = 32;
    public static final int AMOUNT1_OFFSET = 48;
    public static final int LENGTH = 64;
    /** Most events one transaction may emit; more fail it with {@code TOO_MANY_EVENTS}. */
    public static final int MAX_EVENTS_PER_TX = 16;

    private EventDescriptor() {
    }
}
