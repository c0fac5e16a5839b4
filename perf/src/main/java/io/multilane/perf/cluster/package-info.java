/** The {@code cluster} command: a local Aeron cluster of engines driven by a workload, with crash faults. */
package io.multilane.perf.cluster;
