package io.multilane.cluster;

/**
 * What a member does when its service cannot go on (divergence, an engine or store failure): the node launcher
 * reports the error and halts the process, since a member that cannot apply the log must not take part in
 * consensus. Called on the service thread.
 */
@FunctionalInterface
public interface FatalHandler {
    /** @param error why the member stops */
    void onFatal(Throwable error);
}
