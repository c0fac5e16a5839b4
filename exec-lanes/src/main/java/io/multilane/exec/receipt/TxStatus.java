package io.multilane.exec.receipt;

/**
 * Receipt status byte values. Constants only; any thread.
 */
public final class TxStatus {
    /** Executed; all effects applied. */
    public static final int SUCCESS = 0;
    /** Failed: fee charged and nonce bumped, nothing else changed. */
    public static final int FAILED = 1;
    /** Rejected (malformed, unknown program, bad signature, unpayable fee): nothing changed. */
    public static final int REJECTED = 2;

    private TxStatus() {
    }

    /**
     * A lower-case name for reports.
     *
     * @param status a status value
     * @return its name
     */
    public static String name(final int status) {
        switch (status) {
            case SUCCESS: return "success";
            case FAILED: return "failed";
            case REJECTED: return "rejected";
            default: return "status-" + status;
        }
    }
}
