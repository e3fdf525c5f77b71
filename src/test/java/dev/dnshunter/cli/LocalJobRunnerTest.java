package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.configuration.BatchExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalJobRunnerTest {
    /**
     * A keyed state backend that checks key groups (hashmap, rocksdb, and the bootstrap's savepoint writer) needs the
     * even key-group split of fixed parallelism; the adaptive scheduler's split by data volume broke it on skewed data
     * (bench --state-backend hashmap on the writer's data of commit e30c3bb, 2 M events).
     */
    @ParameterizedTest
    @CsvSource({"batch, false, true", "hashmap, false, false", "rocksdb, false, false", "batch, true, false"})
    void onlyFlinksBatchStateBackendKeepsAdaptiveParallelism(String backend, boolean bootstrap, boolean adaptive) {
        StreamExecutionEnvironment env = LocalJobRunner.batchEnvironment(2, backend, bootstrap);
        assertEquals(adaptive, env.getConfiguration().get(BatchExecutionOptions.ADAPTIVE_AUTO_PARALLELISM_ENABLED));
    }
}
