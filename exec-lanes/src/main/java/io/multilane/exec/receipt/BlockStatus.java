package io.multilane.exec.receipt;

/**
 * Outcome of handing a whole block to an executor (the serial executor or the engine; the block-level
 * counterpart of {@link TxStatus}, beside it). Anything but {@link #SEALED} means the block
 * was refused before any transaction ran and the store is unchanged. Constants only; any thread.
 */
public final class BlockStatus {
    /** Executed and sealed; receipts and root are filled. */
    public static final int SEALED = 0;
    /** Header missing, truncated or of an unknown version. */
    public static final int BAD_HEADER = 1;
    /** Height is not the store's sealed height + 1. */
    public static final int WRONG_HEIGHT = 2;
    /** The header's parent state root differs from the store's root. */
    public static final int PARENT_ROOT_MISMATCH = 3;

    private BlockStatus() {
    }

    /**
     * @param status a status
     * @return its lower-case name
     */
    public static String name(final int status) {
        switch (status) {
            case SEALED: return "sealed";
            case BAD_HEADER: return "bad_header";
            case WRONG_HEIGHT: return "wrong_height";
            case PARENT_ROOT_MISMATCH: return "parent_root_mismatch";
            default: return "block-status-" + status;
        }
    }
}
