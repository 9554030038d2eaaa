package dev.kafkatorio.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stack as a user runs it: {@code java -jar kafkatorio-local.jar} in a child process with a
 * real server's console on its stdin ({@code --console -}); its stderr goes to a log file, its stdout
 * (the console passthrough) is kept.
 */
public final class StackProcess implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("Open the map: (http://\\S+/)");

    public final Process process;
    public final Path log;
    private final OutputStream stdin;
    private final CompletableFuture<URI> mapUri = new CompletableFuture<>();
    private final CompletableFuture<List<String>> stdout;
    private long seq;

    private StackProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stdin = process.getOutputStream();
        this.stdout = CompletableFuture.supplyAsync(() -> readLines(process));
        Thread watch = new Thread(this::watchLog, "stack-log-watch");
        watch.setDaemon(true);
        watch.start();
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("kafkatorio.local.jar", "target/kafkatorio-local.jar"));
        assertThat(jar).as("the stack jar (mvn package)").exists();
        return jar;
    }

    /** Starts {@code java -jar kafkatorio-local.jar --console - --server-id <server> --data-dir <dataDir> <extra>}. */
    public static StackProcess start(Path dataDir, String server, Path log, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx768m", "-XX:+ExitOnOutOfMemoryError",
                "-jar", jar().toString(), "--port", "0", "--data-dir", dataDir.toString(), "--console", "-",
                "--server-id", server));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        return new StackProcess(p, log);
    }

    /** The map's URL once the stack printed it (it waits up to {@code seconds}). */
    public URI awaitStarted(int seconds) throws Exception {
        try {
            return mapUri.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the stack did not start within " + seconds + " s; its log:\n" + tail(), e);
        }
    }

    private void watchLog() {
        try {
            while (!mapUri.isDone()) {
                if (Files.exists(log)) {
                    Matcher m = URL.matcher(Files.readString(log, StandardCharsets.UTF_8));
                    if (m.find()) {
                        mapUri.complete(URI.create(m.group(1)));
                        return;
                    }
                }
                if (!process.isAlive()) {
                    mapUri.completeExceptionally(new AssertionError("the stack exited with " + process.exitValue()
                            + " before it started; its log:\n" + tail()));
                    return;
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            mapUri.completeExceptionally(e);
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public void writeLine(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    public void writePacket(String type, long tick, String data) throws IOException {
        seq++;
        writeLine("KFKTR:{\"v\":1,\"type\":\"" + type + "\",\"tick\":" + tick + ",\"seq\":" + seq + ",\"data\":" + data + "}");
    }

    /** Sends a signal ({@code INT}, {@code TERM}, {@code KILL}) and waits for the exit; returns the seconds taken. */
    public double signal(String signal, int timeoutSeconds) throws Exception {
        long t0 = System.nanoTime();
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        boolean exited = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        assertThat(exited).as("the stack exits within %d s of SIG%s; its log:%n%s", timeoutSeconds, signal, tail()).isTrue();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Ordinary lines the stack passed through to its stdout (after it exited). */
    List<String> stdout() throws Exception {
        return stdout.get(30, TimeUnit.SECONDS);
    }

    private static List<String> readLines(Process p) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                lines.add(l);
            }
        } catch (IOException e) {
            lines.add("(stdout read failed: " + e + ")");
        }
        return lines;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
