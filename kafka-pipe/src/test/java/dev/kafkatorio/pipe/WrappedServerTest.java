package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class WrappedServerTest {

    final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    @Test
    void shouldForwardStdinInjectTheResyncCommandPassLinesThroughAndReturnTheExitCode() throws Exception {
        String script = "echo 'KFKTR:{\"seq\":1}'; read a; echo \"got $a\"; read b; echo \"got $b\"; exit 3";
        InputStream stdin = new ByteArrayInputStream("hello server\n".getBytes(StandardCharsets.UTF_8));
        WrappedServer server = WrappedServer.start(List.of("sh", "-c", script), stdin);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (KafkaPipe pipe = KafkaPipe.start(PipeConfigTest.valid().build(), producer, () -> 1L)) {
            Thread.sleep(200); // the typed line first
            server.injectLine(WrappedServer.RESYNC_COMMAND);
            pipe.pump(server.stdout(), out);
        }
        assertThat(server.waitFor()).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("got hello server\ngot /kafkatorio-resync\n");
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void shouldStopTheServerWithSigtermSoThatItCanSave() throws Exception {
        String script = "trap 'echo saving; exit 0' TERM; echo started; while true; do sleep 0.1; done";
        WrappedServer server = WrappedServer.start(List.of("sh", "-c", script), InputStream.nullInputStream());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try (KafkaPipe pipe = KafkaPipe.start(PipeConfigTest.valid().build(), producer, () -> 1L)) {
                pipe.pump(server.stdout(), out);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        pump.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(StandardCharsets.UTF_8).equals("started\n"));
        server.stop(Duration.ofSeconds(10));
        pump.join(10_000);
        assertThat(server.waitFor()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("started\nsaving\n");
    }

    @Test
    void shouldExplainACommandThatCannotStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> WrappedServer.start(List.of("/nonexistent/factorio"), InputStream.nullInputStream()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pass an executable after --");
    }
}
