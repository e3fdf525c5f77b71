/**
 * Flink plumbing shared by the rules and the pipeline that composes them: the side-output tags, the event-time floor
 * that judges and diverts late records, and the counters of a local run's progress line. It sits below both, so that
 * a rule never imports the pipeline.
 */
package dev.dnshunter.operators;
