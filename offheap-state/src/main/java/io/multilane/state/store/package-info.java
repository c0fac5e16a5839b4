/**
 * The store implementation: the seqlocked off-heap fast tier, the Chronicle Map store of record, the redo journal,
 * write-behind, recovery and snapshot files. Applications use {@link io.multilane.state.StateStores}.
 */
package io.multilane.state.store;
