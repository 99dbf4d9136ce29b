/**
 * {@code ./quicksilver bench}: the scaling study over a pluggable workload, the C floor in the same run, and the
 * report (table, CSV, histograms, PNG plots, JFR recording) it leaves in target/quicksilver-report.
 */
package io.quicksilver.benchmarks.harness;
