package io.multilane.state;

/**
 * A write would add a record beyond the store's configured number of entries; the store is unchanged.
 *
 * <p>Thrown to the writer thread by {@link StateStore#write}; the message names the configured size.
 */
public final class StateFullException extends StateException {
    private static final long serialVersionUID = 1L;

    private final long configuredEntries;

    public StateFullException(final long configuredEntries) {
        super("state store full: it is configured for " + configuredEntries
            + " entries (StateConfig.entries); reopen it with a larger StateConfig.entries (up to 4 times what it was"
            + " created for; beyond that import a snapshot into a new directory). The open block is not at fault:"
            + " roll it back and execute it again after the reopen");
        this.configuredEntries = configuredEntries;
    }

    public long configuredEntries() {
        return configuredEntries;
    }
}
