package io.multilane.exec.program.wasm;

/**
 * A module broke a deploy rule ({@link ModuleRewriter}). Carries the failure reason the receipt gets;
 * thrown only on the deploy and cache-miss paths (never per call). Any thread.
 */
public final class ModuleRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int reason;

    /**
     * @param reason receipt reason ({@link WasmReasons})
     * @param detail what was wrong, for logs and tests
     */
    public ModuleRejectedException(final int reason, final String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    /** @return the receipt reason */
    public int reason() {
        return reason;
    }
}
