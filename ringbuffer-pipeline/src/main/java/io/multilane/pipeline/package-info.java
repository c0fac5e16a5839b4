/**
 * The parallel engine: Disruptor ring, lane and commit handlers, block seal, and the Engine API.
 */
package io.multilane.pipeline;
