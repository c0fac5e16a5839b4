package io.multilane.exec.workload;

/**
 * Amount constants shared by the synthetic workloads, as u64 words. Constants only; any thread.
 */
final class Amounts {
    /** 10^18, one whole unit of an 18-decimal token. */
    static final long E18 = 1_000_000_000_000_000_000L;
    /** High word of 10^30. */
    static final long E30_HI = 54_210_108_624L;
    /** Low word of 10^30. */
    static final long E30_LO = 5_076_944_270_305_263_616L;

    private Amounts() {
    }
}
