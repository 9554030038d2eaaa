package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.kafka.EmbeddedKafkaBroker;
import dev.kafkatorio.protocol.Topics;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-pipe (the real CLI, child JVM) ships through a SASL_SSL listener with SCRAM-SHA-512, every
 * client setting from the {@code --producer-config} file; a sentinel password appears in no output:
 * stdout, stderr (the logs), {@code --help}, error messages and the metrics.
 */
class SaslSslITCase {

    static final String SENTINEL = "S3ntinel-pw-7f3a9c";
    static final String STORE_PASSWORD = "store-pw-4e1b";

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void shouldShipThroughSaslSslWithScramAndNeverPrintThePassword() throws Exception {
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD,
                "-file", dir.resolve("broker.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "broker-ca", "-file", dir.resolve("broker.crt").toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", STORE_PASSWORD);

        int plainPort = freePort();
        int controllerPort = freePort();
        int saslPort = freePort();
        Map<String, String> o = new HashMap<>();
        o.put("listeners", "PLAINTEXT://127.0.0.1:" + plainPort + ",CONTROLLER://127.0.0.1:" + controllerPort
                + ",SASL_SSL://127.0.0.1:" + saslPort);
        o.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + plainPort + ",SASL_SSL://127.0.0.1:" + saslPort);
        o.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        o.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
        o.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        o.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512");
        o.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        o.put("listener.name.sasl_ssl.ssl.keystore.location", keystore.toString());
        o.put("listener.name.sasl_ssl.ssl.keystore.password", STORE_PASSWORD);
        o.put("listener.name.sasl_ssl.ssl.key.password", STORE_PASSWORD);
        o.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"), true, plainPort, o)) {
            String topic = Topics.prefixed("sasl.", Topics.PACKETS);
            kafka.createTopic(topic, 1, false);
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("pipe",
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), SENTINEL))).all().get(30, TimeUnit.SECONDS);
            }
            Path clientConfig = dir.resolve("client.properties");
            Files.writeString(clientConfig, String.join("\n",
                    "security.protocol=SASL_SSL",
                    "sasl.mechanism=SCRAM-SHA-512",
                    "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"pipe\" password=\""
                            + SENTINEL + "\";",
                    "ssl.truststore.location=" + truststore,
                    "ssl.truststore.password=" + STORE_PASSWORD,
                    "ssl.truststore.type=PKCS12", ""));

            int metricsPort = freePort();
            List<String> cmd = new ArrayList<>(DrillSupport.kafkaPipeCommand());
            cmd.addAll(List.of("--bootstrap-servers", "127.0.0.1:" + saslPort, "--server-id", "secure", "--topic-prefix", "sasl.",
                    "--producer-config", clientConfig.toString(), "--metrics-port", String.valueOf(metricsPort)));
            Process pipe = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile())
                    .redirectError(dir.resolve("err").toFile()).start();
            try (OutputStream stdin = pipe.getOutputStream()) {
                stdin.write(("hello\n" + PacketFramerTest.heartbeat(1) + "\n" + PacketFramerTest.heartbeat(2) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                DrillSupport.Readback back = DrillSupport.readUnique(kafka, topic, 2, Duration.ofSeconds(60));
                assertThat(back.uniqueKeys()).as(DrillSupport.read(dir.resolve("err"))).hasSize(2);
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("kafkapipe_packets_sent_total 2.0").doesNotContain(SENTINEL);
            }
            assertThat(pipe.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(pipe.exitValue()).isZero();
            assertThat(DrillSupport.read(dir.resolve("out"))).isEqualTo("hello\n");
            String err = DrillSupport.read(dir.resolve("err"));
            assertThat(err).contains("Loaded 6 producer settings").doesNotContain(SENTINEL).doesNotContain(STORE_PASSWORD);

            // a broken setting: the error message names the problem, never the secret
            Path broken = dir.resolve("broken.properties");
            Files.writeString(broken, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                    + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required password=" + SENTINEL + " oops\n");
            List<String> bad = new ArrayList<>(DrillSupport.kafkaPipeCommand());
            bad.addAll(List.of("--bootstrap-servers", "127.0.0.1:" + saslPort, "--server-id", "secure",
                    "--producer-config", broken.toString()));
            Process failing = new ProcessBuilder(bad).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(dir.resolve("out2").toFile()).redirectError(dir.resolve("err2").toFile()).start();
            assertThat(failing.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err2 = DrillSupport.read(dir.resolve("err2"));
            assertThat(failing.exitValue()).as(err2).isNotZero();
            assertThat(err2 + DrillSupport.read(dir.resolve("out2"))).doesNotContain(SENTINEL);

            Process help = new ProcessBuilder(concat(DrillSupport.kafkaPipeCommand(), "--help")).redirectErrorStream(true).start();
            String helpText = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(help.waitFor()).isZero();
            assertThat(helpText).contains("--producer-config").contains("--spool-dir").doesNotContain(SENTINEL);
        }
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(List.of(b));
        return l;
    }

    private void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("keytool " + String.join(" ", args) + ": " + out).isZero();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
