/**
 * The state root: an order-independent lattice hash (LtHash) of every record, updated per write. Scheme and
 * parameters in docs/state-root.md.
 */
package io.multilane.state.root;
