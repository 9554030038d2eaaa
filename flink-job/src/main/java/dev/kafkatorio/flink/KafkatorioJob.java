package dev.kafkatorio.flink;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the submitted jar: options → {@link JobConfig} → {@link KafkatorioPipeline}. */
@Command(
        name = "kafkatorio-job",
        mixinStandardHelpOptions = true,
        description = "Turns raw Factorio console packets into player, server-status, surface, map tile and dead-letter topics.")
public final class KafkatorioJob implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(KafkatorioJob.class);

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,...]")
    String bootstrapServers;

    @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix of every topic name (default: none)")
    String topicPrefix;

    @Option(names = "--group-id", defaultValue = JobConfig.DEFAULT_GROUP_ID, description = "Consumer group (default: ${DEFAULT-VALUE})")
    String groupId;

    @Option(names = "--kafka-config", description = "Properties file of extra Kafka client settings (security etc.)")
    Path kafkaConfig;

    @Option(
            names = "--starting-offsets",
            defaultValue = "COMMITTED_OR_EARLIEST",
            description = "Without restored state start at: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    JobConfig.StartingOffsets startingOffsets;

    @Option(names = "--parallelism", defaultValue = "0", description = "Operator parallelism, 0 = cluster default")
    int parallelism;

    @Option(names = "--source-parallelism", defaultValue = "0", description = "Kafka source parallelism, 0 = --parallelism")
    int sourceParallelism;

    @Option(names = "--transactional-id-prefix", defaultValue = JobConfig.DEFAULT_TRANSACTIONAL_ID_PREFIX,
            description = "Prefix of the exactly-once sinks' transactional ids, unique per job (default: ${DEFAULT-VALUE})")
    String transactionalIdPrefix;

    @Option(names = "--transaction-timeout-ms", defaultValue = "900000",
            description = "transaction.timeout.ms of the exactly-once sinks, <= the broker's maximum (default: ${DEFAULT-VALUE})")
    long transactionTimeoutMs;

    @Option(names = "--pass-through", description = "Run the pass-through baseline instead: copy the packets topic unchanged")
    boolean passThrough;

    @Option(names = "--pass-through-topic", defaultValue = JobConfig.DEFAULT_PASS_THROUGH_TOPIC,
            description = "Output topic of --pass-through, before the prefix (default: ${DEFAULT-VALUE})")
    String passThroughTopic;

    /** Runs the job; exits non-zero on bad options or a failed submission. */
    public static void main(String[] args) {
        int code = new CommandLine(new KafkatorioJob()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The config these options describe (validated). */
    JobConfig toConfig() {
        JobConfig.Builder builder =
                JobConfig.builder()
                        .bootstrapServers(bootstrapServers)
                        .topicPrefix(topicPrefix)
                        .groupId(groupId)
                        .startingOffsets(startingOffsets)
                        .parallelism(parallelism)
                        .sourceParallelism(sourceParallelism)
                        .transactionalIdPrefix(transactionalIdPrefix)
                        .transactionTimeout(java.time.Duration.ofMillis(transactionTimeoutMs))
                        .passThroughTopic(passThroughTopic);
        if (kafkaConfig != null) {
            builder.kafkaProperties(JobConfig.loadProperties(kafkaConfig));
        }
        return builder.build();
    }

    @Override
    public Integer call() throws Exception {
        JobConfig config;
        try {
            config = toConfig();
        } catch (IllegalArgumentException e) {
            System.err.println("kafkatorio-job: " + e.getMessage());
            return 2;
        }
        LOG.info("Starting Kafkatorio job with {}", config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (passThrough) {
            KafkatorioPipeline.buildPassThrough(env, config);
            env.execute("kafkatorio-pass-through");
        } else {
            KafkatorioPipeline.build(env, config);
            env.execute("kafkatorio");
        }
        return 0;
    }
}
